"""教代会提案: list, write, read, act on proposals, and 我的提案."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.routing import BuildError

from web import db
from web.documents import diagram, timeline, timelines
from web.forms_proposals import ProposalForm
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
from workflow.convert import to_script
from workflow.definitions import get
from workflow.errors import StaleVersion
from workflow.messages import field_label
from workflow.models import Proposal
from workflow.policy import may
from workflow.queries_proposals import (
    Standing,
    active_departments,
    categories,
    default_session,
    filter_choices,
    is_open,
    list_proposals,
    merge_targets,
    my_proposals,
    parse_filter,
    sessions_newest_first,
    standing,
)
from workflow.workdays import WorkCalendar

bp = Blueprint("proposals", __name__, url_prefix="/proposals")

KIND = "proposal"
NEVER_FOR_YOU = ("not_author", "author_forbidden")  # blocked for good: not worth a button
EXPORTS = (("exports.proposal_docx", "Word"), ("exports.proposal_pdf", "PDF"))


def answer_class_labels() -> dict[str, str]:
    """The answer classes used in Chinese proposal work, in the reader's language."""
    return {"A": _("已解决或采纳"), "B": _("列入计划逐步解决"),
            "C": _("因条件限制暂不能解决"), "D": _("留作参考")}


def rating_labels() -> dict[str, str]:
    """The author's ratings of an answer."""
    return {"satisfied": _("满意"), "basically_satisfied": _("基本满意"),
            "unsatisfied": _("不满意")}


def standing_text(st: Standing, *, for_author: bool = True) -> str:
    """Where a proposal stands, as a sentence for its reader."""
    dept = to_script(st.department, current_lang()) or "—"
    texts = {
        "draft": _("草稿：等待您提交征集附议") if for_author else _("草稿：等待提案人提交"),
        "seconding": _("正在征集附议（附议 %(have)s/%(need)s）", have=st.have, need=st.need),
        "forward": _("附议人数已够，等待您提交提案委员会") if for_author
        else _("附议人数已够，等待提案人提交提案委员会"),
        "committee_review": _("等待提案委员会审查"),
        "party_review": _("等待党支部审批"),
        "answered": _("等待提案人评价答复") if not for_author else _("等待您评价%(dept)s的答复",
                                                                  dept=dept),
        "implementing": _("%(dept)s落实中，等待办结", dept=dept),
        "final": _("流程已结束"),
    }
    if st.code == "handling":
        if st.due:
            return _("等待%(dept)s答复（期限 %(due)s）", dept=dept, due=st.due.isoformat())
        return _("等待%(dept)s答复", dept=dept)
    return texts.get(st.code, "")


def _helpers() -> dict[str, Any]:
    """What every proposal template uses."""
    return {"answer_classes": answer_class_labels(), "ratings": rating_labels(),
            "standing_text": standing_text}


def _doc_or_404(doc_id: int) -> Proposal:
    """The proposal for this user (404 unknown, 403 not allowed)."""
    return load_or_abort(KIND, doc_id)


# --- list -------------------------------------------------------------------------------

@bp.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    """Proposals the user may read, with filters kept in the URL, and paging."""
    flt = parse_filter(request.args)
    session = db()
    page = list_proposals(session, me(), flt, current_app.config.get("PER_PAGE", 20))
    return render_template(
        "proposals/index.html", page=page, flt=flt, args=flt.args(),
        choices=filter_choices(session, me()), states=get(KIND).states,
        can_create=engine.can_create(KIND, me()), list_exports=_list_exports(flt.args()),
        **_helpers())


def _list_exports(args: dict[str, Any]) -> list[tuple[str, str]]:
    """Links to the filtered list as Excel/CSV, for those who may export lists."""
    if not may(me(), "export_lists"):
        return []
    links = []
    for fmt, label in (("xlsx", "Excel"), ("csv", "CSV")):
        try:
            links.append((label, url_for("exports.proposals_xlsx", fmt=fmt, **args)))
        except BuildError:
            continue
    return links


# --- write ------------------------------------------------------------------------------

def _session_choices(form: ProposalForm) -> None:
    """Fill the session select, marking those collecting now."""
    opened = _("（征集中）")
    form.session_id.choices = [(s.id, s.name + (opened if is_open(s) else ""))
                               for s in sessions_newest_first(db())]


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():  # type: ignore[no-untyped-def]
    """Write a new proposal (saved as a draft)."""
    if not engine.can_create(KIND, me()):
        abort(403)
    form = ProposalForm()
    _session_choices(form)
    if request.method == "GET":
        latest = default_session(db())
        form.session_id.data = latest.id if latest else None
    if form.validate_on_submit():
        doc, refused = commit_engine(engine.create, KIND, me(),
                                     session_id=form.session_id.data, **form.content())
        if refused is not None:
            flash_refusal(refused)
        else:
            flash(_("提案已保存为草稿。"), "success")
            return redirect(url_for("proposals.view", doc_id=doc.id))
    status = 400 if form.errors else 200
    return render_template("proposals/form.html", form=form, doc=None), status


@bp.route("/<int:doc_id>/edit", methods=["GET", "POST"])
@login_required
def edit(doc_id: int):  # type: ignore[no-untyped-def]
    """Change the text of a draft (or while seconding: the co-signatures lapse)."""
    doc = _doc_or_404(doc_id)
    refused = engine.refusal(doc, "edit", me())
    if refused is not None:
        flash(refusal(refused), "warning")
        return redirect(url_for("proposals.view", doc_id=doc.id))
    form = ProposalForm(obj=doc if request.method == "GET" else None)
    del form.session_id
    if request.method == "GET":
        form.version.data = str(doc.version)
    if form.validate_on_submit():
        refused = commit_engine(engine.edit, doc, me(), form.content(),
                                expected_version=parse_version(form.version.data))[1]
        if refused is None:
            flash(_("提案已保存。"), "success")
        else:
            flash_refusal(refused)
        if refused is None or isinstance(refused, StaleVersion):
            return redirect(url_for("proposals.view", doc_id=doc.id))
    status = 400 if form.errors else 200
    return render_template("proposals/form.html", form=form, doc=doc), status


# --- read and act -----------------------------------------------------------------------

def _export_links(doc: Proposal) -> list[tuple[str, str]]:
    """Links to the exports of this proposal, where those pages exist."""
    links = []
    for endpoint, label in EXPORTS:
        try:
            links.append((label, url_for(endpoint, doc_id=doc.id)))
        except BuildError:
            continue
    return links


def _view(doc: Proposal, typed: dict[str, Any] | None = None, typed_action: str | None = None,
          status: int = 200):  # type: ignore[no-untyped-def]
    """Render the proposal page (with what the user typed into one action form, if any)."""
    session = db()
    options = engine.action_options(doc, me())
    names = {o.action.name for o in options if o.allowed}
    st = standing(doc, WorkCalendar.load(session))
    ctx = {
        "doc": doc, "options": [o for o in options if o.action.name not in ("edit", "second")],
        "edit_option": next((o for o in options if o.action.name == "edit"), None),
        "second_option": next((o for o in options if o.action.name == "second"), None),
        "hidden_reasons": NEVER_FOR_YOU, "standing": st, "is_author": doc.author_id == me().id,
        "entries": timeline(session, doc), "diagram": diagram(doc),
        "categories": categories(session) if "file" in names else [],
        "departments": active_departments(session) if "file" in names else [],
        "targets": merge_targets(session, doc) if "merge" in names else [],
        "merged_into": session.get(Proposal, doc.merged_into_id) if doc.merged_into_id else None,
        "exports": _export_links(doc), "typed": typed or {}, "typed_action": typed_action,
        "field_label": _field_label,
    }
    return render_template("proposals/view.html", **ctx, **_helpers()), status


def _field_label(name: str) -> str:
    """An action field's label in the reader's language."""
    return field_label(name, current_lang())


@bp.get("/<int:doc_id>")
@login_required
def view(doc_id: int):  # type: ignore[no-untyped-def]
    """The proposal, who co-signed it, answers and ratings, actions, history, diagram."""
    return _view(_doc_or_404(doc_id))


def _fields(action: str) -> dict[str, Any]:
    """The action's fields from the posted form (lists for multi-selects)."""
    act = get(KIND).actions[action]
    fields: dict[str, Any] = {}
    for fdef in act.fields:
        if fdef.type == "departments":
            values = [v for v in request.form.getlist(fdef.name) if v.strip()]
            if values:
                fields[fdef.name] = values
        else:
            value = request.form.get(fdef.name, "")
            if value.strip():
                fields[fdef.name] = value
    return fields


@bp.post("/<int:doc_id>/act/<action>")
@login_required
def act(doc_id: int, action: str):  # type: ignore[no-untyped-def]
    """Take one action; a refusal shows the engine's reason and keeps what was typed."""
    doc = _doc_or_404(doc_id)
    if action not in get(KIND).actions or action == "edit":
        abort(404)
    expected = parse_version(request.form.get("version"))
    done = run_action(doc, action, comment=request.form.get("comment"), fields=_fields(action),
                      expected_version=expected)
    if done:
        flash(_("已完成：%(action)s", action=get(KIND).actions[action].label(current_lang())),
              "success")
        return redirect(url_for("proposals.view", doc_id=doc.id))
    if expected is not None and expected != doc.version:
        return redirect(url_for("proposals.view", doc_id=doc.id))  # stale: show the current
    typed = {k: request.form.getlist(k) if k == "assist_departments" else request.form.get(k)
             for k in request.form}
    return _view(doc, typed, action, 400)


# --- my proposals -----------------------------------------------------------------------

@bp.get("/mine")
@login_required
def mine():  # type: ignore[no-untyped-def]
    """我的提案: each of the user's proposals, where it stands, and every step so far."""
    if not may(me(), "my_proposals"):
        abort(403)
    session = db()
    cal = WorkCalendar.load(session)
    mp = my_proposals(session, me())
    lines = timelines(session, [*mp.authored, *mp.cosigned])
    rows = [(p, standing(p, cal), lines[p.id]) for p in mp.authored]
    signed = [(p, standing(p, cal), lines[p.id]) for p in mp.cosigned]
    return render_template("proposals/mine.html", rows=rows, signed=signed, **_helpers())
