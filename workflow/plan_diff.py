"""Differences between a plan's content and its last submitted revision."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.content import plan_content
from workflow.definitions import get
from workflow.models import Plan, Revision


@dataclass
class DiffLine:
    """One item of a compared block: `op` is same, added, removed or changed."""

    op: str
    old: str = ""
    new: str = ""


@dataclass
class DiffBlock:
    """A heading field, section or schedule entry compared with its earlier version."""

    kind: str  # field | section | entry
    name: str
    op: str  # same | added | removed | changed
    old_title: str = ""
    new_title: str = ""
    lines: list[DiffLine] = field(default_factory=list)


@dataclass
class PlanDiff:
    """Differences between two plan contents."""

    base_number: int
    blocks: list[DiffBlock]

    @property
    def changed(self) -> bool:
        """True when anything differs."""
        return any(b.op != "same" for b in self.blocks)


def _item_text(item: Any) -> str:
    """A schedule item as one comparable line (text and owner)."""
    if isinstance(item, dict):
        owner = item.get("owner")
        return f"{item.get('text', '')}" + (f"（{owner}）" if owner else "")
    return str(item)


def _diff_lines(old: list[str], new: list[str]) -> list[DiffLine]:
    """Item-by-item comparison keeping the written order."""
    out: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [DiffLine("same", t, t) for t in old[i1:i2]]
        elif op == "delete":
            out += [DiffLine("removed", old=t) for t in old[i1:i2]]
        elif op == "insert":
            out += [DiffLine("added", new=t) for t in new[j1:j2]]
        else:
            pairs = min(i2 - i1, j2 - j1)
            out += [DiffLine("changed", old[i1 + k], new[j1 + k]) for k in range(pairs)]
            out += [DiffLine("removed", old=t) for t in old[i1 + pairs:i2]]
            out += [DiffLine("added", new=t) for t in new[j1 + pairs:j2]]
    return out


def _block(kind: str, name: str, old: dict | None, new: dict | None, title_key: str,
           items: Any) -> DiffBlock:
    """Compare one section or schedule entry."""
    old_items = [items(i) for i in (old or {}).get("items", [])]
    new_items = [items(i) for i in (new or {}).get("items", [])]
    old_title = str((old or {}).get(title_key, ""))
    new_title = str((new or {}).get(title_key, ""))
    lines = _diff_lines(old_items, new_items)
    if old is None:
        op = "added"
    elif new is None:
        op = "removed"
    elif old_title != new_title or any(x.op != "same" for x in lines) or (
            old.get("months") != new.get("months")):
        op = "changed"
    else:
        op = "same"
    return DiffBlock(kind, name, op, old_title, new_title, lines)


def _pair_blocks(old: list[dict], new: list[dict], key: Any) -> list[tuple[dict | None,
                                                                            dict | None]]:
    """Match blocks by key (number or label), in the new order; removed ones where they were."""
    old_keys = [key(b) for b in old]
    new_keys = [key(b) for b in new]
    pairs: list[tuple[dict | None, dict | None]] = []
    matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            pairs += [(old[i1 + k], new[j1 + k]) for k in range(i2 - i1)]
        else:
            pairs += [(b, None) for b in old[i1:i2]]
            pairs += [(None, b) for b in new[j1:j2]]
    return pairs


def diff_content(old: dict[str, Any], new: dict[str, Any], base_number: int = 0) -> PlanDiff:
    """Differences from an earlier content to a later one, block by block."""
    blocks: list[DiffBlock] = []
    for name in ("title", "year", "organisation", "principles"):
        a, b = str(old.get(name) or ""), str(new.get(name) or "")
        blocks.append(DiffBlock("field", name, "same" if a == b else "changed", a, b))
    for a, b in _pair_blocks(old.get("sections") or [], new.get("sections") or [],
                             lambda s: s.get("number") or s.get("title")):
        number = (b or a or {}).get("number", "")
        blocks.append(_block("section", number, a, b, "title", str))
    for a, b in _pair_blocks(old.get("schedule") or [], new.get("schedule") or [],
                             lambda e: e.get("label")):
        label = (b or a or {}).get("label", "")
        blocks.append(_block("entry", label, a, b, "label", _item_text))
    return PlanDiff(base_number, blocks)


def revisions(session: Session, plan: Plan) -> list[Revision]:
    """The plan's frozen revisions, oldest first."""
    return list(session.scalars(select(Revision).where(
        Revision.kind == "plan", Revision.doc_id == plan.id).order_by(Revision.number)))


def review_diff(session: Session, plan: Plan) -> PlanDiff | None:
    """Changes since the last submitted revision (a draft) or since the one before (in review).

    None when there is nothing earlier to compare with.
    """
    revs = revisions(session, plan)
    editable = get("plan").states[plan.state].editable_by != "nobody"
    base = revs[-1] if editable and revs else (revs[-2] if len(revs) >= 2 else None)
    if base is None:
        return None
    return diff_content(base.content, plan_content(plan), base.number)


