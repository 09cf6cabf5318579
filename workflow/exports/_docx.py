"""python-docx helpers for documents in the style of Chinese official papers (GB/T 9704)."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋"
KAITI_FONT = "楷体"
TITLE_SIZE = Pt(22)   # 二号
BODY_SIZE = Pt(16)    # 三号
TABLE_SIZE = Pt(12)   # 小四
LINE = Pt(28)         # fixed line spacing of the body text


def set_font(target: Any, name: str, size: Pt | None = None, bold: bool | None = None) -> None:
    """Set the font of a run or a style, on the East Asian slot too (w:eastAsia)."""
    font = target.font
    font.name = name
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    element = target.element if hasattr(target, "type") else target._element
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), name)


def new_document(landscape: bool = False) -> Any:
    """An A4 document with official margins and 仿宋 三号 as the Normal style."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    set_font(normal, BODY_FONT, BODY_SIZE)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
    fmt.space_before = fmt.space_after = Pt(0)
    for name in ("Heading 1", "Heading 2", "Title"):
        style = doc.styles[name]
        set_font(style, HEADING_FONT, BODY_SIZE, bold=False)
        style.font.color.rgb = None
    _page_number_footer(section)
    return doc


def _page_number_footer(section: Any) -> None:
    """Centred page numbers in the official form: — 1 —."""
    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(para.add_run("— "), "宋体", Pt(14))
    run = para.add_run()
    set_font(run, "宋体", Pt(14))
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        else:
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = text
        run._element.append(node)
    set_font(para.add_run(" —"), "宋体", Pt(14))


def title(doc: Any, text: str) -> Any:
    """The document title: centred, 小标宋 二号, a blank line after."""
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.line_spacing = Pt(36)
    para.paragraph_format.space_after = Pt(18)
    for pos, line in enumerate(text.split("\n")):
        if pos:
            para.add_run().add_break()
        set_font(para.add_run(line), TITLE_FONT, TITLE_SIZE)
    return para


def heading(doc: Any, text: str, font: str = HEADING_FONT) -> Any:
    """A numbered first-level heading (黑体 三号), indented like body text."""
    para = doc.add_paragraph(style="Heading 1")
    para.paragraph_format.first_line_indent = Pt(32)
    para.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    para.paragraph_format.line_spacing = LINE
    para.paragraph_format.space_before = para.paragraph_format.space_after = Pt(0)
    para.paragraph_format.keep_with_next = True
    set_font(para.add_run(text), font, BODY_SIZE, bold=False)
    return para


def body(doc: Any, text: str, indent: bool = True,
         align: WD_ALIGN_PARAGRAPH | None = None) -> Any:
    """A body paragraph (仿宋 三号), first line indented by two characters."""
    para = doc.add_paragraph()
    if indent:
        para.paragraph_format.first_line_indent = Pt(32)
    if align is not None:
        para.alignment = align
    set_font(para.add_run(text), BODY_FONT, BODY_SIZE)
    return para


def right(doc: Any, text: str, space_before: Pt | None = None) -> Any:
    """A right-aligned line (organisation and date at the end), kept off the margin."""
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    para.paragraph_format.right_indent = Pt(32)
    if space_before is not None:
        para.paragraph_format.space_before = space_before
    set_font(para.add_run(text), BODY_FONT, BODY_SIZE)
    return para


def cell_text(cell: Any, text: str, font: str = BODY_FONT, size: Pt = TABLE_SIZE,
              bold: bool = False, center: bool = False) -> None:
    """Replace a table cell's content with `text` (one paragraph per line)."""
    lines = (text or "").split("\n")
    paragraphs = cell.paragraphs
    for extra in paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    for pos, line in enumerate(lines):
        para = cell.paragraphs[0] if pos == 0 else cell.add_paragraph()
        para.paragraph_format.first_line_indent = Pt(0)
        para.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        para.paragraph_format.space_before = para.paragraph_format.space_after = Pt(2)
        if center:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(para.add_run(line), font, size, bold=bold)


def table(doc: Any, rows: int, widths: list[Mm]) -> Any:
    """A bordered table with fixed column widths, centred on the page."""
    tbl = doc.add_table(rows=rows, cols=len(widths))
    tbl.style = doc.styles["Table Grid"]
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False
    for column, width in zip(tbl.columns, widths, strict=True):
        column.width = width  # the grid: what LibreOffice and WPS lay out by
    for row in tbl.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width  # the cells: what Word lays out by
    return tbl


def repeat_header(row: Any) -> None:
    """Repeat this table row at the top of every page."""
    trpr = row._tr.get_or_add_trPr()
    node = OxmlElement("w:tblHeader")
    node.set(qn("w:val"), "true")
    trpr.append(node)


def save(doc: Any) -> bytes:
    """The document as .docx bytes."""
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
