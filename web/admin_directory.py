"""系统管理 · reference data: departments, categories, congress sessions, calendar."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from web import db
from web.admin import bp, get_or_404, show_error
from web.forms_admin import CategoryForm, DepartmentForm, EmptyForm, OverrideForm, SessionForm
from workflow import admin as ops
from workflow.errors import FieldError
from workflow.models import CalendarOverride, Category, CongressSession, Department

# --- departments -------------------------------------------------------------------------


@bp.route("/departments", methods=["GET", "POST"])
def departments():  # type: ignore[no-untyped-def]
    """Departments with their use; create one."""
    form = DepartmentForm()
    status = 200
    if request.method == "POST":
        status = 400
        if form.validate_on_submit():
            try:
                dept = ops.create_department(db(), form.name.data or "")
            except FieldError as exc:
                show_error(form, exc)
            else:
                db().commit()
                flash(_("已添加部门 %(name)s。", name=dept.name), "success")
                return redirect(url_for("admin.departments"))
    return render_template("admin/departments.html", rows=ops.list_departments(db()),
                           form=form, button=EmptyForm()), status


@bp.route("/departments/<int:dept_id>", methods=["GET", "POST"])
def department_edit(dept_id: int):  # type: ignore[no-untyped-def]
    """Rename or (de)activate a department."""
    dept = get_or_404(Department, dept_id)
    if request.method == "GET":
        form = DepartmentForm(formdata=None, name=dept.name, active=dept.active)
        status = 200
    else:
        form, status = DepartmentForm(), 400
        if form.validate_on_submit():
            try:
                ops.update_department(db(), dept, name=form.name.data or "",
                                      active=bool(form.active.data))
            except FieldError as exc:
                show_error(form, exc)
            else:
                db().commit()
                flash(_("已保存部门 %(name)s。", name=dept.name), "success")
                return redirect(url_for("admin.departments"))
    return render_template("admin/edit_simple.html", form=form, title=_("编辑部门"),
                           back=url_for("admin.departments"),
                           uses=ops.department_references(db(), dept),
                           delete_url=url_for("admin.department_delete", dept_id=dept.id),
                           button=EmptyForm()), status


@bp.post("/departments/<int:dept_id>/delete")
def department_delete(dept_id: int):  # type: ignore[no-untyped-def]
    """Delete a department nobody refers to."""
    dept = get_or_404(Department, dept_id)
    if EmptyForm().validate_on_submit():
        name = dept.name
        try:
            ops.delete_department(db(), dept)
        except FieldError as exc:
            show_error(None, exc)
            return redirect(url_for("admin.department_edit", dept_id=dept_id))
        db().commit()
        flash(_("已删除部门 %(name)s。", name=name), "success")
    return redirect(url_for("admin.departments"))


# --- categories --------------------------------------------------------------------------


@bp.route("/categories", methods=["GET", "POST"])
def categories():  # type: ignore[no-untyped-def]
    """Proposal categories with their use; create one."""
    form = CategoryForm()
    status = 200
    if request.method == "POST":
        status = 400
        if form.validate_on_submit():
            try:
                cat = ops.create_category(db(), form.name.data or "")
            except FieldError as exc:
                show_error(form, exc)
            else:
                db().commit()
                flash(_("已添加提案类别 %(name)s。", name=cat.name), "success")
                return redirect(url_for("admin.categories"))
    return render_template("admin/categories.html", rows=ops.list_categories(db()),
                           form=form), status


@bp.route("/categories/<int:cat_id>", methods=["GET", "POST"])
def category_edit(cat_id: int):  # type: ignore[no-untyped-def]
    """Rename a category."""
    cat = get_or_404(Category, cat_id)
    if request.method == "GET":
        form, status = CategoryForm(formdata=None, name=cat.name), 200
    else:
        form, status = CategoryForm(), 400
        if form.validate_on_submit():
            try:
                ops.update_category(db(), cat, name=form.name.data or "")
            except FieldError as exc:
                show_error(form, exc)
            else:
                db().commit()
                flash(_("已保存提案类别 %(name)s。", name=cat.name), "success")
                return redirect(url_for("admin.categories"))
    return render_template("admin/edit_simple.html", form=form, title=_("编辑提案类别"),
                           back=url_for("admin.categories"),
                           uses=ops.category_references(db(), cat),
                           delete_url=url_for("admin.category_delete", cat_id=cat.id),
                           button=EmptyForm()), status


@bp.post("/categories/<int:cat_id>/delete")
def category_delete(cat_id: int):  # type: ignore[no-untyped-def]
    """Delete a category no proposal uses."""
    cat = get_or_404(Category, cat_id)
    if EmptyForm().validate_on_submit():
        name = cat.name
        try:
            ops.delete_category(db(), cat)
        except FieldError as exc:
            show_error(None, exc)
            return redirect(url_for("admin.category_edit", cat_id=cat_id))
        db().commit()
        flash(_("已删除提案类别 %(name)s。", name=name), "success")
    return redirect(url_for("admin.categories"))


# --- congress sessions -------------------------------------------------------------------


def _session_input(form: SessionForm) -> ops.SessionInput:
    """What the form holds, for workflow.admin."""
    return ops.SessionInput(
        name=form.name.data or "", year=form.year.data, opens_on=form.opens_on.data,
        closes_on=form.closes_on.data, cosign_threshold=form.cosign_threshold.data,
        answer_deadline_days=form.answer_deadline_days.data)


def _save_session(form: SessionForm, sess: CongressSession | None) -> CongressSession | None:
    """Validate and save; None (errors on the form) when refused."""
    if not form.validate_on_submit():
        return None
    try:
        saved = ops.save_session(db(), _session_input(form), sess)
    except FieldError as exc:
        show_error(form, exc)
        return None
    db().commit()
    flash(_("已保存届次 %(name)s。", name=saved.name), "success")
    return saved


@bp.route("/sessions", methods=["GET", "POST"])
def sessions():  # type: ignore[no-untyped-def]
    """Congress sessions (届次); create one."""
    form = SessionForm()
    status = 200
    if request.method == "GET":
        form.year.data = form.year.data or date.today().year
    elif _save_session(form, None) is not None:
        return redirect(url_for("admin.sessions"))
    else:
        status = 400
    return render_template("admin/sessions.html", rows=ops.list_sessions(db()),
                           form=form), status


@bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
def session_edit(session_id: int):  # type: ignore[no-untyped-def]
    """Change a congress session's name, window, threshold and deadline."""
    sess = get_or_404(CongressSession, session_id)
    if request.method == "GET":
        form, status = SessionForm(formdata=None, obj=sess), 200
    else:
        form, status = SessionForm(), 400
        if _save_session(form, sess) is not None:
            return redirect(url_for("admin.sessions"))
    return render_template("admin/session_edit.html", form=form, sess=sess,
                           uses=ops.session_references(db(), sess)), status


# --- calendar overrides ------------------------------------------------------------------


@bp.route("/calendar", methods=["GET", "POST"])
def calendar():  # type: ignore[no-untyped-def]
    """调休/节假日修正: corrections to the holiday package."""
    form = OverrideForm()
    status = 200
    if request.method == "POST":
        status = 400
        if form.validate_on_submit():
            try:
                row = ops.set_override(db(), form.day.data, form.kind.data == "workday",
                                       form.note.data or "")
            except FieldError as exc:
                show_error(form, exc)
            else:
                db().commit()
                flash(_("已保存 %(day)s 的日历修正。", day=row.day.isoformat()), "success")
                return redirect(url_for("admin.calendar"))
    return render_template("admin/calendar.html", rows=ops.list_overrides(db()), form=form,
                           button=EmptyForm()), status


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
