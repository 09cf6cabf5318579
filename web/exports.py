"""Downloads: a plan or proposal as .docx/PDF, lists of plan items and proposals as .xlsx/CSV."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import Blueprint, abort, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import login_required

from web import db
from web.i18n import current_lang
from web.util import load_or_abort, me
from workflow import policy
from workflow.exports import (
    Export,
    plan_file,
    plan_items_file,
    proposal_file,
    proposals_list_file,
)
from workflow.exports.pdf import PdfUnavailable, unavailable_reason

bp = Blueprint("exports", __name__)

PLAN_FILTERS = ("year", "state", "author")
PROPOSAL_FILTERS = ("session", "state", "category", "department", "author")


def _send(export: Export) -> Any:
    """The file as a download with its (Chinese) file name."""
    response = send_file(BytesIO(export.data), mimetype=export.mimetype, as_attachment=True,
                         download_name=export.filename, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _pdf_unavailable(reason: str) -> Any:
    """A clear page (503) when this server cannot make PDFs, instead of a crash."""
    return render_template(
        "errors/error.html", code=503, title=_("暂时无法生成 PDF"),
        message=_("服务器缺少生成 PDF 所需的组件（%(reason)s）。请下载 Word 版本后打印。",
                  reason=reason)), 503


def _document(kind: str, doc_id: int, fmt: str) -> Any:
    """A plan or proposal the user may read, as .docx or PDF."""
    doc = load_or_abort(kind, doc_id)
    make = plan_file if kind == "plan" else proposal_file
    if fmt == "pdf":
        reason = unavailable_reason()
        if reason:
            return _pdf_unavailable(reason)
    try:
        return _send(make(db(), doc, fmt, current_lang()))
    except PdfUnavailable as exc:
        return _pdf_unavailable(str(exc))


@bp.get("/plans/<int:doc_id>/export.docx")
@login_required
def plan_docx(doc_id: int) -> Any:
    """The plan as a Word document in the style of an official paper."""
    return _document("plan", doc_id, "docx")


@bp.get("/plans/<int:doc_id>/export.pdf")
@login_required
def plan_pdf(doc_id: int) -> Any:
    """The plan as PDF."""
    return _document("plan", doc_id, "pdf")


@bp.get("/proposals/<int:doc_id>/export.docx")
@login_required
def proposal_docx(doc_id: int) -> Any:
    """The proposal as a 提案表 Word document."""
    return _document("proposal", doc_id, "docx")


@bp.get("/proposals/<int:doc_id>/export.pdf")
@login_required
def proposal_pdf(doc_id: int) -> Any:
    """The proposal's 提案表 as PDF."""
    return _document("proposal", doc_id, "pdf")


def _filters(names: tuple[str, ...]) -> dict[str, str]:
    """The list filters given in the query string."""
    return {name: request.args.get(name, "").strip() for name in names}


def _list(kind: str, fmt: str) -> Any:
    """A filtered list as .xlsx or CSV, for users who may export lists."""
    user = me()
    if not policy.may(user, "export_lists"):
        abort(403)
    if fmt not in ("xlsx", "csv"):
        abort(404)

    def visible(doc: Any) -> bool:
        return policy.can_view(doc, user)

    if kind == "plan":
        export = plan_items_file(db(), _filters(PLAN_FILTERS), fmt, current_lang(), visible)
    else:
        export = proposals_list_file(db(), _filters(PROPOSAL_FILTERS), fmt, current_lang(),
                                     visible)
    return _send(export)


# The first rule registered (the lowest decorator) is what url_for builds by default.
@bp.get("/exports/plan-items.csv", defaults={"fmt": "csv"})
@bp.get("/exports/plan-items.xlsx", defaults={"fmt": "xlsx"})
@login_required
def plan_items_xlsx(fmt: str) -> Any:
    """Schedule items of the plans matching ?year=&state=&author= (fmt: xlsx or csv)."""
    return _list("plan", fmt)


# The first rule registered (the lowest decorator) is what url_for builds by default.
@bp.get("/exports/proposals.csv", defaults={"fmt": "csv"})
@bp.get("/exports/proposals.xlsx", defaults={"fmt": "xlsx"})
@login_required
def proposals_xlsx(fmt: str) -> Any:
    """Proposals matching ?session=&state=&category=&department=&author= (xlsx or csv)."""
    return _list("proposal", fmt)
