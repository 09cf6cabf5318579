"""A document's editable content as a plain dict: snapshot, validate, apply."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.errors import FieldError
from workflow.messages import field_labels
from workflow.models import (
    Plan,
    PlanSection,
    PlanSectionItem,
    Proposal,
    ScheduleEntry,
    ScheduleItem,
    User,
)

MAX_TEXT = 20000
MAX_TITLE = 200
MAX_LABEL = 100


def plan_content(plan: Plan) -> dict[str, Any]:
    """The plan's content as plain data (what a revision freezes)."""
    return {
        "title": plan.title, "year": plan.year, "organisation": plan.organisation,
        "principles": plan.principles,
        "sections": [
            {"number": s.number, "title": s.title, "items": [i.text for i in s.items]}
            for s in plan.sections
        ],
        "schedule": [
            {"label": e.label, "months": list(e.months or []), "items": [
                {"text": i.text, "owner": i.owner.username if i.owner else None}
                for i in e.items]}
            for e in plan.schedule
        ],
    }


def proposal_content(proposal: Proposal) -> dict[str, Any]:
    """The proposal's content as plain data."""
    return {"title": proposal.title, "reason": proposal.reason, "measures": proposal.measures}


def content_of(doc: Any) -> dict[str, Any]:
    """Content of a plan or a proposal."""
    return plan_content(doc) if doc.kind == "plan" else proposal_content(doc)


def _text(raw: Any, field: str, limit: int = MAX_TEXT, required: bool = False) -> str:
    """A stripped string within `limit` characters."""
    value = "" if raw is None else str(raw).replace("\r\n", "\n").strip()
    if required and not value:
        raise FieldError("field_required", field=field_labels(field))
    if len(value) > limit:
        raise FieldError("too_long", field=field_labels(field), max=limit)
    return value


def _months(raw: Any) -> list[int]:
    """Calendar months 1–12, order kept, duplicates dropped."""
    out: list[int] = []
    for value in raw or []:
        try:
            month = int(value)
        except (TypeError, ValueError):
            raise FieldError("field_invalid", field="months", value=value) from None
        if not 1 <= month <= 12:
            raise FieldError("field_invalid", field="months", value=value)
        if month not in out:
            out.append(month)
    return out


def _year(raw: Any) -> int:
    """A plausible plan year."""
    try:
        year = int(raw)
    except (TypeError, ValueError):
        raise FieldError("field_invalid", field="year", value=raw) from None
    if not 2000 <= year <= 2100:
        raise FieldError("field_invalid", field="year", value=raw)
    return year


def _owners(session: Session, schedule: list[dict]) -> dict[str, User]:
    """Users named as owners in the schedule, by username."""
    names = {str(i.get("owner")) for e in schedule for i in e.get("items", [])
             if isinstance(i, dict) and i.get("owner")}
    if not names:
        return {}
    found = {u.username: u for u in session.scalars(select(User).where(User.username.in_(names)))}
    missing = sorted(names - set(found))
    if missing:
        raise FieldError("field_invalid", field="owner", value=missing[0])
    return found


def _item(raw: Any) -> dict[str, Any]:
    """A schedule item given as text or as {text, owner}."""
    return raw if isinstance(raw, dict) else {"text": raw}


def apply_plan_content(session: Session, plan: Plan, content: dict[str, Any]) -> None:
    """Validate `content` and replace the plan's content with it (all or nothing).

    Keys missing from `content` keep their current value.
    """
    title = _text(content.get("title", plan.title), "title", MAX_TITLE, required=True)
    year = _year(content.get("year", plan.year))
    organisation = _text(content.get("organisation", plan.organisation), "organisation", 200)
    principles = _text(content.get("principles", plan.principles), "principles")
    sections = []
    for pos, raw in enumerate(content.get("sections") or []):
        items = [_text(t, "items") for t in raw.get("items") or []]
        sec = PlanSection(position=pos, number=_text(raw.get("number"), "number", 20),
                          title=_text(raw.get("title"), "title", MAX_TEXT))
        kept = [x for x in items if x]
        sec.items = [PlanSectionItem(position=i, text=t) for i, t in enumerate(kept)]
        if sec.title or sec.items:
            sections.append(sec)
    schedule_raw = content.get("schedule") or []
    owners = _owners(session, schedule_raw)
    schedule = []
    for pos, raw in enumerate(schedule_raw):
        entry = ScheduleEntry(position=pos, label=_text(raw.get("label"), "label", MAX_LABEL),
                              months=_months(raw.get("months")))
        items = [_item(i) for i in raw.get("items") or []]
        entry.items = [
            ScheduleItem(position=i, text=_text(it.get("text"), "items"),
                         owner=owners.get(str(it.get("owner"))) if it.get("owner") else None)
            for i, it in enumerate(x for x in items if str(x.get("text") or "").strip())
        ]
        if not entry.label and not entry.items:
            continue
        if not entry.label:
            raise FieldError("field_required", field=field_labels("label"))
        schedule.append(entry)
    plan.title, plan.year = title, year
    plan.organisation, plan.principles = organisation, principles
    # A key left out keeps what the plan has (like the scalar fields above); an edit that
    # gives only the schedule must not wipe the sections.
    if "sections" in content:
        plan.sections = sections
    if "schedule" in content:
        plan.schedule = schedule


def apply_proposal_content(proposal: Proposal, content: dict[str, Any]) -> bool:
    """Validate and set title/reason/measures; True when the text changed."""
    title = _text(content.get("title", proposal.title), "title", MAX_TITLE, required=True)
    reason = _text(content.get("reason", proposal.reason), "reason")
    measures = _text(content.get("measures", proposal.measures), "measures")
    changed = (title, reason, measures) != (proposal.title, proposal.reason, proposal.measures)
    proposal.title, proposal.reason, proposal.measures = title, reason, measures
    return changed
