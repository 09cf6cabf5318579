"""我的待办: the home page after login."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from web import db
from web.util import me
from workflow.inbox import inbox
from workflow.notifications import mark_all_read, unread

bp = Blueprint("inbox", __name__)


@bp.get("/")
def home():  # type: ignore[no-untyped-def]
    """Logged in: the inbox; otherwise the login page."""
    if current_user.is_authenticated:
        return redirect(url_for("inbox.index"))
    return redirect(url_for("auth.login"))


@bp.get("/inbox")
@login_required
def index():  # type: ignore[no-untyped-def]
    """Every document on which the user can act now."""
    rows = inbox(db(), me())
    return render_template("inbox.html", rows=rows, notes=unread(db(), me()))


@bp.post("/inbox/notifications/read")
@login_required
def read_notifications():  # type: ignore[no-untyped-def]
    """Mark the user's notifications as read."""
    mark_all_read(db(), me())
    db().commit()
    return redirect(url_for("inbox.index"))
