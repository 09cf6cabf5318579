"""A proposal as .docx in the shape of a 提案表 (staff-congress proposal form)."""

from __future__ import annotations

from collections.abc import Callable

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.shared import Mm, Pt

from workflow.exports import _docx as d
from workflow.exports.sheet import ProposalSheet

# Short values share a row two by two; long texts take a whole row.
PAIRED = (("编号", "届次"), ("提案人", "附议人"), ("类别", "办理状态"))
WIDE = ("案由", "理由", "建议", "提案委员会意见", "承办部门", "答复", "答复类别", "评价")
WIDTHS = [Mm(28), Mm(50), Mm(28), Mm(50)]
TALL = ("理由", "建议", "答复")


def _identity(text: str | None) -> str:
    """Text unchanged (no script conversion)."""
    return text or ""


def proposal_docx(sheet: ProposalSheet, tr: Callable[[str | None], str] = _identity) -> bytes:
    """The 提案表 as .docx bytes: centred title, one bordered table of every field."""
    doc = d.new_document()
    d.title(doc, tr(sheet.title))
    values = sheet.values
    table = d.table(doc, len(PAIRED) + len(WIDE), WIDTHS)
    for row, (left, right) in zip(table.rows, PAIRED, strict=False):
        for col, name in ((0, left), (2, right)):
            d.cell_text(row.cells[col], tr(name), font=d.HEADING_FONT, center=True)
            d.cell_text(row.cells[col + 1], tr(values.get(name, "")))
    for pos, name in enumerate(WIDE, start=len(PAIRED)):
        head = table.cell(pos, 0)
        d.cell_text(head, tr(name), font=d.HEADING_FONT, center=True)
        head.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        merged = table.cell(pos, 1).merge(table.cell(pos, 3))
        d.cell_text(merged, tr(values.get(name, "")))
        if name in TALL:
            table.rows[pos].height = Mm(30)
    note = doc.add_paragraph()
    note.paragraph_format.space_before = Pt(6)
    d.set_font(note.add_run(tr("注：本表由学校工会工作平台生成。")), d.BODY_FONT, Pt(10.5))
    return d.save(doc)
