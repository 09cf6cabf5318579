"""Plans and proposals as PDF (WeasyPrint; fonts from Debian's fonts-noto-cjk, embedded)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from jinja2 import Environment

from workflow.exports.docx_plan import COLUMNS, SCHEDULE_HEADING, SUMMARY_HEADING
from workflow.exports.labels import cn_date, cn_number, section_heading
from workflow.exports.sheet import ProposalSheet
from workflow.models import Plan


class PdfUnavailable(RuntimeError):
    """WeasyPrint (or a system library it needs) is missing on this machine."""


CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm;
        @bottom-center { content: "— " counter(page) " —"; font-family: "Noto Serif CJK SC";
                         font-size: 14pt; } }
body { font-family: "Noto Serif CJK SC", "Noto Serif CJK TC", serif; font-size: 16pt;
       line-height: 28pt; color: #000; }
h1 { font-family: "Noto Serif CJK SC", serif; font-weight: 700; font-size: 22pt;
     line-height: 36pt; text-align: center; margin: 0 0 18pt; }
h2 { font-family: "Noto Sans CJK SC", sans-serif; font-weight: 400; font-size: 16pt;
     margin: 0; text-indent: 2em; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.right { text-align: right; padding-right: 2em; text-indent: 0; }
p.sign { margin-top: 40pt; }
table { border-collapse: collapse; width: 100%; font-size: 12pt; line-height: 18pt;
        margin: 6pt 0; }
th, td { border: 1px solid #000; padding: 3pt 5pt; vertical-align: middle; }
th { font-family: "Noto Sans CJK SC", sans-serif; font-weight: 400; text-align: center; }
td.c { text-align: center; }
td.long { white-space: pre-line; }
tr.tall th, tr.tall td { height: 54pt; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
small { font-size: 10.5pt; }
"""

PLAN_HTML = """<!doctype html><html lang="{{ lang }}"><head><meta charset="utf-8">
<title>{{ tr(plan.title) }}</title><style>{{ css|safe }}</style></head><body>
<h1>{{ tr(plan.title) }}</h1>
{% for para in paragraphs(plan.principles) %}<p>{{ tr(para) }}</p>{% endfor %}
{% for heading, items in sections %}<h2>{{ tr(heading) }}</h2>
{% for item in items %}<p>{{ loop.index }}．{{ tr(item) }}</p>{% endfor %}{% endfor %}
{% if schedule %}<h2>{{ tr(schedule_heading) }}</h2>
<table><thead><tr>{% for c in columns %}<th>{{ tr(c) }}</th>{% endfor %}</tr></thead><tbody>
{% for entry in plan.schedule %}{% for item in entry.items or [None] %}<tr>
{% if loop.first %}<td class="c" rowspan="{{ entry.items|length or 1 }}">
{{ tr(entry.label) }}</td>{% endif %}
<td>{{ tr(item.text) if item else '' }}</td>
<td class="c">{{ tr(item.owner.name) if item and item.owner else '' }}</td></tr>
{% endfor %}{% endfor %}
</tbody></table>{% endif %}
{% if summary_heading %}<h2>{{ tr(summary_heading) }}</h2>
{% for para in paragraphs(plan.summary) %}<p>{{ tr(para) }}</p>{% endfor %}{% endif %}
{% if plan.organisation %}<p class="right sign">{{ tr(plan.organisation) }}</p>{% endif %}
<p class="right{% if not plan.organisation %} sign{% endif %}">{{ issued }}</p>
</body></html>"""

PROPOSAL_HTML = """<!doctype html><html lang="{{ lang }}"><head><meta charset="utf-8">
<title>{{ tr(sheet.title) }}</title><style>{{ css|safe }}</style></head><body>
<h1>{% for line in sheet.title.split('\\n') %}{{ tr(line) }}
{% if not loop.last %}<br>{% endif %}{% endfor %}</h1>
<table>
{% for left, right in paired %}<tr>
<th style="width:18%">{{ tr(left) }}</th><td style="width:32%">{{ tr(sheet.values[left]) }}</td>
<th style="width:18%">{{ tr(right) }}</th><td style="width:32%">{{ tr(sheet.values[right]) }}</td>
</tr>{% endfor %}
{% for name in wide %}<tr{% if name in tall %} class="tall"{% endif %}><th>{{ tr(name) }}</th>
<td class="long" colspan="3">{{ tr(sheet.values[name]) }}</td></tr>{% endfor %}
</table><p style="text-indent:0"><small>{{ tr('注：本表由学校工会工作平台生成。') }}</small></p>
</body></html>"""


def _identity(text: str | None) -> str:
    """Text unchanged (no script conversion)."""
    return text or ""


def _paragraphs(text: str | None) -> list[str]:
    """Non-empty lines of a text field."""
    return [p.strip() for p in (text or "").split("\n") if p.strip()]


@lru_cache(maxsize=1)
def _env() -> Environment:
    """A Jinja environment with autoescaping for the PDF templates."""
    return Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)


def unavailable_reason() -> str | None:
    """None when PDFs can be made here; else why not (e.g. a missing system library)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        return f"WeasyPrint is not usable: {exc}"
    return None


def html_to_pdf(html: str) -> bytes:
    """Render HTML to PDF bytes; fonts are embedded (subsets), so the text can be copied."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(str(exc)) from exc
    return bytes(HTML(string=html).write_pdf())


def plan_html(plan: Plan, issued: date | None = None, tr: Callable[[Any], str] = _identity,
              lang: str = "zh-Hans") -> str:
    """The plan as a printable HTML page (what the PDF is made from)."""
    sections = [(section_heading(s.number or cn_number(n), s.title), [i.text for i in s.items])
                for n, s in enumerate(plan.sections, start=1)]
    number = len(sections)
    schedule_heading = f"{cn_number(number + 1)}、{SCHEDULE_HEADING}" if plan.schedule else ""
    number += 1 if plan.schedule else 0
    summary_heading = (f"{cn_number(number + 1)}、{SUMMARY_HEADING}"
                       if (plan.summary or "").strip() else "")
    return _env().from_string(PLAN_HTML).render(
        plan=plan, tr=tr, css=CSS, lang=lang, paragraphs=_paragraphs, sections=sections,
        schedule=bool(plan.schedule), schedule_heading=schedule_heading, columns=COLUMNS,
        summary_heading=summary_heading, issued=cn_date(issued or date.today()))


def plan_pdf(plan: Plan, issued: date | None = None, tr: Callable[[Any], str] = _identity,
             lang: str = "zh-Hans") -> bytes:
    """The plan as PDF bytes."""
    return html_to_pdf(plan_html(plan, issued, tr, lang))


def proposal_html(sheet: ProposalSheet, tr: Callable[[Any], str] = _identity,
                  lang: str = "zh-Hans") -> str:
    """The 提案表 as a printable HTML page."""
    from workflow.exports.docx_proposal import PAIRED, TALL, WIDE

    return _env().from_string(PROPOSAL_HTML).render(
        sheet=sheet, tr=tr, css=CSS, lang=lang, paired=PAIRED, wide=WIDE,
        tall=TALL)


def proposal_pdf(sheet: ProposalSheet, tr: Callable[[Any], str] = _identity,
                 lang: str = "zh-Hans") -> bytes:
    """The 提案表 as PDF bytes."""
    return html_to_pdf(proposal_html(sheet, tr, lang))
