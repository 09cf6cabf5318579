"""Exports: plan and proposal .docx/PDF read back; lists as .xlsx/CSV with filters; access."""

from __future__ import annotations

import csv
import io
import re
import zlib

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from openpyxl import load_workbook
from web_fixtures import login

from workflow.exports import plan_file, proposal_file
from workflow.exports._docx import BODY_FONT, HEADING_FONT, TITLE_FONT
from workflow.exports.pdf import unavailable_reason
from workflow.models import Plan, Proposal

PDF_SKIP = unavailable_reason()


def east_asia(run) -> str | None:  # type: ignore[no-untyped-def]
    """The East Asian font slot of a run or a style."""
    element = run.element if hasattr(run, "type") else run._element
    rfonts = element.rPr.find(qn("w:rFonts"))
    return None if rfonts is None else rfonts.get(qn("w:eastAsia"))


def docx_of(data: bytes):  # type: ignore[no-untyped-def]
    """A python-docx Document from bytes."""
    return Document(io.BytesIO(data))


def texts(doc) -> list[str]:  # type: ignore[no-untyped-def]
    """Every non-empty paragraph of the body."""
    return [p.text for p in doc.paragraphs if p.text.strip()]


def pdf_fonts(data: bytes) -> bytes:
    """The PDF's bytes with every Flate stream inflated (to find the embedded font names)."""
    out = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        start = match.end()
        try:
            out.append(zlib.decompressobj().decompress(data[start:start + 2_000_000]))
        except zlib.error:
            continue
    return b"".join(out)


# ---------------------------------------------------------------- plan .docx


def test_plan_docx_looks_like_an_official_document(app_session) -> None:
    plan = app_session.get(Plan, 4)
    export = plan_file(app_session, plan, "docx")
    assert export.filename == "2026年学校工会工作计划.docx"
    doc = docx_of(export.data)
    paras = [p for p in doc.paragraphs if p.text.strip()]
    title = paras[0]
    assert title.text == "2026年学校工会工作计划"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size.pt == 22
    assert east_asia(title.runs[0]) == TITLE_FONT
    assert paras[1].text.startswith("坚持以习近平新时代中国特色社会主义思想为指导")
    assert east_asia(paras[1].runs[0]) == BODY_FONT and paras[1].runs[0].font.size.pt == 16
    assert paras[1].runs[0].font.name == BODY_FONT
    headings = [p.text for p in paras if p.runs and east_asia(p.runs[0]) == HEADING_FONT]
    assert headings == ["一、加强民主管理，推进校务公开", "二、关心教职工生活，做好服务工作",
                        "三、丰富文体活动，建设教工之家", "四、月份工作安排"]
    body = texts(doc)
    assert "1．按期召开教职工代表大会，做好提案征集与办理工作。" in body
    assert "2．办好教工书屋。" in body
    normal = doc.styles["Normal"]
    assert east_asia(normal) == BODY_FONT and normal.font.size.pt == 16
    # organisation and date close the document, right-aligned
    assert paras[-2].text == "XX中学工会委员会"
    assert re.fullmatch(r"20\d\d年\d{1,2}月\d{1,2}日", paras[-1].text)
    assert paras[-2].alignment == paras[-1].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_plan_docx_schedule_table(app_session) -> None:
    doc = docx_of(plan_file(app_session, app_session.get(Plan, 4), "docx").data)
    (table,) = doc.tables
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["月份", "工作内容", "负责人"]
    assert rows[1] == ["二月份", "制定本年度工会工作计划。", "王丽（工会干事）"]
    assert rows[2] == ["二月份", "春节前走访慰问困难和退休教职工。", "李建国（工会主席）"]
    assert rows[3][:2] == ["三、四月份", "开展“三八”妇女节系列活动。"]
    assert rows[-1] == ["十二月份", "年终工作总结，评选先进工会小组。", "王丽（工会干事）"]
    assert len(rows) == 1 + 10
    # the month cell is one merged cell over the entry's items
    assert table.cell(1, 0)._tc is table.cell(2, 0)._tc
    assert table.cell(2, 0)._tc is not table.cell(3, 0)._tc
    header_run = table.cell(0, 0).paragraphs[0].runs[0]
    assert east_asia(header_run) == HEADING_FONT
    assert east_asia(table.cell(1, 1).paragraphs[0].runs[0]) == BODY_FONT


def test_plan_docx_in_traditional_script(app_session) -> None:
    plan = app_session.get(Plan, 4)
    export = plan_file(app_session, plan, "docx", "zh_Hant")
    doc = docx_of(export.data)
    assert texts(doc)[0] == "2026年學校工會工作計劃"
    assert export.filename == "2026年學校工會工作計劃.docx"
    assert plan.title == "2026年学校工会工作计划"  # stored text unchanged


def test_plan_without_schedule_or_organisation(app_session) -> None:
    plan = app_session.get(Plan, 1)
    plan.schedule = []
    plan.organisation = ""
    doc = docx_of(plan_file(app_session, plan, "docx").data)
    assert doc.tables == []
    assert re.fullmatch(r"20\d\d年\d{1,2}月\d{1,2}日", texts(doc)[-1])
    app_session.rollback()


# ---------------------------------------------------------------- proposal .docx


def _form(data: bytes) -> dict[str, str]:
    """A 提案表 read back: label cell -> value cell."""
    (table,) = docx_of(data).tables
    out: dict[str, str] = {}
    for row in table.rows:
        cells = row.cells
        for pos in range(0, len(cells) - 1, 2):
            out.setdefault(cells[pos].text, cells[pos + 1].text)
        if cells[1]._tc is cells[3]._tc:  # a wide row: label, merged value
            out[cells[0].text] = cells[1].text
    return out


def test_proposal_docx_is_a_proposal_form(app_session) -> None:
    export = proposal_file(app_session, app_session.get(Proposal, 6), "docx")
    assert export.filename == "提案2026-003-关于更换办公室老旧电脑的建议.docx"
    doc = docx_of(export.data)
    assert texts(doc)[0] == "第五届教职工代表大会第三次会议\n提案表"
    form = _form(export.data)
    assert form["编号"] == "2026-003"
    assert form["届次"] == "第五届教职工代表大会第三次会议"
    assert form["提案人"] == "刘芳（语文组）"
    assert form["附议人"] == "赵磊（数学组）、孙静（英语组）"
    assert form["类别"] == "后勤保障"
    assert form["案由"] == "关于更换办公室老旧电脑的建议"
    assert form["理由"] == "部分办公室电脑使用超过八年，运行缓慢，影响备课。"
    assert form["建议"] == "分批更换使用年限超过六年的办公电脑。"
    assert form["提案委员会意见"] == "立案，交后勤处办理。"
    assert form["承办部门"] == "后勤处"
    assert form["答复"] == "已采购40台办公电脑，分两批完成更换。"
    assert form["答复类别"] == "A类（已解决或采纳）"
    assert form["评价"] == "满意（感谢！）"
    assert form["办理状态"] == "已办结"
    label_run = docx_of(export.data).tables[0].cell(0, 0).paragraphs[0].runs[0]
    assert east_asia(label_run) == HEADING_FONT


def test_proposal_docx_before_filing(app_session) -> None:
    form = _form(proposal_file(app_session, app_session.get(Proposal, 2), "docx").data)
    assert form["编号"] == "（未立案）"
    assert form["附议人"] == "赵磊（数学组）"
    assert form["答复"] == form["评价"] == form["提案委员会意见"] == ""


# ---------------------------------------------------------------- PDF


@pytest.mark.skipif(PDF_SKIP is not None, reason=PDF_SKIP or "")
@pytest.mark.parametrize(("kind", "doc_id"), [("plan", 4), ("proposal", 5)])
def test_pdf_has_embedded_cjk_fonts(app_session, kind: str, doc_id: int) -> None:
    doc = app_session.get(Plan if kind == "plan" else Proposal, doc_id)
    export = (plan_file if kind == "plan" else proposal_file)(app_session, doc, "pdf")
    assert export.data.startswith(b"%PDF")
    assert export.mimetype == "application/pdf"
    assert len(export.data) > 10_000
    inflated = pdf_fonts(export.data)
    assert re.search(rb"Noto-?(Serif|Sans)-?CJK-?SC", inflated), "CJK font not embedded"
    assert b"/FontFile" in inflated  # the font program itself is in the file


# ---------------------------------------------------------------- web downloads


def test_plan_download_endpoints(client) -> None:
    login(client, "drafter")
    res = client.get("/plans/4/export.docx")
    assert res.status_code == 200
    assert res.mimetype.endswith("wordprocessingml.document")
    assert "attachment" in res.headers["Content-Disposition"]
    assert "filename*=UTF-8''2026" in res.headers["Content-Disposition"]
    assert texts(docx_of(res.data))[0] == "2026年学校工会工作计划"
    assert client.get("/plans/999/export.docx").status_code == 404


def test_document_downloads_need_the_right_to_read(client) -> None:
    login(client, "rep2")
    assert client.get("/plans/1/export.docx").status_code == 403  # someone's draft
    assert client.get("/proposals/1/export.docx").status_code == 403  # rep3's draft
    assert client.get("/proposals/5/export.docx").status_code == 200  # public, co-signed
    assert client.get("/plans/4/export.docx").status_code == 200  # published


def test_downloads_need_login(client) -> None:
    res = client.get("/plans/4/export.docx")
    assert res.status_code == 302 and "/login" in res.headers["Location"]


def test_download_in_the_readers_script(client) -> None:
    login(client, "rep3")
    client.get("/lang/zh_Hant")
    res = client.get("/proposals/1/export.docx")
    assert res.status_code == 200
    assert _form(res.data)["案由"] == "關於增設教師休息室的建議"


@pytest.mark.skipif(PDF_SKIP is not None, reason=PDF_SKIP or "")
def test_pdf_endpoints(client) -> None:
    login(client, "chair")
    for url in ("/plans/4/export.pdf", "/proposals/6/export.pdf"):
        res = client.get(url)
        assert res.status_code == 200 and res.data.startswith(b"%PDF"), url
        assert res.mimetype == "application/pdf"


def test_pdf_endpoint_without_weasyprint_says_why(client, monkeypatch) -> None:
    monkeypatch.setattr("web.exports.unavailable_reason", lambda: "libpango missing")
    login(client, "chair")
    res = client.get("/plans/4/export.pdf")
    assert res.status_code == 503
    page = res.get_data(as_text=True)
    assert "暂时无法生成 PDF" in page and "libpango missing" in page


# ---------------------------------------------------------------- lists


def _xlsx_rows(data: bytes) -> tuple[list[list], object]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [list(r) for r in sheet.iter_rows(values_only=True)], sheet


def test_plan_items_xlsx_with_filters(client) -> None:
    login(client, "chair")
    res = client.get("/exports/plan-items.xlsx?state=published")
    assert res.status_code == 200 and res.mimetype.endswith("spreadsheetml.sheet")
    rows, sheet = _xlsx_rows(res.data)
    assert rows[0] == ["计划", "年度", "计划状态", "月份", "工作内容", "负责人", "进度", "备注"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b and sheet["E1"].font.b
    assert sheet.column_dimensions["E"].width == 50
    body = rows[1:]
    assert len(body) == 10
    assert {r[0] for r in body} == {"2026年学校工会工作计划"}
    assert body[0] == ["2026年学校工会工作计划", 2026, "已公布（执行中）", "二月份",
                       "制定本年度工会工作计划。", "王丽（工会干事）", "已完成", None]
    assert [r[6] for r in body].count("已完成") == 4
    assert [r[6] for r in body].count("已取消") == 1
    assert [r[6] for r in body].count("进行中") == 2
    assert [r[6] for r in body].count("未开始") == 3


def test_plan_items_filters_year_and_author(client) -> None:
    login(client, "chair")
    rows, _ = _xlsx_rows(client.get("/exports/plan-items.xlsx?year=2027").data)
    assert [r[4] for r in rows[1:]] == ["制定年度工作计划。", "庆祝“三八”妇女节。"]
    rows, _ = _xlsx_rows(client.get("/exports/plan-items.xlsx?year=2026&author=drafter").data)
    assert len(rows) - 1 == 10 + 5 + 2  # published, committee review and party review plans
    rows, _ = _xlsx_rows(client.get("/exports/plan-items.xlsx?author=nobody").data)
    assert rows[1:] == []
    rows, _ = _xlsx_rows(client.get("/exports/plan-items.xlsx?year=abc").data)
    assert len(rows) - 1 == 2 + 17  # a bad filter value is ignored, not a crash


def test_plan_items_csv_has_bom_and_same_rows(client) -> None:
    login(client, "chair")
    res = client.get("/exports/plan-items.csv?state=published")
    assert res.status_code == 200 and res.mimetype == "text/csv"
    assert res.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(res.data.decode("utf-8-sig"))))
    assert rows[0][0] == "计划" and len(rows) == 11
    assert rows[1][3:7] == ["二月份", "制定本年度工会工作计划。", "王丽（工会干事）", "已完成"]


def test_proposals_xlsx_with_filters(client) -> None:
    login(client, "committee")
    rows, sheet = _xlsx_rows(client.get("/exports/proposals.xlsx").data)
    assert rows[0][:4] == ["编号", "届次", "案由", "提案人"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    assert len(rows) - 1 == 6
    rows, _ = _xlsx_rows(client.get("/exports/proposals.xlsx?state=closed").data)
    assert len(rows) == 2
    closed = dict(zip(rows[0], rows[1], strict=True))
    assert closed["编号"] == "2026-003" and closed["状态"] == "已办结"
    assert closed["答复类别"] == "A类（已解决或采纳）" and closed["评价"] == "满意"
    assert closed["承办部门"] == "后勤处" and closed["附议人数"] == 2
    rows, _ = _xlsx_rows(client.get("/exports/proposals.xlsx?author=rep1").data)
    assert sorted(r[2] for r in rows[1:]) == sorted([
        "关于改善教职工午餐质量的建议", "关于维修教学楼饮水设备的建议",
        "关于更换办公室老旧电脑的建议"])


def test_proposals_filters_by_department_category_session(client, app_session) -> None:
    from workflow.models import Category, Department

    dept = app_session.query(Department).filter_by(name="后勤处").one()
    other = app_session.query(Department).filter_by(name="教务处").one()
    cat = app_session.query(Category).filter_by(name="后勤保障").one()
    dept, other, cat = dept.id, other.id, cat.id
    app_session.rollback()  # SQLite: release the database for the requests
    login(client, "chair")
    rows, _ = _xlsx_rows(client.get(f"/exports/proposals.xlsx?department={dept}").data)
    assert sorted(r[0] for r in rows[1:]) == ["2026-001", "2026-002", "2026-003"]
    rows, _ = _xlsx_rows(client.get(f"/exports/proposals.xlsx?department={other}").data)
    assert rows[1:] == []
    rows, _ = _xlsx_rows(client.get(f"/exports/proposals.xlsx?category={cat}&state=handling")
                         .data)
    assert [r[0] for r in rows[1:]] == ["2026-001"]
    assert len(_xlsx_rows(client.get("/exports/proposals.xlsx?session=1").data)[0]) == 7
    assert len(_xlsx_rows(client.get("/exports/proposals.xlsx?session=99").data)[0]) == 1


def test_proposals_csv(client) -> None:
    login(client, "chair")
    res = client.get("/exports/proposals.csv?state=answered")
    rows = list(csv.reader(io.StringIO(res.data.decode("utf-8-sig"))))
    assert res.data.startswith(b"\xef\xbb\xbf") and len(rows) == 2
    assert rows[1][2] == "关于增加校园夜间照明的建议" and rows[1][9] == "B类（列入计划逐步解决）"


@pytest.mark.parametrize("url", ["/exports/plan-items.xlsx", "/exports/plan-items.csv",
                                 "/exports/proposals.xlsx", "/exports/proposals.csv"])
def test_lists_need_the_export_capability(client, url: str) -> None:
    login(client, "rep1")
    assert client.get(url).status_code == 403


def test_endpoint_names_build(app) -> None:
    from flask import url_for

    with app.test_request_context():
        assert url_for("exports.plan_docx", doc_id=4) == "/plans/4/export.docx"
        assert url_for("exports.plan_pdf", doc_id=4) == "/plans/4/export.pdf"
        assert url_for("exports.proposal_docx", doc_id=5) == "/proposals/5/export.docx"
        assert url_for("exports.proposal_pdf", doc_id=5) == "/proposals/5/export.pdf"
        assert url_for("exports.plan_items_xlsx", year=2026) == \
            "/exports/plan-items.xlsx?year=2026"
        assert url_for("exports.plan_items_xlsx", fmt="csv") == "/exports/plan-items.csv"
        assert url_for("exports.proposals_xlsx", state="closed") == \
            "/exports/proposals.xlsx?state=closed"
        assert url_for("exports.proposals_xlsx", fmt="csv") == "/exports/proposals.csv"
