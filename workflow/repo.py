"""Loading documents by kind and id."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from workflow.models import Plan, Proposal

MODELS: dict[str, type] = {"plan": Plan, "proposal": Proposal}


def load_document(session: Session, kind: str, doc_id: int) -> Any | None:
    """The document, or None when the kind or id is unknown."""
    model = MODELS.get(kind)
    return session.get(model, doc_id) if model else None
