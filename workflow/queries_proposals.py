"""Proposal lists for the web: filters, paging, visibility, "my proposals", 校务公开."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from workflow.definitions import get
from workflow.inbox import answer_due
from workflow.models import (
    Category,
    CongressSession,
    Cosignature,
    Department,
    Plan,
    Proposal,
    User,
)
from workflow.models.proposals import assist_departments
from workflow.policy import can_view
from workflow.policy import visible_proposals_clause as visible_clause
from workflow.workdays import WorkCalendar

PER_PAGE = 20
MERGE_TARGET_STATES = ("committee_review", "party_review", "handling", "answered",
                       "implementing", "closed")


def public_states(kind: str) -> tuple[str, ...]:
    """States of `kind` that the definition marks public (校务公开)."""
    return tuple(s.name for s in get(kind).states.values() if s.public)


# --- visibility -------------------------------------------------------------------------

# --- list with filters and paging -------------------------------------------------------

@dataclass
class ProposalFilter:
    """The list filters as given in the URL (None = not filtered)."""

    session_id: int | None = None
    state: str | None = None
    category_id: int | None = None
    department_id: int | None = None
    author_id: int | None = None
    q: str = ""
    page: int = 1

    def args(self) -> dict[str, Any]:
        """The filters as URL query arguments (without the page)."""
        out = {"session": self.session_id, "state": self.state, "category": self.category_id,
               "department": self.department_id, "author": self.author_id, "q": self.q or None}
        return {k: v for k, v in out.items() if v not in (None, "")}


def _int(raw: Any) -> int | None:
    """A positive integer from a query argument, or None for anything else."""
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return value if 0 < value < 2**31 else None


def parse_filter(args: Mapping[str, Any]) -> ProposalFilter:
    """Filters from URL arguments; junk values are ignored, never an error."""
    state = str(args.get("state") or "").strip()
    return ProposalFilter(
        session_id=_int(args.get("session")),
        state=state if state in get("proposal").states else None,
        category_id=_int(args.get("category")),
        department_id=_int(args.get("department")),
        author_id=_int(args.get("author")),
        q=str(args.get("q") or "").strip()[:100],
        page=_int(args.get("page")) or 1,
    )


@dataclass
class Page:
    """One page of a list."""

    rows: list[Any]
    total: int
    page: int
    pages: int
    per_page: int


def list_proposals(session: Session, user: Any, flt: ProposalFilter,
                   per_page: int = PER_PAGE) -> Page:
    """The proposals the user may read, filtered, newest first, one page of them."""
    conds: list[ColumnElement[bool]] = []
    visible = visible_clause(user)
    if visible is not None:
        conds.append(visible)
    if flt.session_id:
        conds.append(Proposal.session_id == flt.session_id)
    if flt.state:
        conds.append(Proposal.state == flt.state)
    if flt.category_id:
        conds.append(Proposal.category_id == flt.category_id)
    if flt.department_id:
        conds.append(or_(Proposal.department_id == flt.department_id, exists().where(
            assist_departments.c.proposal_id == Proposal.id,
            assist_departments.c.department_id == flt.department_id)))
    if flt.author_id:
        conds.append(Proposal.author_id == flt.author_id)
    if flt.q:
        pattern = f"%{flt.q.replace('%', '').replace('_', '')}%"
        conds.append(or_(Proposal.title.like(pattern), Proposal.number.like(pattern)))
    total = session.scalar(select(func.count(Proposal.id)).where(*conds)) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, flt.page), pages)
    rows = list(session.scalars(
        select(Proposal).where(*conds).order_by(Proposal.updated_at.desc(), Proposal.id.desc())
        .offset((page - 1) * per_page).limit(per_page)))
    rows = [r for r in rows if can_view(r, user)]  # the SQL mirrors can_view; this makes sure
    return Page(rows, total, page, pages, per_page)


@dataclass
class FilterChoices:
    """What the list filters offer."""

    sessions: list[CongressSession]
    categories: list[Category]
    departments: list[Department]
    authors: list[User]


def filter_choices(session: Session, user: Any) -> FilterChoices:
    """Sessions, categories, departments, and the authors of proposals the user may read."""
    author_q = select(Proposal.author_id).distinct()
    visible = visible_clause(user)
    if visible is not None:
        author_q = author_q.where(visible)
    authors = list(session.scalars(select(User).where(User.id.in_(author_q))
                                   .order_by(User.username)))
    return FilterChoices(
        sessions=list(session.scalars(select(CongressSession).order_by(
            CongressSession.year.desc(), CongressSession.id.desc()))),
        categories=list(session.scalars(select(Category).order_by(Category.id))),
        departments=list(session.scalars(select(Department).order_by(Department.id))),
        authors=authors,
    )


# --- forms: sessions, merge targets -----------------------------------------------------

def is_open(sess: CongressSession, today: date | None = None) -> bool:
    """True while the session collects proposals."""
    today = today or date.today()
    return (sess.opens_on is None or sess.opens_on <= today) and (
        sess.closes_on is None or today <= sess.closes_on)


def sessions_newest_first(session: Session) -> list[CongressSession]:
    """Every congress session, newest first."""
    return list(session.scalars(select(CongressSession).order_by(
        CongressSession.year.desc(), CongressSession.id.desc())))


def default_session(session: Session, today: date | None = None) -> CongressSession | None:
    """The latest session that is collecting proposals now, else the latest one."""
    sessions = sessions_newest_first(session)
    return next((s for s in sessions if is_open(s, today)), sessions[0] if sessions else None)


def merge_targets(session: Session, doc: Proposal) -> list[Proposal]:
    """Proposals `doc` may be merged into: same session, under review or filed, not itself."""
    return list(session.scalars(
        select(Proposal).where(Proposal.session_id == doc.session_id, Proposal.id != doc.id,
                               Proposal.state.in_(MERGE_TARGET_STATES))
        .order_by(Proposal.number, Proposal.id)))


def active_departments(session: Session) -> list[Department]:
    """Departments that may be assigned."""
    return list(session.scalars(select(Department).where(Department.active.is_(True))
                                .order_by(Department.id)))


def categories(session: Session) -> list[Category]:
    """Every proposal category."""
    return list(session.scalars(select(Category).order_by(Category.id)))


# --- where a proposal stands ------------------------------------------------------------

@dataclass
class Standing:
    """Who the proposal waits for now: a code the UI words, plus the facts it needs."""

    code: str
    department: str | None = None
    due: date | None = None
    overdue: bool = False
    have: int = 0
    need: int = 0


def standing(doc: Proposal, cal: WorkCalendar, today: date | None = None) -> Standing:
    """What the proposal waits for and from whom (codes: see the web layer's wording)."""
    today = today or date.today()
    dept = doc.department.name if doc.department else None
    have, need = len(doc.active_cosigners), doc.session.cosign_threshold
    if doc.state == "draft":
        return Standing("draft")
    if doc.state == "seconding":
        return Standing("forward" if have >= need else "seconding", have=have, need=need)
    if doc.state == "handling":
        due = answer_due(cal, doc)
        return Standing("handling", dept, due, due is not None and today > due)
    if doc.state in ("committee_review", "party_review", "answered", "implementing"):
        return Standing(doc.state, dept)
    return Standing("final")


# --- my proposals -----------------------------------------------------------------------

@dataclass
class MyProposals:
    """A representative's own proposals and the ones they co-signed."""

    authored: list[Proposal] = field(default_factory=list)
    cosigned: list[Proposal] = field(default_factory=list)


def my_proposals(session: Session, user: Any) -> MyProposals:
    """Proposals written by `user` (newest first), and others they co-signed."""
    authored = list(session.scalars(select(Proposal).where(Proposal.author_id == user.id)
                                    .order_by(Proposal.created_at.desc(), Proposal.id.desc())))
    signed = select(Cosignature.proposal_id).where(Cosignature.user_id == user.id)
    cosigned = list(session.scalars(select(Proposal).where(
        Proposal.id.in_(signed), Proposal.author_id != user.id)
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())))
    return MyProposals(authored, [p for p in cosigned if can_view(p, user)])


# --- 校务公开 ---------------------------------------------------------------------------

@dataclass
class PlanProgress:
    """Tracking figures of one plan: done out of the items that still count."""

    plan: Plan
    done: int
    in_progress: int
    cancelled: int
    items: int

    @property
    def total(self) -> int:
        """Items that count (cancelled ones do not)."""
        return self.items - self.cancelled

    @property
    def percent(self) -> int:
        """Done as a whole percentage of the items that count."""
        return round(100 * self.done / self.total) if self.total else 0


def plan_progress(plan: Plan) -> PlanProgress:
    """Count a plan's schedule items by tracking status."""
    statuses = [i.status for i in plan.all_items()]
    return PlanProgress(plan, statuses.count("done"), statuses.count("in_progress"),
                        statuses.count("cancelled"), len(statuses))


def public_plans(session: Session) -> list[PlanProgress]:
    """Plans in public states (published, closed) with their progress, newest year first."""
    plans = session.scalars(select(Plan).where(Plan.state.in_(public_states("plan")))
                            .order_by(Plan.year.desc(), Plan.id.desc()))
    return [plan_progress(p) for p in plans]


def public_proposals(session: Session, session_id: int | None = None) -> list[Proposal]:
    """Filed proposals in public states, by number, with answers and ratings loaded."""
    query = (select(Proposal).where(Proposal.state.in_(public_states("proposal")),
                                    Proposal.number.is_not(None))
             .options(selectinload(Proposal.answers), selectinload(Proposal.ratings))
             .order_by(Proposal.session_id.desc(), Proposal.number))
    if session_id:
        query = query.where(Proposal.session_id == session_id)
    return list(session.scalars(query))
