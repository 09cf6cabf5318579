"""Turn the raw fields given with an action into checked values."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.content import MAX_TEXT
from workflow.definitions import ActionDef, FieldDef
from workflow.errors import FieldError
from workflow.messages import field_labels
from workflow.models import Category, Department, Proposal, ScheduleItem

EMPTY = (None, "", [], ())


def _ident(value: Any, fdef: FieldDef) -> int:
    """An integer id, or a FieldError."""
    try:
        return int(getattr(value, "id", value))
    except (TypeError, ValueError):
        raise FieldError("field_invalid", field=field_labels(fdef.name), value=value) from None


def _lookup(session: Session, model: type, value: Any, fdef: FieldDef) -> Any:
    """Load a referenced row by id (or by name/number, for the command line)."""
    if isinstance(value, str) and not value.strip().isdigit():
        column = model.number if model is Proposal else getattr(model, "name", None)
        row = session.scalar(select(model).where(column == value.strip())) if column else None
        if row is None:
            raise FieldError("field_invalid", field=field_labels(fdef.name), value=value)
        return row
    row = session.get(model, _ident(value, fdef))
    if row is None:
        raise FieldError("field_invalid", field=field_labels(fdef.name), value=value)
    return row


def _resolve_one(session: Session, doc: Any, fdef: FieldDef, value: Any) -> tuple[Any, Any]:
    """(resolved value, JSON-able value for the audit entry)."""
    label = field_labels(fdef.name)
    if fdef.type == "text":
        text = str(value).replace("\r\n", "\n").strip()
        if len(text) > MAX_TEXT:
            raise FieldError("too_long", field=label, max=MAX_TEXT)
        return text, text
    if fdef.type == "choice":
        if str(value) not in fdef.choices:
            raise FieldError("field_invalid", field=label, value=value)
        return str(value), str(value)
    if fdef.type == "date":
        try:
            day = value if isinstance(value, date) else date.fromisoformat(str(value).strip())
        except ValueError:
            raise FieldError("field_invalid", field=label, value=value) from None
        return day, day.isoformat()
    if fdef.type == "category":
        row = _lookup(session, Category, value, fdef)
        return row, row.id
    if fdef.type == "department":
        row = _lookup(session, Department, value, fdef)
        if not row.active:
            raise FieldError("field_invalid", field=label, value=row.name)
        return row, row.id
    if fdef.type == "departments":
        values = value if isinstance(value, list | tuple) else [value]
        rows = [_lookup(session, Department, v, fdef) for v in values if v not in EMPTY]
        return rows, sorted({r.id for r in rows})
    if fdef.type == "proposal":
        row = _lookup(session, Proposal, value, fdef)
        return row, row.id
    if fdef.type == "plan_item":
        row = _lookup(session, ScheduleItem, value, fdef)
        if row.entry.plan_id != doc.id:
            raise FieldError("field_invalid", field=label, value=value)
        return row, row.id
    raise FieldError("field_invalid", field=label, value=value)  # pragma: no cover


def resolve(session: Session, doc: Any, act: ActionDef,
            raw: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Check required and known fields; return (resolved values, audit data)."""
    raw = dict(raw or {})
    known = {f.name: f for f in act.fields}
    for name in raw:
        if name not in known:
            raise FieldError("field_unknown", field=name, action=act.labels)
    values: dict[str, Any] = {}
    data: dict[str, Any] = {}
    for fdef in act.fields:
        value = raw.get(fdef.name)
        if isinstance(value, str):
            value = value.strip()
        if value in EMPTY:
            if fdef.required:
                raise FieldError("field_required", field=field_labels(fdef.name))
            continue
        values[fdef.name], data[fdef.name] = _resolve_one(session, doc, fdef, value)
    return values, data
