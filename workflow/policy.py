"""Who may act on a particular document: named predicates used by `states/` files.

Each predicate takes the context of one attempted action and returns None when it is
allowed, or a `Reason` (message code and parameters) when it is not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, exists, or_

from workflow.models import Cosignature, Plan, Proposal
from workflow.models.proposals import assist_departments


@dataclass(frozen=True)
class Reason:
    """Why an action is not possible now."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    """One attempted action: the document, the user, the fields given, today."""

    doc: Any
    user: Any
    fields: dict[str, Any]
    today: date


Predicate = Callable[[Context], Reason | None]
PREDICATES: dict[str, Predicate] = {}


def predicate(func: Predicate) -> Predicate:
    """Register `func` under its name for use in definition files."""
    PREDICATES[func.__name__] = func
    return func


def is_author_of(doc: Any, user: Any) -> bool:
    """True when `user` wrote `doc`."""
    return doc.author_id == user.id


@predicate
def is_author(ctx: Context) -> Reason | None:
    """Only the author."""
    return None if is_author_of(ctx.doc, ctx.user) else Reason("not_author")


@predicate
def author_or_chair(ctx: Context) -> Reason | None:
    """The author or the union chair."""
    if is_author_of(ctx.doc, ctx.user) or "chair" in ctx.user.roles:
        return None
    return Reason("not_author_or_chair")


@predicate
def is_assigned_handler(ctx: Context) -> Reason | None:
    """A handler of the proposal's lead department."""
    dept = ctx.doc.department
    if dept is not None and ctx.user.department_id == dept.id and "handler" in ctx.user.roles:
        return None
    return Reason("not_assigned_handler", {"department": dept.name if dept else "—"})


@predicate
def union_or_assigned_handler(ctx: Context) -> Reason | None:
    """The union (chair, committee) or the assigned department's handler."""
    if ctx.user.roles & {"chair", "committee"}:
        return None
    return is_assigned_handler(ctx)


@predicate
def not_yet_cosigned(ctx: Context) -> Reason | None:
    """A representative co-signs a proposal at most once (while the signature holds)."""
    if any(c.user_id == ctx.user.id for c in ctx.doc.active_cosigners):
        return Reason("already_cosigned")
    return None


@predicate
def enough_cosigners(ctx: Context) -> Reason | None:
    """At least the session's threshold of co-signers."""
    need = ctx.doc.session.cosign_threshold
    have = len(ctx.doc.active_cosigners)
    if have >= need:
        return None
    return Reason("need_cosigners", {"missing": need - have, "have": have, "need": need})


@predicate
def session_open(ctx: Context) -> Reason | None:
    """Proposals are submitted within the session's collection window."""
    sess = ctx.doc.session
    opens, closes = sess.opens_on, sess.closes_on
    if (opens is None or opens <= ctx.today) and (closes is None or ctx.today <= closes):
        return None
    return Reason("session_closed", {"opens": opens or "—", "closes": closes or "—"})


@predicate
def proposal_has_content(ctx: Context) -> Reason | None:
    """A proposal needs a title, a reason and measures before it goes out."""
    doc = ctx.doc
    if doc.title.strip() and doc.reason.strip() and doc.measures.strip():
        return None
    return Reason("empty_proposal")


@predicate
def plan_has_content(ctx: Context) -> Reason | None:
    """A plan needs at least one item before it goes to review."""
    doc = ctx.doc
    if any(s.items for s in doc.sections) or any(e.items for e in doc.schedule):
        return None
    return Reason("empty_plan")


@predicate
def item_owner_or_chair(ctx: Context) -> Reason | None:
    """A schedule item's owner, or the union chair, moves it."""
    if "chair" in ctx.user.roles:
        return None
    item = ctx.fields.get("item")
    if item is not None and item.owner_id == ctx.user.id:
        return None
    if item is None and any(i.owner_id == ctx.user.id for i in ctx.doc.all_items()):
        return None
    return Reason("not_item_owner")


OVERSEERS = frozenset({"chair", "committee", "secretary", "admin"})


def can_view(doc: Any, user: Any) -> bool:
    """Who may read a document: its author, the union's officers, and where it concerns them."""
    from workflow.definitions import get

    if is_author_of(doc, user) or user.roles & OVERSEERS:
        return True
    if get(doc.kind).states[doc.state].public:
        return True
    if doc.kind == "proposal":
        if doc.state == "seconding" and "representative" in user.roles:
            return True
        if any(c.user_id == user.id for c in doc.cosignatures):
            return True
        if "handler" in user.roles and user.department_id is not None and (
                doc.department_id == user.department_id
                or any(d.id == user.department_id for d in doc.assist)):
            return True
    return False


def _public_states(kind: str) -> list[str]:
    """States of `kind` its definition marks public."""
    from workflow.definitions import get

    return [s.name for s in get(kind).states.values() if s.public]


# SQL forms of `can_view`, for lists; tests check they agree with it for every user.
def visible_plans_clause(user: Any) -> Any:
    """SQL condition matching `policy.can_view` for plans (author, officers, public states)."""
    if user.roles & OVERSEERS:
        return None
    public = _public_states("plan")
    return or_(Plan.author_id == user.id, Plan.state.in_(public))


def visible_proposals_clause(user: Any) -> ColumnElement[bool] | None:
    """SQL form of `policy.can_view` for proposals; None means everything is visible."""
    roles = user.roles
    if roles & OVERSEERS:
        return None
    conds: list[ColumnElement[bool]] = [
        Proposal.author_id == user.id,
        Proposal.state.in_(_public_states("proposal")),
        exists().where(Cosignature.proposal_id == Proposal.id, Cosignature.user_id == user.id),
    ]
    if "representative" in roles:
        conds.append(Proposal.state == "seconding")
    if "handler" in roles and user.department_id is not None:
        conds.append(Proposal.department_id == user.department_id)
        conds.append(exists().where(assist_departments.c.proposal_id == Proposal.id,
                                    assist_departments.c.department_id == user.department_id))
    return or_(*conds)


# Pages and tools beyond single documents, by the roles that may use them.
CAPABILITIES: dict[str, frozenset[str]] = {
    "reports": OVERSEERS,
    "admin": frozenset({"admin"}),
    "my_proposals": frozenset({"representative"}),
    "track_any_item": frozenset({"chair"}),
    "export_lists": OVERSEERS,
}


def may(user: Any, capability: str) -> bool:
    """True when the user's roles grant `capability` (see CAPABILITIES)."""
    return bool(getattr(user, "is_authenticated", False)
                and user.roles & CAPABILITIES.get(capability, frozenset()))
