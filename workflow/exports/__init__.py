"""Exports of plans, proposals and lists: .docx, PDF, .xlsx and CSV (Flask-free).

Every function returns an `Export` (bytes, file name, MIME type); callers send or save it.
`lang` is the reader's language: zh_Hant gives Traditional script, zh_Hans Simplified.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.convert import converter_for
from workflow.models import AuditEntry, Plan, Proposal

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"
MIMETYPES = {"docx": DOCX, "pdf": PDF, "xlsx": XLSX, "csv": CSV}
HTML_LANG = {"zh_Hans": "zh-Hans", "zh_Hant": "zh-Hant", "en": "zh-Hans"}


@dataclass(frozen=True)
class Export:
    """A generated file."""

    data: bytes
    filename: str
    mimetype: str


def safe_filename(name: str) -> str:
    """A file name without path separators or control characters (Chinese kept)."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", name).strip(" ._")
    return cleaned[:80] or "export"


def plan_issue_date(session: Session, plan: Plan) -> date:
    """The date a plan carries at its end: when it was published, else today."""
    at = session.scalar(select(AuditEntry.at).where(
        AuditEntry.kind == "plan", AuditEntry.doc_id == plan.id,
        AuditEntry.action == "publish").order_by(AuditEntry.seq.desc()).limit(1))
    return date.fromisoformat(at[:10]) if at else date.today()


def plan_file(session: Session, plan: Plan, fmt: str, lang: str = "zh_Hans") -> Export:
    """The plan as .docx or PDF (raises PdfUnavailable when PDFs cannot be made here)."""
    tr = converter_for(lang)
    issued = plan_issue_date(session, plan)
    name = safe_filename(tr(plan.title) or f"plan-{plan.id}") + f".{fmt}"
    if fmt == "docx":
        from workflow.exports.docx_plan import plan_docx

        return Export(plan_docx(plan, issued, tr), name, DOCX)
    if fmt == "pdf":
        from workflow.exports.pdf import plan_pdf

        return Export(plan_pdf(plan, issued, tr, HTML_LANG.get(lang, "zh-Hans")), name, PDF)
    raise ValueError(f"unknown format {fmt!r}")


def proposal_file(session: Session, proposal: Proposal, fmt: str,
                  lang: str = "zh_Hans") -> Export:
    """The proposal's 提案表 as .docx or PDF."""
    from workflow.exports.sheet import proposal_sheet

    tr = converter_for(lang)
    sheet = proposal_sheet(session, proposal)
    number = proposal.number or f"P{proposal.id}"
    name = safe_filename(tr(f"提案{number}-{proposal.title}")) + f".{fmt}"
    if fmt == "docx":
        from workflow.exports.docx_proposal import proposal_docx

        return Export(proposal_docx(sheet, tr), name, DOCX)
    if fmt == "pdf":
        from workflow.exports.pdf import proposal_pdf

        return Export(proposal_pdf(sheet, tr, HTML_LANG.get(lang, "zh-Hans")), name, PDF)
    raise ValueError(f"unknown format {fmt!r}")


def _list_file(docs: list[Any], tabulate: Callable[..., Any], fmt: str, lang: str,
               visible: Callable[[Any], bool] | None, title: str) -> Export:
    """The `visible` ones of `docs` tabulated as .xlsx or CSV, named `title` in `lang`."""
    from workflow.exports.tables import to_csv, to_xlsx

    tr = converter_for(lang)
    table = tabulate([d for d in docs if visible is None or visible(d)], lang, tr)
    data = to_xlsx(table, tr) if fmt == "xlsx" else to_csv(table, tr)
    return Export(data, f"{tr(title)}.{fmt}", MIMETYPES[fmt])


def plan_items_file(session: Session, filters: dict[str, Any], fmt: str,
                    lang: str = "zh_Hans", visible: Any = None) -> Export:
    """Schedule items of the plans matching the list filters, as .xlsx or CSV."""
    from workflow.exports.tables import plan_items_table, plans_filtered

    return _list_file(plans_filtered(session, filters), plan_items_table, fmt, lang, visible,
                      "工作计划事项")


def proposals_list_file(session: Session, filters: dict[str, Any], fmt: str,
                        lang: str = "zh_Hans", visible: Any = None) -> Export:
    """Proposals matching the list filters, as .xlsx or CSV."""
    from workflow.exports.tables import proposals_filtered, proposals_table

    return _list_file(proposals_filtered(session, filters), proposals_table, fmt, lang, visible,
                      "教代会提案")
