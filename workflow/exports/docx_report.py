"""提案办理情况报告 of a congress session as .docx (text and tables)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from docx.shared import Mm

from workflow.definitions import get
from workflow.exports import _docx as d
from workflow.exports.labels import ANSWER_CLASS, RATING, cn_date, label


def _identity(text: str | None) -> str:
    """Text unchanged (no script conversion)."""
    return text or ""


def _count_table(doc: Any, head: tuple[str, str], rows: list[tuple[str, Any]],
                 tr: Callable[[str | None], str]) -> None:
    """A two-column table: name | number."""
    table = d.table(doc, 1 + len(rows), [Mm(110), Mm(46)])
    d.repeat_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        d.cell_text(cell, tr(text), font=d.HEADING_FONT, center=True)
    for row, (name, value) in zip(table.rows[1:], rows, strict=True):
        d.cell_text(row.cells[0], tr(name))
        d.cell_text(row.cells[1], str(value), center=True)
    doc.add_paragraph()


def proposal_report_docx(rep: Any, tr: Callable[[str | None], str] = _identity,
                         organisation: str = "") -> bytes:
    """The report as .docx bytes: summary text, tables by state/category/department, open list."""
    from workflow.reports import percent

    states = get("proposal").states
    doc = d.new_document()
    d.title(doc, tr(f"{rep.session.name}\n提案办理情况报告"))
    d.body(doc, tr(
        f"本次会议共收到提案{rep.total}件，经提案委员会审查，立案{rep.filed}件，"
        f"不予立案（含并案、转为意见建议、撤回）{rep.not_filed}件，尚在审查{rep.pending}件。"
        f"已交承办部门办理{rep.approved}件，已答复{rep.answered}件，办复率{percent(rep.reply_rate)}。"))
    d.body(doc, tr(
        f"提案人已评价{rep.rated}件，其中满意{rep.ratings.get('satisfied', 0)}件"
        f"（满意率{percent(rep.satisfied_rate)}），基本满意"
        f"{rep.ratings.get('basically_satisfied', 0)}件（{percent(rep.basically_rate)}），"
        f"不满意{rep.ratings.get('unsatisfied', 0)}件。按期答复{rep.on_time}件，"
        f"逾期答复{rep.late}件，逾期未答复{rep.overdue_unanswered}件。"))
    d.heading(doc, tr("一、提案状态分布"))
    _count_table(doc, ("状态", "件数"),
                 [(states[s].label("zh_Hans"), n) for s, n in rep.by_state.items()], tr)
    d.heading(doc, tr("二、立案提案分类统计"))
    _count_table(doc, ("类别", "件数"), list(rep.by_category.items()), tr)
    d.heading(doc, tr("三、承办部门统计"))
    _count_table(doc, ("承办部门", "件数"), list(rep.by_department.items()), tr)
    d.heading(doc, tr("四、答复类别与评价"))
    _count_table(doc, ("项目", "件数"),
                 [(label(ANSWER_CLASS, k), n) for k, n in rep.answer_classes.items()]
                 + [(label(RATING, k), rep.ratings.get(k, 0)) for k in RATING], tr)
    d.heading(doc, tr("五、尚未办结的提案"))
    if rep.open:
        table = d.table(doc, 1 + len(rep.open), [Mm(24), Mm(66), Mm(36), Mm(30)])
        d.repeat_header(table.rows[0])
        for cell, text in zip(table.rows[0].cells, ("编号", "案由", "状态", "已等待（工作日）"),
                              strict=True):
            d.cell_text(cell, tr(text), font=d.HEADING_FONT, center=True)
        for row, item in zip(table.rows[1:], rep.open, strict=True):
            p = item.proposal
            d.cell_text(row.cells[0], p.number or "—", center=True)
            d.cell_text(row.cells[1], tr(p.title))
            d.cell_text(row.cells[2], tr(states[p.state].label("zh_Hans")
                                         + ("（逾期）" if item.overdue else "")), center=True)
            d.cell_text(row.cells[3], str(item.days_waiting), center=True)
    else:
        d.body(doc, tr("无。"))
    if organisation:
        d.right(doc, tr(organisation), space_before=Mm(10))
    d.right(doc, cn_date(rep.today or date.today()))
    return d.save(doc)
