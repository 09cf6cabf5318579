"""A work plan as .docx in the style of a Chinese official document."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.shared import Mm, Pt

from workflow.exports import _docx as d
from workflow.exports.labels import cn_date, cn_number, section_heading
from workflow.models import Plan

SCHEDULE_HEADING = "月份工作安排"
SUMMARY_HEADING = "年度工作总结"
COLUMNS = ("月份", "工作内容", "负责人")
WIDTHS = [Mm(28), Mm(86), Mm(42)]


def _identity(text: str | None) -> str:
    """Text unchanged (no script conversion)."""
    return text or ""


def schedule_rows(plan: Plan) -> list[tuple[str, str, str, int]]:
    """(month label, item text, owner, items in the entry) per schedule item, in order."""
    rows = []
    for entry in plan.schedule:
        if not entry.items:
            rows.append((entry.label, "", "", 1))
        for item in entry.items:
            rows.append((entry.label, item.text, item.owner.name if item.owner else "",
                         len(entry.items)))
    return rows


def plan_docx(plan: Plan, issued: date | None = None,
              tr: Callable[[str | None], str] = _identity) -> bytes:
    """The plan as .docx bytes: title, principles, numbered sections, schedule table, signature."""
    doc = d.new_document()
    d.title(doc, tr(plan.title))
    for para in (plan.principles or "").split("\n"):
        if para.strip():
            d.body(doc, tr(para.strip()))
    number = 0
    for section in plan.sections:
        number += 1
        d.heading(doc, tr(section_heading(section.number or cn_number(number), section.title)))
        for pos, item in enumerate(section.items, start=1):
            d.body(doc, tr(f"{pos}．{item.text}"))
    if plan.schedule:
        number += 1
        d.heading(doc, tr(f"{cn_number(number)}、{SCHEDULE_HEADING}"))
        _schedule_table(doc, plan, tr)
    if plan.summary.strip():
        number += 1
        d.heading(doc, tr(f"{cn_number(number)}、{SUMMARY_HEADING}"))
        for para in plan.summary.split("\n"):
            if para.strip():
                d.body(doc, tr(para.strip()))
    if plan.organisation:
        d.right(doc, tr(plan.organisation), space_before=Pt(40))
    d.right(doc, cn_date(issued or date.today()),
            space_before=None if plan.organisation else Pt(40))
    return d.save(doc)


def _schedule_table(doc: object, plan: Plan, tr: Callable[[str | None], str]) -> None:
    """月份 | 工作内容 | 负责人, the month cell merged over the entry's items."""
    rows = schedule_rows(plan)
    table = d.table(doc, 1 + len(rows), WIDTHS)
    header = table.rows[0]
    d.repeat_header(header)
    for cell, text in zip(header.cells, COLUMNS, strict=True):
        d.cell_text(cell, text, font=d.HEADING_FONT, center=True)
    pos = 1
    while pos <= len(rows):
        label, _text, _owner, span = rows[pos - 1]
        first = table.cell(pos, 0)
        if span > 1:
            first = first.merge(table.cell(pos + span - 1, 0))
        d.cell_text(first, tr(label), center=True)
        first.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for offset in range(span):
            _label, text, owner, _span = rows[pos - 1 + offset]
            d.cell_text(table.cell(pos + offset, 1), tr(text))
            owner_cell = table.cell(pos + offset, 2)
            d.cell_text(owner_cell, tr(owner), center=True)
            owner_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        pos += span
