"""Plans beyond single actions: list queries, revisions, returns, copies.

Flask-free; every function takes the database session (when it needs one) as an argument.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.content import plan_content
from workflow.models import AuditEntry, Plan, User
from workflow.plan_import import PlanImportError, parse_plan_text
from workflow.policy import visible_plans_clause as visible_clause

RETURNS = ("committee_return", "party_return")
TRACKED_STATES = ("published", "closed")


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


# --------------------------------------------------------------------------- revisions

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


