"""系统管理 · users: list, create, edit, enable/disable, reset password."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user
from wtforms import SelectChoice

from web import db
from web.admin import attempt, bp, get_or_404, saved
from web.forms_admin import EmptyForm, PasswordResetForm, UserCreateForm, UserEditForm
from web.i18n import current_lang
from web.util import me
from workflow import admin as ops
from workflow.models import Department, User
from workflow.roles import ROLE_ORDER, role_label


def _choices(form: UserCreateForm | UserEditForm, keep: Department | None = None) -> None:
    """Role checkboxes in the reader's language; active departments (and the current one)."""
    form.roles.choices = [SelectChoice(r, role_label(r, current_lang())) for r in ROLE_ORDER]
    depts = [d for d in ops.departments(db(), with_inactive=True) if d.active or d == keep]
    form.department.choices = [SelectChoice(0, _("（无）")),  # type: ignore[arg-type]
                               *(SelectChoice(d.id, d.name) for d in depts)]


def _list(form: UserCreateForm, status: int = 200):  # type: ignore[no-untyped-def]
    """The users page with the create form."""
    return render_template("admin/users.html", users=ops.list_users(db()), form=form), status


@bp.route("/users", methods=["GET", "POST"])
def users():  # type: ignore[no-untyped-def]
    """Users with their roles and departments; create a user."""
    form = UserCreateForm()
    _choices(form)
    if request.method == "GET":
        form.roles.data = form.roles.data or ["staff"]
        return _list(form)
    if saved(form, lambda: ops.create_user(
            db(), username=form.username.data or "", password=form.password.data or "",
            display_name=form.display_name.data or "", roles=form.roles.data or [],
            department_id=form.department.data or None),
            lambda user: _("已创建用户 %(name)s。", name=user.username)):
        return redirect(url_for("admin.users"))
    return _list(form, 400)


def _edit_page(user: User, form: UserEditForm | None = None,
               pw_form: PasswordResetForm | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    """The page of one user: edit form, enable/disable, reset password."""
    if form is None:
        form = UserEditForm(formdata=None, display_name=user.display_name,
                            roles=sorted(user.roles), department=user.department_id or 0)
    _choices(form, user.department)
    return render_template("admin/user_edit.html", user=user, form=form,
                           pw_form=pw_form or PasswordResetForm(formdata=None),
                           toggle=EmptyForm(), is_self=user.id == me().id), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_edit(user_id: int):  # type: ignore[no-untyped-def]
    """Change a user's display name, roles and department."""
    user = get_or_404(User, user_id)
    if request.method == "GET":
        return _edit_page(user)
    form = UserEditForm()
    _choices(form, user.department)
    if saved(form, lambda: ops.update_user(
            db(), user, me(), display_name=form.display_name.data or "",
            roles=form.roles.data or [], department_id=form.department.data or None),
            lambda _r: _("已保存用户 %(name)s 的信息。", name=user.username)):
        return redirect(url_for("admin.users"))
    return _edit_page(user, form=form, status=400)


@bp.post("/users/<int:user_id>/active")
def user_active(user_id: int):  # type: ignore[no-untyped-def]
    """Enable or disable a user (form value `active` = 1 or 0); never oneself."""
    user = get_or_404(User, user_id)
    if EmptyForm().validate_on_submit():
        active = request.form.get("active") == "1"
        attempt(None, lambda: ops.set_active(db(), user, me(), active),
                lambda _r: _("已启用用户 %(name)s。", name=user.username) if active
                else _("已停用用户 %(name)s，其登录已失效。", name=user.username))
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.post("/users/<int:user_id>/password")
def user_password(user_id: int):  # type: ignore[no-untyped-def]
    """Set a new password typed by the admin; the user's open sessions end."""
    user = get_or_404(User, user_id)
    pw_form = PasswordResetForm()
    if saved(pw_form, lambda: ops.reset_password(db(), user, pw_form.password.data or ""),
             lambda _r: _("已为 %(name)s 设置新密码。请将新密码告知本人，并提醒其登录后自行修改。",
                          name=user.username)):
        if user.id == me().id:
            login_user(user)  # one's own session stays valid with the new password
        return redirect(url_for("admin.user_edit", user_id=user.id))
    return _edit_page(user, pw_form=pw_form, status=400)
