"""What thin views share: load a document for the user, run one engine action, flash."""

from __future__ import annotations

from typing import Any

from flask import abort, flash
from flask_login import current_user

from web import db
from web.i18n import current_lang
from workflow import engine
from workflow.errors import Refused, StaleVersion
from workflow.policy import can_view
from workflow.repo import load_document


def me() -> Any:
    """The logged-in user as the real model object (not the LocalProxy)."""
    return current_user._get_current_object()  # type: ignore[attr-defined]


def load_or_abort(kind: str, doc_id: int) -> Any:
    """The document if the user may read it; 404 or 403 otherwise."""
    doc = load_document(db(), kind, doc_id)
    if doc is None:
        abort(404)
    if not can_view(doc, me()):
        abort(403)
    return doc


def refusal(exc: Refused) -> str:
    """The engine's reason in the reader's language."""
    return exc.message(current_lang())


def run_action(doc: Any, action: str, *, comment: str | None = None,
               fields: dict[str, Any] | None = None,
               expected_version: int | None = None) -> bool:
    """Fire one action and commit; on refusal flash the reason and change nothing."""
    session = db()
    try:
        engine.fire(session, doc, action, me(), comment=comment, fields=fields,
                    expected_version=expected_version)
    except Refused as exc:
        session.rollback()
        flash(refusal(exc), "warning" if isinstance(exc, StaleVersion) else "danger")
        return False
    session.commit()
    return True


def parse_version(raw: str | None) -> int | None:
    """The `version` a form was rendered with, if it sent a sensible one."""
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return -1  # a version no document has: reported as stale, never as a crash
