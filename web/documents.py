"""What every document page shows: the history timeline and the workflow diagram."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.i18n import current_lang
from workflow.audit import histories
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
    return timelines(session, [doc])[doc.id]


def timelines(session: Session, docs: list[Any]) -> dict[int, list[TimelineEntry]]:
    """Timelines of several documents of one kind, with two queries in all."""
    if not docs:
        return {}
    rows = histories(session, docs[0].kind, [d.id for d in docs])
    actors = {r.actor for entries in rows.values() for r in entries}
    names = dict(session.execute(select(User.username, User.display_name)
                                 .where(User.username.in_(actors))).all())
    return {doc_id: [TimelineEntry(r.at, r.actor, names.get(r.actor) or r.actor, r.action,
                                   r.from_state, r.to_state, r.comment, r.data)
                     for r in entries] for doc_id, entries in rows.items()}


def diagram(doc: Any) -> Markup:
    """The kind's workflow diagram as inline SVG, the current state highlighted."""
    return Markup(svg(get(doc.kind), current_lang(), doc.state))
