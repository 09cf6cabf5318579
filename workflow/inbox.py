"""我的待办: every document on which a user can act now, with waiting time and overdue marks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.definitions import ActionDef
from workflow.engine import available_actions
from workflow.machine import compiled
from workflow.models import Plan, Proposal
from workflow.workdays import WorkCalendar


@dataclass
class InboxRow:
    """One document waiting for the user."""

    doc: Any
    actions: list[ActionDef]
    waited_days: int
    overdue: bool
    due: date | None = None


def _candidate_states(kind: str, roles: frozenset[str]) -> list[str]:
    """States in which some action that waits for someone (`inbox`) fits the roles."""
    table = compiled(kind).table
    return [s for s, acts in table.items()
            if any(a.roles & roles and a.inbox for a in acts)]


def answer_due(cal: WorkCalendar, doc: Proposal) -> date | None:
    """The date the department's answer is due (working days from handling)."""
    if doc.handling_since is None:
        return None
    return cal.add_workdays(doc.handling_since.date(), doc.session.answer_deadline_days)


def inbox(session: Session, user: Any, today: date | None = None,
          cal: WorkCalendar | None = None) -> list[InboxRow]:
    """Documents the user can act on now, oldest waiting first."""
    today = today or date.today()
    cal = cal or WorkCalendar.load(session)
    rows: list[InboxRow] = []
    for model in (Plan, Proposal):
        kind = model.kind
        states = _candidate_states(kind, user.roles)
        if not states:
            continue
        for doc in session.scalars(select(model).where(model.state.in_(states))):
            acts = [a for a in available_actions(doc, user, today) if a.inbox]
            if not acts:
                continue
            due = answer_due(cal, doc) if kind == "proposal" and doc.state == "handling" else None
            rows.append(InboxRow(doc, acts, cal.workdays_between(doc.state_since.date(), today),
                                 due is not None and today > due, due))
    rows.sort(key=lambda r: (not r.overdue, r.doc.state_since))
    return rows
