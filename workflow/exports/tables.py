"""Lists of plan items and proposals, with a plan or proposal list's filters, as .xlsx and CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from workflow.definitions import get
from workflow.exports.labels import ANSWER_CLASS, ITEM_STATUS, RATING, label
from workflow.models import Plan, Proposal, User

PLAN_ITEM_HEADERS = ("计划", "年度", "计划状态", "月份", "工作内容", "负责人", "进度", "备注")
PLAN_ITEM_WIDTHS = (30, 8, 14, 14, 50, 18, 10, 30)
PROPOSAL_HEADERS = ("编号", "届次", "案由", "提案人", "附议人数", "状态", "类别", "承办部门",
                    "提交时间", "答复类别", "答复", "评价")
PROPOSAL_WIDTHS = (11, 26, 36, 16, 9, 16, 12, 14, 12, 24, 50, 12)


@dataclass
class Table:
    """A sheet to write: its name, headers, column widths (characters) and rows."""

    name: str
    headers: Sequence[str]
    widths: Sequence[int]
    rows: list[list[Any]]


def _int(raw: Any) -> int | None:
    """An integer filter value, or None when empty or not a number (a bad filter is ignored)."""
    try:
        return int(str(raw).strip()) if raw not in (None, "") else None
    except ValueError:
        return None


def _author(session: Session, raw: Any) -> int | bool | None:
    """The author filter as a user id; False when a name is given that nobody has."""
    if raw in (None, ""):
        return None
    number = _int(raw)
    if number is not None:
        return number
    user_id = session.scalar(select(User.id).where(User.username == str(raw).strip()))
    return user_id if user_id is not None else False


def _filter_by_author(query: Select, model: Any, session: Session, raw: Any) -> Select | None:
    """Add the author filter; None when it matches nobody."""
    author = _author(session, raw)
    if author is False:
        return None
    return query.where(model.author_id == author) if author is not None else query


def plans_filtered(session: Session, filters: dict[str, Any]) -> list[Plan]:
    """Plans matching the list filters year, state and author (username or id)."""
    query: Select | None = select(Plan).order_by(Plan.year.desc(), Plan.id)
    year, state = _int(filters.get("year")), filters.get("state") or None
    if year is not None:
        query = query.where(Plan.year == year)
    if state:
        query = query.where(Plan.state == str(state))
    query = _filter_by_author(query, Plan, session, filters.get("author"))
    return list(session.scalars(query).unique()) if query is not None else []


def proposals_filtered(session: Session, filters: dict[str, Any]) -> list[Proposal]:
    """Proposals matching the list filters session, state, category, department and author."""
    query: Select | None = select(Proposal).order_by(Proposal.session_id, Proposal.number,
                                                     Proposal.id)
    for key, column in (("session", Proposal.session_id), ("category", Proposal.category_id),
                        ("department", Proposal.department_id)):
        value = _int(filters.get(key))
        if value is not None:
            query = query.where(column == value)
    if filters.get("state"):
        query = query.where(Proposal.state == str(filters["state"]))
    query = _filter_by_author(query, Proposal, session, filters.get("author"))
    return list(session.scalars(query).unique()) if query is not None else []


def plan_items_table(plans: Iterable[Plan], lang: str = "zh_Hans",
                     tr: Callable[[Any], str] = lambda t: t or "") -> Table:
    """One row per schedule item: plan, year, plan state, month label, item, owner, status, note."""
    states = get("plan").states
    rows = []
    for plan in plans:
        for entry in plan.schedule:
            for item in entry.items:
                rows.append([tr(plan.title), plan.year, states[plan.state].label(lang),
                             tr(entry.label), tr(item.text),
                             tr(item.owner.name) if item.owner else "",
                             label(ITEM_STATUS, item.status, lang), tr(item.note)])
    return Table("计划事项", PLAN_ITEM_HEADERS, PLAN_ITEM_WIDTHS, rows)


def proposals_table(proposals: Iterable[Proposal], lang: str = "zh_Hans",
                    tr: Callable[[Any], str] = lambda t: t or "") -> Table:
    """One row per proposal with its number, state, department, latest answer and rating."""
    states = get("proposal").states
    rows = []
    for p in proposals:
        answer = p.answers[-1] if p.answers else None
        rating = p.ratings[-1] if p.ratings else None
        rows.append([
            p.number or "", tr(p.session.name), tr(p.title), tr(p.author.name),
            len(p.active_cosigners), states[p.state].label(lang),
            tr(p.category.name) if p.category else "",
            tr(p.department.name) if p.department else "",
            p.created_at.strftime("%Y-%m-%d"),
            label(ANSWER_CLASS, answer.answer_class, lang) if answer else "",
            tr(answer.text) if answer else "",
            label(RATING, rating.rating, lang) if rating else "",
        ])
    return Table("提案", PROPOSAL_HEADERS, PROPOSAL_WIDTHS, rows)


def to_xlsx(table: Table, tr: Callable[[Any], str] = lambda t: t or "") -> bytes:
    """The table as .xlsx: bold, frozen header row, column widths, wrapped long texts."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = tr(table.name)
    sheet.append([tr(h) for h in table.headers])
    for row in table.rows:
        sheet.append(row)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F2DCDB")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
    wrap = Alignment(wrap_text=True, vertical="top")
    for pos, width in enumerate(table.widths, start=1):
        sheet.column_dimensions[get_column_letter(pos)].width = width
        if width >= 30:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=pos, max_col=pos):
                cell.alignment = wrap
    sheet.freeze_panes = "A2"
    if table.rows:
        sheet.auto_filter.ref = sheet.dimensions
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def to_csv(table: Table, tr: Callable[[Any], str] = lambda t: t or "") -> bytes:
    """The table as CSV in UTF-8 with a BOM (so Excel shows the Chinese text right), CRLF."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([tr(h) for h in table.headers])
    writer.writerows(table.rows)
    return buf.getvalue().encode("utf-8-sig")
