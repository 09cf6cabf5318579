"""Forms of the plan pages: the draft editor (with its repeating rows) and the importer."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from workflow.queries_plans import months_from_label, parse_months

_ROW_RE = re.compile(r"^(sec|sch)-(\d{1,4})-(\w+)$")
_OWNER_SUFFIX_RE = re.compile(r"^(.*?)\s*[@＠]\s*([^\s@＠]+)\s*$")
MAX_ROWS = 200


class PlanForm(FlaskForm):
    """The fixed fields of a plan draft (rows are parsed by `parse_rows`)."""

    title = StringField(_l("标题"), validators=[DataRequired(), Length(max=200)])
    year = IntegerField(_l("年度"), validators=[DataRequired(), NumberRange(2000, 2100)])
    organisation = StringField(_l("制定单位"), validators=[Optional(), Length(max=200)])
    principles = TextAreaField(_l("指导思想"), validators=[Optional(), Length(max=20000)])
    version = HiddenField()


class ImportForm(FlaskForm):
    """Paste a plan text or upload a .txt/.docx file."""

    text = TextAreaField(_l("计划全文"), validators=[Optional(), Length(max=200000)])
    upload = FileField(_l("或上传文件（.txt / .docx）"))
    title = StringField(_l("标题"), validators=[Optional(), Length(max=200)])
    year = IntegerField(_l("年度"), validators=[Optional(), NumberRange(2000, 2100)])
    organisation = StringField(_l("制定单位"), validators=[Optional(), Length(max=200)])


@dataclass
class SectionRow:
    """A section as typed: number, heading, items one per line."""

    number: str = ""
    title: str = ""
    items: str = ""


@dataclass
class EntryRow:
    """A schedule entry as typed: label, months text, owner of its items, items per line."""

    label: str = ""
    months: str = ""
    owner: str = ""
    items: str = ""
    error: str = ""


@dataclass
class Rows:
    """The repeating parts of the editor."""

    sections: list[SectionRow] = field(default_factory=list)
    schedule: list[EntryRow] = field(default_factory=list)


def parse_rows(form: MultiDict) -> Rows:
    """Section and schedule rows from the posted form, in index order (gaps are fine)."""
    secs: dict[int, SectionRow] = {}
    ents: dict[int, EntryRow] = {}
    for key in form:
        match = _ROW_RE.match(key)
        if not match:
            continue
        kind, index, name = match.group(1), int(match.group(2)), match.group(3)
        value = form.get(key, "")[:20000]
        if kind == "sec" and name in ("number", "title", "items"):
            setattr(secs.setdefault(index, SectionRow()), name, value)
        elif kind == "sch" and name in ("label", "months", "owner", "items"):
            setattr(ents.setdefault(index, EntryRow()), name, value)
    return Rows([secs[i] for i in sorted(secs)][:MAX_ROWS],
                [ents[i] for i in sorted(ents)][:MAX_ROWS])


def apply_op(rows: Rows, op: str) -> bool:
    """Add or remove a row for an editor button; True when `op` was such a button."""
    if op == "add_section":
        rows.sections.append(SectionRow())
    elif op == "add_entry":
        rows.schedule.append(EntryRow())
    elif op.startswith(("del_section:", "del_entry:")):
        name, _sep, raw = op.partition(":")
        target = rows.sections if name == "del_section" else rows.schedule
        if raw.isdigit() and int(raw) < len(target):
            del target[int(raw)]
    else:
        return False
    return True


def _lines(text: str) -> list[str]:
    """Non-empty stripped lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def owner_names(users: list[Any]) -> dict[str, str]:
    """Username or display name -> username, for "@名字" suffixes."""
    names: dict[str, str] = {}
    for user in users:
        if user.display_name:
            names.setdefault(user.display_name, user.username)
            short = re.split(r"[（(]", user.display_name)[0].strip()
            if short:
                names.setdefault(short, user.username)
    names.update({u.username: u.username for u in users})
    return names


def rows_to_content(rows: Rows, users: list[Any]) -> tuple[list[dict], list[dict], bool]:
    """(sections, schedule) as engine content; row errors are set on the rows (then False)."""
    names = owner_names(users)
    ok = True
    sections = [{"number": s.number.strip(), "title": s.title.strip(), "items": _lines(s.items)}
                for s in rows.sections]
    schedule = []
    for row in rows.schedule:
        row.error = ""
        label = row.label.strip()
        items_text = _lines(row.items)
        if not label and not items_text and not row.months.strip():
            continue
        months = parse_months(row.months)
        if months is None:
            row.error = _("月份写法无法识别，请写成“3,4”这样的数字。")
        elif not months:
            months = months_from_label(label) if label else None
            if not months:
                row.error = _("无法从月份标题识别月份，请在“月份”中填写，如“3,4”。")
        items = []
        for line in items_text:
            text, owner = line, row.owner.strip() or None
            match = _OWNER_SUFFIX_RE.match(line)
            if match:
                if match.group(2) not in names:
                    row.error = _("找不到负责人“%(name)s”。", name=match.group(2))
                text, owner = match.group(1).strip(), names.get(match.group(2))
            items.append({"text": text, "owner": owner})
        if row.error:
            ok = False
        schedule.append({"label": label, "months": months or [], "items": items})
    return sections, schedule, ok


def rows_from_content(content: dict[str, Any]) -> Rows:
    """Editor rows for a stored content (owners as a row owner or "@name" suffixes)."""
    sections = [SectionRow(s.get("number", ""), s.get("title", ""), "\n".join(s.get("items", [])))
                for s in content.get("sections") or []]
    schedule = []
    for e in content.get("schedule") or []:
        items = [i if isinstance(i, dict) else {"text": i, "owner": None}
                 for i in e.get("items") or []]
        owners = Counter(i.get("owner") for i in items)
        common = next(iter(owners)) if len(owners) == 1 else None
        lines = [i["text"] + (f" @{i['owner']}" if i.get("owner") and i.get("owner") != common
                              else "") for i in items]
        schedule.append(EntryRow(e.get("label", ""), ",".join(str(m) for m in e.get("months", [])),
                                 common or "", "\n".join(lines)))
    return Rows(sections, schedule)


def empty_rows() -> Rows:
    """A new plan: one section and one schedule row to start from."""
    return Rows([SectionRow(number="一")], [EntryRow()])


def default_year() -> int:
    """The year a new plan is usually written for."""
    today = date.today()
    return today.year + 1 if today.month >= 11 else today.year
