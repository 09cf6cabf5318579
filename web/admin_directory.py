"""系统管理 · reference data: departments, categories, congress sessions, calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from web import db
from web.admin import attempt, bp, get_or_404, prefilled, saved, status
from web.forms_admin import CategoryForm, DepartmentForm, EmptyForm, OverrideForm, SessionForm
from workflow import admin as ops
from workflow.models import CalendarOverride, Category, CongressSession, Department

# --- departments -------------------------------------------------------------------------


def _edit_page(form: DepartmentForm | CategoryForm, title: str, back: str, uses: int,
               delete_url: str):  # type: ignore[no-untyped-def]
    """The edit page of a department or category, with its delete button."""
    return render_template("admin/edit_simple.html", form=form, title=title,
                           back=url_for(back), uses=uses, delete_url=delete_url,
                           button=EmptyForm()), status()


def _delete(op: Callable[[], None], message: str, back: str, refused: str):  # type: ignore[no-untyped-def]
    """Delete through `op` and go `back` to the list; to `refused` when it is in use."""
    if EmptyForm().validate_on_submit() and not attempt(None, op, lambda _r: message):
        return redirect(refused)
    return redirect(url_for(back))


@bp.route("/departments", methods=["GET", "POST"])
def departments():  # type: ignore[no-untyped-def]
    """Departments with their use; create one."""
    form = DepartmentForm()
    if saved(form, lambda: ops.create_department(db(), form.name.data or ""),
             lambda dept: _("已添加部门 %(name)s。", name=dept.name)):
        return redirect(url_for("admin.departments"))
    return render_template("admin/departments.html", rows=ops.list_departments(db()),
                           form=form, button=EmptyForm()), status()


@bp.route("/departments/<int:dept_id>", methods=["GET", "POST"])
def department_edit(dept_id: int):  # type: ignore[no-untyped-def]
    """Rename or (de)activate a department."""
    dept = get_or_404(Department, dept_id)
    form = prefilled(DepartmentForm, name=dept.name, active=dept.active)
    if saved(form, lambda: ops.update_department(db(), dept, name=form.name.data or "",
                                                 active=bool(form.active.data)),
             lambda dept: _("已保存部门 %(name)s。", name=dept.name)):
        return redirect(url_for("admin.departments"))
    return _edit_page(form, _("编辑部门"), "admin.departments",
                      ops.department_references(db(), dept),
                      url_for("admin.department_delete", dept_id=dept.id))


@bp.post("/departments/<int:dept_id>/delete")
def department_delete(dept_id: int):  # type: ignore[no-untyped-def]
    """Delete a department nobody refers to."""
    dept = get_or_404(Department, dept_id)
    return _delete(lambda: ops.delete_department(db(), dept),
                   _("已删除部门 %(name)s。", name=dept.name), "admin.departments",
                   url_for("admin.department_edit", dept_id=dept_id))


# --- categories --------------------------------------------------------------------------


@bp.route("/categories", methods=["GET", "POST"])
def categories():  # type: ignore[no-untyped-def]
    """Proposal categories with their use; create one."""
    form = CategoryForm()
    if saved(form, lambda: ops.create_category(db(), form.name.data or ""),
             lambda cat: _("已添加提案类别 %(name)s。", name=cat.name)):
        return redirect(url_for("admin.categories"))
    return render_template("admin/categories.html", rows=ops.list_categories(db()),
                           form=form), status()


@bp.route("/categories/<int:cat_id>", methods=["GET", "POST"])
def category_edit(cat_id: int):  # type: ignore[no-untyped-def]
    """Rename a category."""
    cat = get_or_404(Category, cat_id)
    form = prefilled(CategoryForm, name=cat.name)
    if saved(form, lambda: ops.update_category(db(), cat, name=form.name.data or ""),
             lambda cat: _("已保存提案类别 %(name)s。", name=cat.name)):
        return redirect(url_for("admin.categories"))
    return _edit_page(form, _("编辑提案类别"), "admin.categories",
                      ops.category_references(db(), cat),
                      url_for("admin.category_delete", cat_id=cat.id))


@bp.post("/categories/<int:cat_id>/delete")
def category_delete(cat_id: int):  # type: ignore[no-untyped-def]
    """Delete a category no proposal uses."""
    cat = get_or_404(Category, cat_id)
    return _delete(lambda: ops.delete_category(db(), cat),
                   _("已删除提案类别 %(name)s。", name=cat.name), "admin.categories",
                   url_for("admin.category_edit", cat_id=cat_id))


# --- congress sessions -------------------------------------------------------------------


def _session_input(form: SessionForm) -> ops.SessionInput:
    """What the form holds, for workflow.admin."""
    return ops.SessionInput(
        name=form.name.data or "", year=form.year.data, opens_on=form.opens_on.data,
        closes_on=form.closes_on.data, cosign_threshold=form.cosign_threshold.data,
        answer_deadline_days=form.answer_deadline_days.data)


def _save_session(form: SessionForm, sess: CongressSession | None) -> bool:
    """Validate and save; False (errors on the form) when refused."""
    return saved(form, lambda: ops.save_session(db(), _session_input(form), sess),
                 lambda done: _("已保存届次 %(name)s。", name=done.name))


@bp.route("/sessions", methods=["GET", "POST"])
def sessions():  # type: ignore[no-untyped-def]
    """Congress sessions (届次); create one."""
    form = SessionForm()
    if request.method == "GET":
        form.year.data = form.year.data or date.today().year
    elif _save_session(form, None):
        return redirect(url_for("admin.sessions"))
    return render_template("admin/sessions.html", rows=ops.list_sessions(db()),
                           form=form), status()


@bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
def session_edit(session_id: int):  # type: ignore[no-untyped-def]
    """Change a congress session's name, window, threshold and deadline."""
    sess = get_or_404(CongressSession, session_id)
    form = prefilled(SessionForm, obj=sess)
    if _save_session(form, sess):
        return redirect(url_for("admin.sessions"))
    return render_template("admin/session_edit.html", form=form, sess=sess,
                           uses=ops.session_references(db(), sess)), status()


# --- calendar overrides ------------------------------------------------------------------


@bp.route("/calendar", methods=["GET", "POST"])
def calendar():  # type: ignore[no-untyped-def]
    """调休/节假日修正: corrections to the holiday package."""
    form = OverrideForm()
    if saved(form, lambda: ops.set_override(db(), form.day.data, form.kind.data == "workday",
                                            form.note.data or ""),
             lambda row: _("已保存 %(day)s 的日历修正。", day=row.day.isoformat())):
        return redirect(url_for("admin.calendar"))
    return render_template("admin/calendar.html", rows=ops.list_overrides(db()), form=form,
                           button=EmptyForm()), status()


@bp.post("/calendar/<day>/delete")
def calendar_delete(day: str):  # type: ignore[no-untyped-def]
    """Remove one correction."""
    try:
        key = date.fromisoformat(day)
    except ValueError:
        abort(404)
    row = get_or_404(CalendarOverride, key)
    if EmptyForm().validate_on_submit():
        ops.delete_override(db(), row)
        db().commit()
        flash(_("已删除 %(day)s 的日历修正。", day=key.isoformat()), "success")
    return redirect(url_for("admin.calendar"))
