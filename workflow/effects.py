"""What an action does to a document besides moving its state, per kind and action."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from workflow.errors import FieldError
from workflow.models import (
    Answer,
    CongressSession,
    Cosignature,
    ProgressNote,
    Proposal,
    Rating,
)


class Step:
    """Everything an effect may need about the action being applied."""

    def __init__(self, session: Session, doc: Any, user: Any, values: dict[str, Any],
                 comment: str | None, now: datetime) -> None:
        self.session, self.doc, self.user = session, doc, user
        self.values, self.comment, self.now = values, comment, now


Effect = Callable[[Step], dict[str, Any] | None]
EFFECTS: dict[tuple[str, str], Effect] = {}


def effect(kind: str, action: str) -> Callable[[Effect], Effect]:
    """Register an effect for `kind`/`action`."""
    def register(func: Effect) -> Effect:
        EFFECTS[(kind, action)] = func
        return func
    return register


def validate(kind: str, action: str, step: Step) -> None:
    """Checks that need the resolved fields, run before anything changes."""
    if (kind, action) == ("proposal", "merge"):
        target: Proposal = step.values["target"]
        if target.id == step.doc.id:
            raise FieldError("merge_self")
        if target.session_id != step.doc.session_id or target.state not in (
                "committee_review", "party_review", "handling", "answered", "implementing",
                "closed"):
            raise FieldError("merge_target_invalid")


@effect("plan", "track")
def _track(step: Step) -> dict[str, Any]:
    """Move a schedule item to a new tracking status."""
    item = step.values["item"]
    before = item.status
    item.status = step.values["status"]
    item.status_at = step.now
    if "note" in step.values:
        item.note = step.values["note"]
    return {"previous_status": before}


@effect("plan", "close")
def _close(step: Step) -> None:
    """Store the annual summary."""
    step.doc.summary = step.values["summary"]


@effect("proposal", "second")
def _second(step: Step) -> None:
    """Add (or renew a lapsed) co-signature."""
    for sig in step.doc.cosignatures:
        if sig.user_id == step.user.id:
            sig.lapsed_at, sig.signed_at = None, step.now
            return
    step.doc.cosignatures.append(Cosignature(user_id=step.user.id, user=step.user,
                                             signed_at=step.now))


@effect("proposal", "file")
def _file(step: Step) -> dict[str, Any]:
    """Set category and departments; give the proposal its number on first filing."""
    doc: Proposal = step.doc
    doc.category = step.values["category"]
    doc.department = step.values["department"]
    doc.assist = [d for d in step.values.get("assist_departments", [])
                  if d.id != doc.department.id]
    if doc.number is None:
        step.session.execute(update(CongressSession).where(CongressSession.id == doc.session_id)
                             .values(filed_count=CongressSession.filed_count + 1))
        count, year = step.session.execute(
            select(CongressSession.filed_count, CongressSession.year)
            .where(CongressSession.id == doc.session_id)).one()
        doc.number = f"{year}-{count:03d}"
    return {"number": doc.number}


@effect("proposal", "merge")
def _merge(step: Step) -> None:
    """Point the proposal at the one it was merged into."""
    step.doc.merged_into_id = step.values["target"].id


@effect("proposal", "party_approve")
def _party_approve(step: Step) -> None:
    """The answer deadline runs from here."""
    step.doc.handling_since = step.now


@effect("proposal", "answer")
def _answer(step: Step) -> None:
    """Record the department's answer."""
    v = step.values
    step.doc.answers.append(Answer(
        department_id=step.doc.department_id, author_id=step.user.id, text=v["answer"],
        answer_class=v["answer_class"], measures=v.get("measures", ""),
        completion_date=v.get("completion_date"), created_at=step.now))


def _latest_answer_id(doc: Proposal) -> int | None:
    """Id of the latest answer, if any."""
    return doc.answers[-1].id if doc.answers else None


@effect("proposal", "accept")
def _accept(step: Step) -> None:
    """The author is (basically) satisfied."""
    step.doc.ratings.append(Rating(answer_id=_latest_answer_id(step.doc),
                                   rating=step.values["rating"], reason=step.comment or "",
                                   created_at=step.now))


@effect("proposal", "reject_answer")
def _reject_answer(step: Step) -> None:
    """The author is not satisfied; the department handles it again."""
    step.doc.ratings.append(Rating(answer_id=_latest_answer_id(step.doc), rating="unsatisfied",
                                   reason=step.comment or "", created_at=step.now))


@effect("proposal", "note")
def _note(step: Step) -> None:
    """A progress note."""
    step.doc.notes.append(ProgressNote(author_id=step.user.id, text=step.comment or "",
                                       created_at=step.now))
