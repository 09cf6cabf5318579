"""工作计划: list, draft editor, import from text, review page, print view, tracking board."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from web import db
from web.documents import diagram, timeline
from web.forms import ActionForm
from web.forms_plans import (
    ImportForm,
    PlanForm,
    Rows,
    apply_op,
    default_year,
    empty_rows,
    parse_rows,
    rows_from_content,
    rows_to_content,
)
from web.i18n import current_lang
from web.util import (
    commit_engine,
    flash_refusal,
    load_or_abort,
    me,
    parse_version,
    refusal,
    run_action,
)
from workflow import engine
from workflow.content import plan_content
from workflow.convert import to_script
from workflow.definitions import get
from workflow.errors import StaleVersion
from workflow.models import ITEM_STATUSES
from workflow.plan_diff import review_diff
from workflow.plan_import import (
    MAX_UPLOAD_BYTES,
    PlanImportError,
    decode_upload,
    draft_content,
    guess_year,
    parse_plan_text,
)
from workflow.plan_tracking import board, find_item
from workflow.queries_plans import (
    TRACKED_STATES,
    PlanFilter,
    copy_content,
    filter_choices,
    last_return,
    list_plans,
    users_for_owner,
)
from workflow.reports import summary_draft

bp = Blueprint("plans", __name__, url_prefix="/plans")
HIDDEN_ACTIONS = ("edit", "track")


def _int_arg(name: str) -> int | None:
    """An integer query argument; 400 when it is junk."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9:
        abort(400)
    return int(raw)


@bp.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    """Plans the user may read, filtered by year, state and author (all in the URL)."""
    year = _int_arg("year")
    state = request.args.get("state", "").strip() or None
    if state is not None and state not in get("plan").states:
        abort(400)
    authors = tuple(a for raw in request.args.getlist("author")
                    for a in re.split(r"[,，\s]+", raw) if a)[:20]
    page_raw = request.args.get("page", "1")
    page = int(page_raw) if page_raw.isdigit() and len(page_raw) < 7 else 1
    flt = PlanFilter(year, state, authors)
    result = list_plans(db(), me(), flt, page, current_app.config.get("PER_PAGE", 20))
    years, people = filter_choices(db(), me())
    args: dict[str, Any] = {k: v for k, v in (("year", year), ("state", state)) if v}
    if authors:
        args["author"] = ",".join(authors)
    return render_template("plans/index.html", result=result, flt=flt, years=years,
                           people=people, args=args, states=get("plan").states,
                           can_create=engine.can_create("plan", me()))


def _render_editor(form: PlanForm, rows: Rows, doc: Any = None, error: str | None = None,
                   status: int = 200):  # type: ignore[no-untyped-def]
    """The draft editor with what the user typed."""
    return render_template("plans/edit.html", form=form, rows=rows, doc=doc, error=error,
                           owners=users_for_owner(db())), status


def _editor_post(form: PlanForm, doc: Any = None):  # type: ignore[no-untyped-def]
    """Handle a POST of the editor: a row button re-renders, save creates or edits."""
    rows = parse_rows(request.form)
    if apply_op(rows, request.form.get("op", "save")):
        return _render_editor(form, rows, doc)
    sections, schedule, rows_ok = rows_to_content(rows, users_for_owner(db()))
    if not (form.validate() and rows_ok):
        return _render_editor(form, rows, doc, _("请检查标出的内容。"), 400)
    content = {"title": form.title.data, "year": form.year.data,
               "organisation": form.organisation.data or "",
               "principles": form.principles.data or "", "sections": sections,
               "schedule": schedule}
    if doc is None:
        doc, refused = commit_engine(engine.create, "plan", me(), **content)
    else:
        refused = commit_engine(engine.edit, doc, me(), content,
                                   expected_version=parse_version(form.version.data))[1]
    if refused is not None:
        if isinstance(refused, StaleVersion) and doc is not None:
            db().refresh(doc)
            form.version.data = str(doc.version)
        return _render_editor(form, rows, doc, refusal(refused), 400)
    flash(_("计划已保存。"), "success")
    return redirect(url_for("plans.view", doc_id=doc.id))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():  # type: ignore[no-untyped-def]
    """Write a new plan draft."""
    if not engine.can_create("plan", me()):
        abort(403)
    form = PlanForm()
    if request.method == "POST":
        return _editor_post(form)
    form.year.data = default_year()
    form.title.data = _("%(year)s年学校工会工作计划", year=form.year.data)
    return _render_editor(form, empty_rows())


@bp.route("/<int:doc_id>/edit", methods=["GET", "POST"])
@login_required
def edit(doc_id: int):  # type: ignore[no-untyped-def]
    """Change a draft; a plan that is no longer editable goes back to its page."""
    doc = load_or_abort("plan", doc_id)
    refused = engine.refusal(doc, "edit", me())
    if refused is not None:
        flash(refusal(refused), "warning")
        return redirect(url_for("plans.view", doc_id=doc.id))
    form = PlanForm(obj=None if request.method == "POST" else doc)
    if request.method == "POST":
        return _editor_post(form, doc)
    form.version.data = str(doc.version)
    return _render_editor(form, rows_from_content(plan_content(doc)), doc)


def _guess_year(parsed: dict[str, Any]) -> int:
    """The year written in the imported title, else the usual next plan year."""
    return guess_year(parsed.get("title"), default_year())


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_text():  # type: ignore[no-untyped-def]
    """Paste or upload a plan text, preview the structure, save it as a draft."""
    if not engine.can_create("plan", me()):
        abort(403)
    form = ImportForm()
    parsed, error = None, None
    if request.method == "POST":
        if not form.validate():
            error = _("请检查标出的内容。")
        else:
            try:
                text = form.text.data or ""
                upload = request.files.get("upload")
                if upload is not None and upload.filename:
                    text = decode_upload(upload.read(MAX_UPLOAD_BYTES + 1), upload.filename)
                parsed = parse_plan_text(text)
                form.text.data = text
            except PlanImportError as exc:
                error = _("无法导入：%(reason)s", reason=str(exc))
        if parsed is not None and request.form.get("op") == "save":
            year = form.year.data or _guess_year(parsed)
            content = draft_content(parsed, year, form.title.data or "",
                                     form.organisation.data or "")
            doc, refused = commit_engine(engine.create, "plan", me(), **content)
            if refused is not None:
                error = refusal(refused)
            else:
                flash(_("已保存为草稿，请核对内容。"), "success")
                return redirect(url_for("plans.edit", doc_id=doc.id))
        if parsed is not None:
            form.year.data = form.year.data or _guess_year(parsed)
            form.year.raw_data = None  # show the guessed year, not the empty input
            form.title.data = form.title.data or parsed.get("title") or ""
    return render_template("plans/import.html", form=form, parsed=parsed, error=error), \
        400 if error else 200


@bp.post("/<int:doc_id>/copy")
@login_required
def copy(doc_id: int):  # type: ignore[no-untyped-def]
    """Start next year's plan from this one (a new draft, statuses cleared)."""
    doc = load_or_abort("plan", doc_id)
    new_doc, refused = commit_engine(engine.create, "plan", me(), **copy_content(doc))
    if refused is not None:
        flash_refusal(refused)
        return redirect(url_for("plans.view", doc_id=doc.id))
    flash(_("已根据“%(title)s”新建下一年计划草稿。", title=doc.title), "success")
    return redirect(url_for("plans.edit", doc_id=new_doc.id))


@bp.get("/<int:doc_id>")
@login_required
def view(doc_id: int):  # type: ignore[no-untyped-def]
    """The plan as it will be published, the changes under review and the action panel."""
    doc = load_or_abort("plan", doc_id)
    options = engine.action_options(doc, me())
    panel = [o for o in options if o.action.name not in HIDDEN_ACTIONS]
    close = next((o for o in panel if o.action.name == "close"), None)
    return render_template(
        "plans/view.html", doc=doc, panel=panel,
        can_edit=any(o.action.name == "edit" and o.allowed for o in options),
        tracked=doc.state in TRACKED_STATES, diff=review_diff(db(), doc),
        returned=last_return(db(), doc), can_copy=engine.can_create("plan", me()),
        # A stored summary is shown exactly; only the generated draft follows the reader's script.
        summary=doc.summary or (to_script(summary_draft(doc), current_lang())
                                if close is not None else ""),
        entries=timeline(db(), doc), diagram=diagram(doc), lang=current_lang())


@bp.post("/<int:doc_id>/act/<action>")
@login_required
def act(doc_id: int, action: str):  # type: ignore[no-untyped-def]
    """Take one workflow action (comment, version and the action's fields from the form)."""
    doc = load_or_abort("plan", doc_id)
    act_def = get("plan").actions.get(action)
    if act_def is None or action in HIDDEN_ACTIONS:
        abort(404)
    form = ActionForm()
    if not form.validate():
        flash(_("意见太长或表单已失效，请重试。"), "danger")
        return redirect(url_for("plans.view", doc_id=doc.id))
    fields = {f.name: request.form[f.name] for f in act_def.fields
              if request.form.get(f.name, "").strip()}
    if run_action(doc, action, comment=form.comment.data, fields=fields or None,
                  expected_version=parse_version(form.version.data)):
        flash(_("已完成：%(action)s", action=act_def.label(current_lang())), "success")
    return redirect(url_for("plans.view", doc_id=doc.id))


@bp.get("/<int:doc_id>/print", endpoint="print")
@login_required
def print_view(doc_id: int):  # type: ignore[no-untyped-def]
    """A print-friendly A4 view in the style of an official document."""
    doc = load_or_abort("plan", doc_id)
    return render_template("plans/print.html", doc=doc)


@bp.get("/<int:doc_id>/board", endpoint="board")
@login_required
def board_view(doc_id: int):  # type: ignore[no-untyped-def]
    """The tracking board of a published (or closed) plan."""
    doc = load_or_abort("plan", doc_id)
    if doc.state not in TRACKED_STATES:
        flash(_("计划公布后才能跟踪执行进度。"), "info")
        return redirect(url_for("plans.view", doc_id=doc.id))
    return render_template("plans/board.html", doc=doc, board=board(doc, me()),
                           statuses=ITEM_STATUSES)


@bp.post("/<int:doc_id>/items/<int:item_id>/status")
@login_required
def track(doc_id: int, item_id: int):  # type: ignore[no-untyped-def]
    """Move one schedule item to another status (items are independent: no version check)."""
    doc = load_or_abort("plan", doc_id)
    item = find_item(doc, item_id)
    if item is None:
        abort(404)
    fields = {"item": item.id, "status": request.form.get("status", "")}
    note = request.form.get("note", "").strip()
    if note:
        fields["note"] = note
    if run_action(doc, "track", fields=fields, comment=request.form.get("comment")):
        flash(_("已更新“%(item)s”的进度。", item=item.text[:30]), "success")
    return redirect(url_for("plans.board", doc_id=doc.id, _anchor=f"item-{item.id}"))

