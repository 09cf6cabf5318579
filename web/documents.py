"""What every document page shows: the history timeline and the workflow diagram."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.i18n import current_lang
from workflow.audit import history
from workflow.definitions import get
from workflow.diagram import svg
from workflow.models import User


@dataclass
class TimelineEntry:
    """An audit entry with the actor's display name."""

    at: str
    actor: str
    actor_name: str
    action: str
    from_state: str | None
    to_state: str | None
    comment: str | None
    data: str


def timeline(session: Session, doc: Any) -> list[TimelineEntry]:
    """The document's audit entries, oldest first, with people's names."""
    rows = history(session, doc.kind, doc.id)
    names = dict(session.execute(select(User.username, User.display_name)
                                 .where(User.username.in_({r.actor for r in rows}))).all())
    return [TimelineEntry(r.at, r.actor, names.get(r.actor) or r.actor, r.action, r.from_state,
                          r.to_state, r.comment, r.data) for r in rows]


def diagram(doc: Any) -> Markup:
    """The kind's workflow diagram as inline SVG, the current state highlighted."""
    return Markup(svg(get(doc.kind), current_lang(), doc.state))
