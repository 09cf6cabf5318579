"""The workflow engine: what a user may do now, and doing it atomically with an audit entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from workflow import audit
from workflow.content import content_of
from workflow.definitions import ActionDef, Definition, get
from workflow.effects import EFFECTS, Step, validate
from workflow.errors import (
    AuthorMayNotApprove,
    CommentRequired,
    InvalidAction,
    NotAllowed,
    Refused,
    StaleVersion,
)
from workflow.fields import resolve
from workflow.machine import MachineError, compiled
from workflow.models import AuditEntry, Revision, utcnow
from workflow.policy import PREDICATES, Context, Reason, is_author_of


@dataclass(frozen=True)
class Option:
    """An action the user's roles allow here, and why it is blocked (None when it is not)."""

    action: ActionDef
    reason: Reason | None

    @property
    def allowed(self) -> bool:
        """True when the action can be taken now."""
        return self.reason is None


def _blocker(act: ActionDef, ctx: Context) -> Reason | None:
    """The first reason the action is not possible for this user, or None."""
    if act.forbid_author and is_author_of(ctx.doc, ctx.user):
        return Reason("author_forbidden", {"action": act.labels})
    for name in act.require:
        reason = PREDICATES[name](ctx)
        if reason is not None:
            return reason
    return None


def action_options(doc: Any, user: Any, today: date | None = None) -> list[Option]:
    """Actions of the current state that the user's roles allow, each with its blocker."""
    if not getattr(user, "active", True):
        return []
    ctx = Context(doc, user, {}, today or date.today())
    roles = user.roles
    return [Option(act, _blocker(act, ctx)) for act in compiled(doc.kind).actions_from(doc.state)
            if act.roles & roles]


def available_actions(doc: Any, user: Any, today: date | None = None) -> list[ActionDef]:
    """The actions the user can take on `doc` right now."""
    return [o.action for o in action_options(doc, user, today) if o.reason is None]


def can_create(kind: str, user: Any) -> bool:
    """True when the user may start a new document of `kind`."""
    return bool(get(kind).create_roles & user.roles) and getattr(user, "active", True)


def _check(doc: Any, act: ActionDef | None, name: str, user: Any, ctx: Context,
           definition: Definition) -> ActionDef:
    """Raise the refusal that applies, in order: unknown/invalid, role, author, rules."""
    state = definition.states[doc.state]
    if act is None:
        raise InvalidAction("unknown_action", action=name)
    if doc.state not in act.sources:
        raise InvalidAction(action=act.labels, state=state.labels)
    if not getattr(user, "active", True):
        raise NotAllowed("user_inactive")
    if not act.roles & user.roles:
        raise NotAllowed(action=act.labels)
    if act.forbid_author and is_author_of(doc, user):
        raise AuthorMayNotApprove(action=act.labels)
    for pred in act.require:
        reason = PREDICATES[pred](ctx)
        if reason is not None:
            raise NotAllowed(reason.code, **reason.params)
    return act


def refusal(doc: Any, action: str, user: Any, today: date | None = None) -> Refused | None:
    """The refusal `fire`/`edit` would raise for `action` now (before fields), or None."""
    definition = get(doc.kind)
    ctx = Context(doc, user, {}, today or date.today())
    try:
        _check(doc, definition.actions.get(action), action, user, ctx, definition)
    except Refused as exc:
        return exc
    return None


def _snapshot(session: Session, doc: Any, act: ActionDef, definition: Definition,
              entry: AuditEntry) -> None:
    """Freeze the content when it leaves an editable state for review."""
    src = definition.states[entry.from_state or definition.initial]
    if act.dest is None or src.editable_by == "nobody":
        return
    if definition.states[act.dest].editable_by != "nobody":
        return
    number = 1 + (session.query(Revision).filter_by(kind=doc.kind, doc_id=doc.id).count())
    session.add(Revision(kind=doc.kind, doc_id=doc.id, number=number, version=doc.version,
                         audit_seq=entry.seq, content=content_of(doc)))


def fire(session: Session, doc: Any, action: str, user: Any, *, comment: str | None = None,
         fields: dict[str, Any] | None = None, expected_version: int | None = None,
         today: date | None = None, now: datetime | None = None) -> AuditEntry:
    """Take `action` on `doc` as `user`: checks, state change, version, revision, audit entry.

    Refusals raise a `Refused` subclass and change nothing. The caller commits.
    """
    definition = get(doc.kind)
    if expected_version is not None and expected_version != doc.version:
        raise StaleVersion(state=definition.states[doc.state].labels)
    # `edit` changes content and goes through edit(); fired bare it would only record an
    # empty "edit" in the audit log.
    act = definition.actions.get(action) if action != "edit" else None
    comment = (comment or "").strip() or None
    ctx = Context(doc, user, {}, today or date.today())
    _check(doc, act, action, user, ctx, definition)
    assert act is not None
    values, data = resolve(session, doc, act, fields)
    ctx.fields = values
    _check(doc, act, action, user, ctx, definition)  # rules that look at the fields
    if act.comment == "required" and not comment:
        raise CommentRequired(action=act.labels)
    step = Step(session, doc, user, values, comment, now or utcnow())
    validate(doc.kind, action, step)
    return _apply(session, doc, act, definition, step, data)


def _apply(session: Session, doc: Any, act: ActionDef, definition: Definition, step: Step,
           data: dict[str, Any], effect: Any = None) -> AuditEntry:
    """Apply an already-checked action inside a SAVEPOINT; all of it or none of it."""
    from_state = doc.state
    try:
        dest = compiled(doc.kind).next_state(from_state, act.name)
    except MachineError as exc:  # pragma: no cover - the checks above rule this out
        raise InvalidAction(action=act.labels, state=definition.states[from_state].labels) \
            from exc
    try:
        with session.begin_nested():
            extra = (effect or EFFECTS.get((doc.kind, act.name), lambda _s: None))(step)
            doc.version += 1
            doc.updated_at = step.now
            if dest != from_state:
                doc.state, doc.state_since = dest, step.now
            session.flush()  # UPDATE … WHERE version = old: a concurrent change fails here
            entry = audit.append(
                session, actor=step.user.username, kind=doc.kind, doc_id=doc.id,
                action=act.name, from_state=from_state, to_state=dest, comment=step.comment,
                data={**data, **(extra or {})})
            _snapshot(session, doc, act, definition, entry)
            session.flush()
    except StaleDataError as exc:
        session.refresh(doc)
        raise StaleVersion(state=definition.states[doc.state].labels) from exc
    return entry


def edit(session: Session, doc: Any, user: Any, content: dict[str, Any], *,
         expected_version: int | None = None, comment: str | None = None) -> AuditEntry:
    """Change a draft's content as the `edit` action (audited like any other)."""
    from workflow.content import apply_plan_content, apply_proposal_content

    definition = get(doc.kind)
    if expected_version is not None and expected_version != doc.version:
        raise StaleVersion(state=definition.states[doc.state].labels)
    act = definition.actions.get("edit")
    ctx = Context(doc, user, {}, date.today())
    _check(doc, act, "edit", user, ctx, definition)
    assert act is not None
    before = content_of(doc)
    step = Step(session, doc, user, {}, (comment or "").strip() or None, utcnow())

    def change(step: Step) -> dict[str, Any]:
        if doc.kind == "plan":
            apply_plan_content(session, doc, content)
            return {"changed": _changed_keys(before, content_of(doc))}
        changed = apply_proposal_content(doc, content)
        lapsed = _lapse_cosignatures(session, doc, step.now) if changed else []
        return {"changed": _changed_keys(before, content_of(doc)), "lapsed": lapsed}

    return _apply(session, doc, act, definition, step, {}, effect=change)


def _changed_keys(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Names of the content keys whose values differ."""
    return sorted(k for k in after if before.get(k) != after.get(k))


def _lapse_cosignatures(session: Session, doc: Any, now: datetime) -> list[str]:
    """Text changed while seconding: co-signatures lapse and the co-signers are told."""
    from workflow.models import Notification

    lapsed = []
    for sig in doc.active_cosigners:
        sig.lapsed_at = now
        lapsed.append(sig.user.username)
        session.add(Notification(user_id=sig.user_id, kind=doc.kind, doc_id=doc.id,
                                 created_at=now, code="cosign_lapsed",
                                 params={"title": doc.title}))
    return lapsed


def create(session: Session, kind: str, user: Any, **attrs: Any) -> Any:
    """Start a new document of `kind` in its initial state, audited as `create`."""
    from workflow.content import apply_plan_content, apply_proposal_content
    from workflow.models import Plan, Proposal

    definition = get(kind)
    if not can_create(kind, user):
        raise NotAllowed("role_not_allowed", action={"zh_Hans": "新建", "zh_Hant": "新建",
                                                     "en": "create"})
    now = utcnow()
    with session.begin_nested():
        if kind == "plan":
            doc = Plan(state=definition.initial, version=1, author=user, author_id=user.id,
                       title="", year=attrs.get("year") or now.year, created_at=now,
                       updated_at=now, state_since=now)
            apply_plan_content(session, doc, attrs)
        else:
            doc = Proposal(state=definition.initial, version=1, author=user, author_id=user.id,
                           session_id=_session_id(attrs), title="", created_at=now,
                           updated_at=now, state_since=now)
            apply_proposal_content(doc, attrs)
        session.add(doc)
        session.flush()
        audit.append(session, actor=user.username, kind=kind, doc_id=doc.id, action="create",
                     from_state=None, to_state=definition.initial, data={})
    return doc


def _session_id(attrs: dict[str, Any]) -> int:
    """The congress session a new proposal belongs to."""
    from workflow.errors import FieldError
    from workflow.messages import field_labels

    value = attrs.get("session_id") or getattr(attrs.get("session"), "id", None)
    if value is None:
        raise FieldError("field_required", field=field_labels("session"))
    return int(value)


__all__ = ["Option", "Refused", "action_options", "available_actions", "can_create", "create",
           "edit", "fire", "refusal"]
