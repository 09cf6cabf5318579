"""Messages to one user (e.g. a lapsed co-signature): list unread, mark read."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from workflow.models import Notification, utcnow


def unread(session: Session, user: Any, limit: int = 50) -> list[Notification]:
    """The user's unread notifications, newest first."""
    return list(session.scalars(
        select(Notification).where(Notification.user_id == user.id,
                                   Notification.read_at.is_(None))
        .order_by(Notification.id.desc()).limit(limit)))


def mark_all_read(session: Session, user: Any) -> int:
    """Mark every unread notification of the user as read; return how many."""
    result = session.execute(
        update(Notification).where(Notification.user_id == user.id,
                                   Notification.read_at.is_(None)).values(read_at=utcnow()))
    return int(result.rowcount or 0)
