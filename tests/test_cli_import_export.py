"""`unionflow import-plan` (the JSON contract, saving a draft) and `unionflow export`."""

from __future__ import annotations

import io
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner, Result
from docx import Document
from helpers import plan_in, proposal_in
from sqlalchemy.orm import Session

from workflow.content import plan_content
from workflow.exports.pdf import unavailable_reason
from workflow.models import Plan

pytestmark = pytest.mark.usefixtures("fast_passwords")

SIMPLIFIED = """2025年学校工会工作计划
一、加强民主管理
1、按时召开教职工代表大会。
2、做好提案征集和办理工作。
二、关心教职工生活
(1) 做好节日慰问。
三、四月份
1. 开展“三八”妇女节活动。
2. 举办教职工春季运动会，
时间另行通知。
七至八月份：暑期疗休养活动。
十二、一月份
① 年终工作总结。
② 迎新春联欢会。
"""

SIMPLIFIED_JSON = {
    "title": "2025年学校工会工作计划",
    "sections": [
        {"number": "一", "title": "加强民主管理",
         "items": ["按时召开教职工代表大会。", "做好提案征集和办理工作。"]},
        {"number": "二", "title": "关心教职工生活", "items": ["做好节日慰问。"]},
    ],
    "schedule": [
        {"label": "三、四月份", "months": [3, 4],
         "items": ["开展“三八”妇女节活动。", "举办教职工春季运动会，时间另行通知。"]},
        {"label": "七至八月份", "months": [7, 8], "items": ["暑期疗休养活动。"]},
        {"label": "十二、一月份", "months": [12, 1], "items": ["年终工作总结。", "迎新春联欢会。"]},
    ],
    "unparsed": [],
}

TRADITIONAL = ("2025年學校工會工作計劃\n一、加強民主管理\n1、按時召開教職工代表大會。\n"
               "二月份：\n1、春節慰問困難教職工。\n元月至二月\n1、制定年度工作計劃。\n"
               "4月份\n1、工會會員大會。\n")

TRADITIONAL_JSON = {
    "title": "2025年學校工會工作計劃",
    "sections": [{"number": "一", "title": "加強民主管理", "items": ["按時召開教職工代表大會。"]}],
    "schedule": [
        {"label": "二月份", "months": [2], "items": ["春節慰問困難教職工。"]},
        {"label": "元月至二月", "months": [1, 2], "items": ["制定年度工作計劃。"]},
        {"label": "4月份", "months": [4], "items": ["工會會員大會。"]},
    ],
    "unparsed": [],
}

# Lines before the first heading that are neither title nor structure end up unparsed.
WITH_LEFTOVERS = """2026年工会工作计划
为进一步做好本年度工会工作，结合学校实际，特制定本计划。
九月份
1、庆祝教师节。
十月份
1、重阳节慰问退休教职工。
"""


def _url(session: Session) -> str:
    return session.get_bind().url.render_as_string(hide_password=False)


def _cli(session: Session, *args: str) -> Result:
    """Run `unionflow ARGS` in-process against the test database."""
    from web.cli import main

    session.commit()  # SQLite: no transaction of ours may hold the database lock
    return CliRunner().invoke(main, list(args), env={"UNIONFLOW_DATABASE_URL": _url(session)},
                              catch_exceptions=False)


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


@pytest.mark.parametrize(("text", "encoding", "expected"), [
    (SIMPLIFIED, "utf-8", SIMPLIFIED_JSON),
    (SIMPLIFIED, "utf-8-sig", SIMPLIFIED_JSON),
    (SIMPLIFIED, "gb18030", SIMPLIFIED_JSON),
    (TRADITIONAL, "utf-8", TRADITIONAL_JSON),
    (TRADITIONAL, "big5", TRADITIONAL_JSON),
])
def test_import_json_contract(session: Session, tmp_path: Path, text: str, encoding: str,
                              expected: dict) -> None:
    path = _write(tmp_path, "plan.txt", text, encoding)
    result = _cli(session, "import-plan", path, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == expected
    assert result.stdout.strip().startswith('{"title": "2025年')  # ensure_ascii=False
    assert session.query(Plan).count() == 0  # nothing saved


def test_import_json_keeps_unparsed_lines(session: Session, tmp_path: Path) -> None:
    result = _cli(session, "import-plan", _write(tmp_path, "p.txt", WITH_LEFTOVERS), "--json")
    data = json.loads(result.stdout)
    assert set(data) == {"title", "sections", "schedule", "unparsed"}
    assert data["schedule"] == [
        {"label": "九月份", "months": [9], "items": ["庆祝教师节。"]},
        {"label": "十月份", "months": [10], "items": ["重阳节慰问退休教职工。"]}]
    assert data["unparsed"] == ["为进一步做好本年度工会工作，结合学校实际，特制定本计划。"]


def test_import_docx(session: Session, tmp_path: Path) -> None:
    doc = Document()
    for line in SIMPLIFIED.splitlines():
        doc.add_paragraph(line)
    path = tmp_path / "plan.docx"
    doc.save(str(path))
    result = _cli(session, "import-plan", str(path), "--json")
    assert json.loads(result.stdout) == SIMPLIFIED_JSON


def test_import_as_user_saves_a_draft(session: Session, people: SimpleNamespace,
                                      tmp_path: Path) -> None:
    result = _cli(session, "import-plan", _write(tmp_path, "p.txt", SIMPLIFIED), "--as", "drafter")
    assert result.exit_code == 0, result.output
    plan = session.get(Plan, int(result.stdout.strip()))
    assert plan is not None and plan.state == "draft" and plan.author_id == people.drafter.id
    content = plan_content(plan)
    assert content["title"] == "2025年学校工会工作计划" and content["year"] == 2025
    assert content["sections"] == SIMPLIFIED_JSON["sections"]
    assert content["schedule"] == [
        {"label": e["label"], "months": e["months"],
         "items": [{"text": t, "owner": None} for t in e["items"]]}
        for e in SIMPLIFIED_JSON["schedule"]]
    assert content["principles"] == ""


def test_import_as_user_keeps_unparsed_lines(session: Session, people: SimpleNamespace,
                                             tmp_path: Path) -> None:
    path = _write(tmp_path, "p.txt", WITH_LEFTOVERS)
    result = _cli(session, "import-plan", path, "--as", "drafter", "--year", "2027")
    plan = session.get(Plan, int(result.stdout.strip()))
    assert plan.year == 2027
    assert plan.principles == ("【导入时未能归类的内容，请手工整理】\n"
                               "为进一步做好本年度工会工作，结合学校实际，特制定本计划。")
    assert [e.label for e in plan.schedule] == ["九月份", "十月份"]


def test_import_refusals(session: Session, people: SimpleNamespace, tmp_path: Path) -> None:
    good = _write(tmp_path, "p.txt", SIMPLIFIED)
    result = _cli(session, "import-plan", good, "--as", "rep1")  # not a drafter
    assert result.exit_code == 1 and "新建" in result.output
    result = _cli(session, "import-plan", good, "--as", "nobody")
    assert result.exit_code == 1 and "unknown user" in result.output
    result = _cli(session, "import-plan", _write(tmp_path, "e.txt", ""), "--json")
    assert result.exit_code == 1 and "文件是空的" in result.output
    binary = tmp_path / "b.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    result = _cli(session, "import-plan", str(binary), "--json")
    assert result.exit_code == 1 and "二进制" in result.output
    big = tmp_path / "big.txt"
    big.write_bytes("一月份\n1、活动。\n".encode() * 700_000)  # ~10 MB
    result = _cli(session, "import-plan", str(big), "--json")
    assert result.exit_code == 1 and "文件太大" in result.output
    result = _cli(session, "import-plan", str(tmp_path / "missing.txt"), "--json")
    assert result.exit_code == 1 and "cannot read" in result.output
    result = _cli(session, "import-plan", good)
    assert result.exit_code == 1 and "--json" in result.output
    assert session.query(Plan).count() == 0


def test_export_plan_docx(session: Session, people: SimpleNamespace, tmp_path: Path) -> None:
    plan = plan_in(session, people, "published")
    out = tmp_path / "plan.docx"
    result = _cli(session, "export", "plan", str(plan.id), "--format", "docx",
                  "--output", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    doc = Document(str(out))
    assert doc.paragraphs[0].text == plan.title
    assert doc.tables[0].rows[0].cells[1].text == "工作内容"


def test_export_proposal_docx_to_stdout(session: Session, people: SimpleNamespace) -> None:
    doc = proposal_in(session, people, "closed")
    result = _cli(session, "export", "proposal", str(doc.id), "--format", "docx", "-o", "-")
    assert result.exit_code == 0
    table = Document(io.BytesIO(result.stdout_bytes)).tables[0]
    assert any(c.text == "关于改善教职工午餐质量的建议" for c in table._cells)


def test_export_default_file_name(session: Session, people: SimpleNamespace, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    doc = proposal_in(session, people, "handling")
    monkeypatch.chdir(tmp_path)
    result = _cli(session, "export", "proposal", str(doc.id))
    assert result.exit_code == 0
    name = result.stdout.strip()
    assert name == "提案2026-001-关于改善教职工午餐质量的建议.docx"
    assert (tmp_path / name).stat().st_size > 5000


@pytest.mark.skipif(unavailable_reason() is not None, reason=unavailable_reason() or "")
def test_export_pdf(session: Session, people: SimpleNamespace, tmp_path: Path) -> None:
    plan = plan_in(session, people, "draft")
    out = tmp_path / "p.pdf"
    result = _cli(session, "export", "plan", str(plan.id), "--format", "pdf", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


def test_export_unknown_document(session: Session, people: SimpleNamespace) -> None:
    result = _cli(session, "export", "plan", "999", "--format", "docx")
    assert result.exit_code == 1 and "no plan with id 999" in result.output
    result = _cli(session, "export", "plan", "1", "--format", "odt")
    assert result.exit_code == 2
