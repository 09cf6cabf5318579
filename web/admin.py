"""系统管理: the admin blueprint (dashboard, audit log); more pages in web/admin_*.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, abort, flash, render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm

from web import db
from web.extensions import login_manager
from web.util import refusal
from workflow import admin as ops
from workflow.errors import FieldError
from workflow.policy import may

bp = Blueprint("admin", __name__, url_prefix="/admin")

T = TypeVar("T")
F = TypeVar("F", bound=FlaskForm)


@bp.before_request
def _admins_only():  # type: ignore[no-untyped-def]
    """Every admin page: log in first, then policy.may(user, 'admin') or 403."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not may(current_user, "admin"):
        abort(403)
    return None


def get_or_404(model: Any, key: Any) -> Any:
    """The row of `model` with primary key `key`, or 404."""
    row = db().get(model, key)
    if row is None:
        abort(404)
    return row


def show_error(form: FlaskForm | None, exc: FieldError) -> None:
    """Put a refusal under the form field it concerns, or flash it."""
    db().rollback()
    message = refusal(exc)
    name = exc.params.get("input")
    field = getattr(form, str(name), None) if form is not None and name else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, message]
    else:
        flash(message, "danger")


def attempt(form: FlaskForm | None, op: Callable[[], T], message: Callable[[T], str]) -> bool:
    """Run the workflow.admin `op`: commit and flash `message(result)`, or show its refusal."""
    try:
        result = op()
    except FieldError as exc:
        show_error(form, exc)
        return False
    db().commit()
    flash(message(result), "success")
    return True


def saved(form: FlaskForm, op: Callable[[], T], message: Callable[[T], str]) -> bool:
    """A valid submitted `form` whose `op` succeeded (see `attempt`)."""
    return bool(form.validate_on_submit()) and attempt(form, op, message)


def prefilled(form_class: type[F], **data: Any) -> F:
    """The form: from what was posted, or filled from `data` when showing the page."""
    if request.method == "POST":
        return form_class()
    return form_class(formdata=None, **data)


def status() -> int:
    """200 for a page shown, 400 for a posted form shown again (it was not saved)."""
    return 400 if request.method == "POST" else 200


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    """Dashboard: counts and links."""
    return render_template("admin/index.html", counts=ops.counts(db()))


@bp.get("/audit")
def audit():  # type: ignore[no-untyped-def]
    """审计日志: the chain's verification and the latest 50 entries."""
    verdict, entries = ops.audit_overview(db(), 50)
    return render_template("admin/audit.html", verdict=verdict, entries=entries)


@bp.context_processor
def _role_helpers() -> dict[str, Any]:
    """Role labels for the admin templates (rendered with the `L` global)."""
    from workflow.roles import ROLE_LABELS, sorted_roles

    return {"ROLE_LABELS": ROLE_LABELS, "sorted_roles": sorted_roles}


from web import admin_directory, admin_users  # noqa: E402, F401  (routes on `bp`)
