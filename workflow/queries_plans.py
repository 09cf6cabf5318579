"""Plans beyond single actions: list queries, revision diffs, tracking progress, copies.

Flask-free; every function takes the database session (when it needs one) as an argument.
"""

from __future__ import annotations

import calendar
import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.content import plan_content
from workflow.definitions import get
from workflow.errors import InvalidAction, NotAllowed, Refused
from workflow.models import AuditEntry, Plan, Revision, ScheduleEntry, ScheduleItem, User
from workflow.plan_import import PlanImportError, parse_plan_text
from workflow.policy import Context, item_owner_or_chair
from workflow.policy import visible_plans_clause as visible_clause

RETURNS = ("committee_return", "party_return")
TRACKED_STATES = ("published", "closed")
OPEN_STATUSES = ("planned", "in_progress")


# --------------------------------------------------------------------------- list

@dataclass(frozen=True)
class PlanFilter:
    """What the plan list is narrowed to (all optional)."""

    year: int | None = None
    state: str | None = None
    authors: tuple[str, ...] = ()


@dataclass
class PlanPage:
    """One page of the plan list."""

    rows: list[Plan]
    total: int
    page: int
    pages: int


def list_plans(session: Session, user: Any, flt: PlanFilter, page: int = 1,
               per_page: int = 20) -> PlanPage:
    """Plans the user may read, newest year first, filtered and paged."""
    query = select(Plan)
    visible = visible_clause(user)
    if visible is not None:
        query = query.where(visible)
    if flt.year is not None:
        query = query.where(Plan.year == flt.year)
    if flt.state:
        query = query.where(Plan.state == flt.state)
    if flt.authors:
        query = query.join(User, Plan.author_id == User.id).where(
            User.username.in_(flt.authors))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    per_page = max(1, per_page)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = list(session.scalars(query.order_by(Plan.year.desc(), Plan.id.desc())
                                .offset((page - 1) * per_page).limit(per_page)))
    return PlanPage(rows, total, page, pages)


def filter_choices(session: Session, user: Any) -> tuple[list[int], list[User]]:
    """Years and authors that occur among the plans the user may read."""
    visible = visible_clause(user)
    years_q = select(Plan.year).distinct().order_by(Plan.year.desc())
    authors_q = select(User).join(Plan, Plan.author_id == User.id).distinct() \
        .order_by(User.username)
    if visible is not None:
        years_q, authors_q = years_q.where(visible), authors_q.where(visible)
    return list(session.scalars(years_q)), list(session.scalars(authors_q))


def users_for_owner(session: Session) -> list[User]:
    """Active users who can own schedule items, by name."""
    return list(session.scalars(select(User).where(User.active.is_(True))
                                .order_by(User.username)))


# --------------------------------------------------------------------------- months

_MONTH_TEXT_RE = re.compile(r"[0-9０-９]+")


def parse_months(text: str) -> list[int] | None:
    """Months typed as "3,4" / "3、4" / "12 1" (order kept); "3-5" is a range; None if bad."""
    text = (text or "").strip()
    if not text:
        return []
    norm = text.translate(str.maketrans("０１２３４５６７８９－～至到", "0123456789----"))
    months: list[int] = []
    for part in re.split(r"[,，、;；/\s]+", norm):
        if not part:
            continue
        bounds = part.split("-")
        if len(bounds) > 2 or not all(b.isdigit() for b in bounds):
            return None
        values = [int(b) for b in bounds]
        if not all(1 <= v <= 12 for v in values):
            return None
        if len(values) == 2:
            start, end = values
            span = [(start - 1 + k) % 12 + 1 for k in range((end - start) % 12 + 1)]
        else:
            span = values
        months.extend(m for m in span if m not in months)
    return months


def months_from_label(label: str) -> list[int] | None:
    """Calendar months of a heading such as 三、四月份 (via the importer); None if not one."""
    try:
        parsed = parse_plan_text(label)
    except PlanImportError:
        return None
    if len(parsed["schedule"]) == 1 and not parsed["sections"] and not parsed["unparsed"]:
        return list(parsed["schedule"][0]["months"]) or None
    return None


# --------------------------------------------------------------------------- revisions, diff

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


def edit_refusal(plan: Plan, user: Any) -> Refused | None:
    """The refusal `engine.edit` would give this user now (state, role, author), or None."""
    from workflow.engine import action_options

    definition = get("plan")
    act = definition.actions.get("edit")
    if act is None or plan.state not in act.sources:
        return InvalidAction(action=act.labels if act else "edit",
                             state=definition.states[plan.state].labels)
    for option in action_options(plan, user):
        if option.action.name == "edit":
            reason = option.reason
            return None if reason is None else NotAllowed(reason.code, **reason.params)
    return NotAllowed(action=act.labels)


@dataclass
class ReturnNote:
    """The comments of the latest return (退回), for the drafter."""

    action: str
    actor: str
    actor_name: str
    at: str
    comment: str


def last_return(session: Session, plan: Plan) -> ReturnNote | None:
    """The latest return with its comment, when the plan is a draft not resubmitted since."""
    if plan.state != "draft":
        return None
    entry = session.scalars(select(AuditEntry).where(
        AuditEntry.kind == "plan", AuditEntry.doc_id == plan.id,
        AuditEntry.action.in_((*RETURNS, "submit"))).order_by(AuditEntry.seq.desc())
        .limit(1)).first()
    if entry is None or entry.action not in RETURNS:
        return None
    name = session.scalar(select(User.display_name).where(User.username == entry.actor))
    return ReturnNote(entry.action, entry.actor, name or entry.actor, entry.at,
                      entry.comment or "")


# --------------------------------------------------------------------------- tracking

@dataclass
class Progress:
    """Done out of the items that still count (cancelled ones do not)."""

    done: int = 0
    total: int = 0
    cancelled: int = 0

    @property
    def counted(self) -> int:
        """Items that count: all but the cancelled."""
        return self.total - self.cancelled

    @property
    def percent(self) -> int:
        """Whole percent done (0 when nothing counts)."""
        return round(100 * self.done / self.counted) if self.counted else 0

    def add(self, status: str) -> None:
        """Count one item."""
        self.total += 1
        self.done += status == "done"
        self.cancelled += status == "cancelled"


@dataclass
class BoardCard:
    """One schedule item on the board."""

    item: ScheduleItem
    overdue: bool
    can_move: bool


@dataclass
class BoardColumn:
    """One schedule entry (a month heading) as a column."""

    entry: ScheduleEntry
    cards: list[BoardCard]
    progress: Progress
    ends: date | None


@dataclass
class Board:
    """The tracking board of a plan."""

    columns: list[BoardColumn]
    progress: Progress
    overdue: int


def entry_end_dates(plan: Plan) -> dict[int, date | None]:
    """Last day of each entry's last month; a schedule that wraps (八月 … 一月) runs on a year."""
    year, previous = plan.year, 0
    ends: dict[int, date | None] = {}
    for entry in plan.schedule:
        last: date | None = None
        for month in entry.months or []:
            if previous >= 9 and month <= 4:
                year += 1
            previous = month
            last = date(year, month, calendar.monthrange(year, month)[1])
        ends[entry.id] = last
    return ends


def is_overdue(item: ScheduleItem, ends: date | None, today: date) -> bool:
    """Every month of the item's entry has passed and it is neither done nor cancelled."""
    return ends is not None and ends < today and item.status in OPEN_STATUSES


def may_move(plan: Plan, user: Any, item: ScheduleItem, today: date | None = None) -> bool:
    """True when the engine lets `user` track `item` now (role, state and owner-or-chair)."""
    from workflow.engine import action_options

    options = [o for o in action_options(plan, user, today) if o.action.name == "track"]
    if not options or not options[0].allowed:
        return False
    return item_owner_or_chair(Context(plan, user, {"item": item},
                                       today or date.today())) is None


def board(plan: Plan, user: Any, today: date | None = None) -> Board:
    """Columns in written order, cards with overdue marks and who may move them, progress."""
    from workflow.engine import action_options

    today = today or date.today()
    ends = entry_end_dates(plan)
    track = [o for o in action_options(plan, user, today) if o.action.name == "track"]
    tracking = bool(track) and track[0].allowed
    year = Progress()
    columns: list[BoardColumn] = []
    overdue = 0
    for entry in plan.schedule:
        prog = Progress()
        cards = []
        for item in entry.items:
            late = is_overdue(item, ends[entry.id], today)
            overdue += late
            move = tracking and item_owner_or_chair(
                Context(plan, user, {"item": item}, today)) is None
            cards.append(BoardCard(item, late, move))
            prog.add(item.status)
            year.add(item.status)
        columns.append(BoardColumn(entry, cards, prog, ends[entry.id]))
    return Board(columns, year, overdue)


def find_item(plan: Plan, item_id: int) -> ScheduleItem | None:
    """The plan's schedule item with this id, or None."""
    return next((i for i in plan.all_items() if i.id == item_id), None)


STATUS_WORDS = {"done": "已完成", "cancelled": "已取消", "in_progress": "进行中",
                "planned": "未开始"}


def summary_draft(plan: Plan) -> str:
    """A plain 年度工作总结 draft: per month heading, what was done, cancelled or left open."""
    lines = [f"{plan.title}执行情况总结", ""]
    year = Progress()
    for entry in plan.schedule:
        lines.append(f"{entry.label}：")
        for item in entry.items:
            year.add(item.status)
            owner = f"（{item.owner.name}）" if item.owner else ""
            note = f"——{item.note}" if item.note else ""
            lines.append(f"  [{STATUS_WORDS.get(item.status, item.status)}] {item.text}"
                         f"{owner}{note}")
        lines.append("")
    lines.append(f"全年共 {year.total} 项，已完成 {year.done} 项，取消 {year.cancelled} 项，"
                 f"完成率 {year.percent}%。")
    return "\n".join(lines)


# --------------------------------------------------------------------------- copies, imports

def _next_year_title(title: str, year: int) -> str:
    """The title with this year's number moved on by one (or the new year put in front)."""
    if str(year) in title:
        return title.replace(str(year), str(year + 1))
    return f"{year + 1}年{title}"


def copy_content(plan: Plan) -> dict[str, Any]:
    """The plan's content as next year's draft: sections, months, items and owners kept."""
    content = plan_content(plan)
    content["title"] = _next_year_title(plan.title, plan.year)[:200]
    content["year"] = plan.year + 1
    return content


