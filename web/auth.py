"""Login, logout, change password, language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from web import db
from web.extensions import login_manager
from web.forms import LoginForm, PasswordForm
from web.i18n import LANGS
from web.util import me
from workflow.models import User
from workflow.users import authenticate, hash_password

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """The user of a login session; a changed password ends older sessions."""
    user_id = token.partition(":")[0]
    if not user_id.isdigit():
        return None
    user = db().get(User, int(user_id))
    if user is None or not user.active or user.get_id() != token:
        return None
    return user


def _safe_next(target: str | None) -> str:
    """Only local paths are followed after login."""
    if target and target.startswith("/") and not target.startswith("//") \
            and not urlsplit(target).netloc:
        return target
    return url_for("inbox.index")


@bp.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    """Log in; unknown user and wrong password get the same message."""
    if current_user.is_authenticated:
        return redirect(url_for("inbox.index"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = authenticate(db(), form.username.data or "", form.password.data or "")
        if user is not None:
            login_user(user)
            session.permanent = False
            return redirect(_safe_next(form.next.data))
        flash(_("用户名或密码不正确。"), "danger")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():  # type: ignore[no-untyped-def]
    """Log out."""
    lang = session.get("lang")
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("您已退出登录。"), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():  # type: ignore[no-untyped-def]
    """Change one's own password."""
    form = PasswordForm()
    if form.validate_on_submit():
        if authenticate(db(), current_user.username, form.current.data or "") is None:
            form.current.errors.append(_("当前密码不正确。"))
        else:
            user = me()
            user.password_hash = hash_password(form.new.data or "")
            db().commit()
            login_user(user)
            flash(_("密码已修改。"), "success")
            return redirect(url_for("inbox.index"))
    return render_template("auth/password.html", form=form)


@bp.get("/lang/<code>")
def set_lang(code: str):  # type: ignore[no-untyped-def]
    """Switch the interface language (kept in the session)."""
    if code in LANGS:
        session["lang"] = code
    return redirect(_safe_next(request.args.get("next")))
