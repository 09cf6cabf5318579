"""What thin views share: load a document for the user, run one engine action, flash."""

from __future__ import annotations

from collections.abc import Callable
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


def commit_engine(func: Callable[..., Any], *args: Any,
                  **kwargs: Any) -> tuple[Any, Refused | None]:
    """Call one engine function: commit on success; on refusal roll back and return it."""
    session = db()
    try:
        result = func(session, *args, **kwargs)
    except Refused as exc:
        session.rollback()
        return None, exc
    session.commit()
    return result, None


def flash_refusal(exc: Refused) -> None:
    """Show the engine's reason; someone acting first is a warning, not an error."""
    flash(refusal(exc), "warning" if isinstance(exc, StaleVersion) else "danger")


def run_action(doc: Any, action: str, *, comment: str | None = None,
               fields: dict[str, Any] | None = None,
               expected_version: int | None = None) -> bool:
    """Fire one action and commit; on refusal flash the reason and change nothing."""
    refused = commit_engine(engine.fire, doc, action, me(), comment=comment, fields=fields,
                               expected_version=expected_version)[1]
    if refused is not None:
        flash_refusal(refused)
    return refused is None


def parse_version(raw: str | None) -> int | None:
    """The `version` a form was rendered with, if it sent a sensible one."""
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return -1  # a version no document has: reported as stale, never as a crash
