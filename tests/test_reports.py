"""Reports: numbers checked against hand-built data; the report pages, charts and .docx."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from docx import Document
from helpers import new_plan, new_proposal
from sqlalchemy.orm import Session
from web_fixtures import login

from workflow import engine, reports
from workflow.models import CongressSession, Plan, Proposal
from workflow.workdays import WorkCalendar

pytestmark = pytest.mark.usefixtures("fast_passwords")

CAL = WorkCalendar()  # chinese_calendar only: March 2025 has no holidays
TODAY = date(2025, 4, 1)


def at(day: str, hour: int = 4) -> datetime:
    """A stored (UTC, naive) moment on a given day: noon in Shanghai by default."""
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00")


class Builder:
    """Drives proposals through the engine at chosen moments."""

    def __init__(self, session: Session, p: SimpleNamespace) -> None:
        self.s, self.p = session, p

    def fire(self, doc: Proposal, action: str, who: str, day: str = "2025-03-01",
             **kw: object) -> None:
        engine.fire(self.s, doc, action, getattr(self.p, who), now=at(day), **kw)  # type: ignore[arg-type]

    def to_committee(self, author: str, title: str) -> Proposal:
        doc = new_proposal(self.s, self.p, author, title)
        self.fire(doc, "submit", author)
        for rep in [r for r in ("rep2", "rep3", "rep4") if r != author][:2]:
            self.fire(doc, "second", rep)
        self.fire(doc, "forward", author)
        return doc

    def filed(self, title: str, category: str, dept: str, approve: str | None = "2025-03-03",
              author: str = "rep1") -> Proposal:
        doc = self.to_committee(author, title)
        self.fire(doc, "file", "chair", "2025-03-02", comment="同意立案。",
                  fields={"category": self.p.cats[category].id,
                          "department": self.p.depts[dept].id})
        if approve:
            self.fire(doc, "party_approve", "secretary", approve)
        return doc

    def answer(self, doc: Proposal, day: str, cls: str) -> None:
        who = "handler" if doc.department.name == "后勤处" else "handler2"
        self.fire(doc, "answer", who, day, fields={"answer": f"{cls}类答复", "answer_class": cls})


@pytest.fixture
def congress_data(session: Session, people: SimpleNamespace) -> Iterator[dict[str, Proposal]]:
    """Eleven proposals in every kind of outcome (see the expected numbers in the tests)."""
    b = Builder(session, people)
    d: dict[str, Proposal] = {}
    d["p1"] = b.filed("P1", "后勤保障", "后勤处")
    b.answer(d["p1"], "2025-03-10", "A")                       # on time (due 03-17)
    b.fire(d["p1"], "accept", "rep1", "2025-03-11", fields={"rating": "satisfied"})
    d["p2"] = b.filed("P2", "后勤保障", "后勤处")
    b.answer(d["p2"], "2025-03-31", "B")                       # late
    b.fire(d["p2"], "accept", "rep1", "2025-03-31", fields={"rating": "basically_satisfied"})
    b.fire(d["p2"], "complete", "chair", "2025-03-31")
    d["p3"] = b.filed("P3", "教育教学", "后勤处")
    b.answer(d["p3"], "2025-03-05", "C")                       # first answer on time
    b.fire(d["p3"], "reject_answer", "rep1", "2025-03-06", comment="没有解决问题。")
    b.answer(d["p3"], "2025-03-20", "B")
    b.fire(d["p3"], "accept", "rep1", "2025-03-21", fields={"rating": "satisfied"})
    d["p4"] = b.filed("P4", "教育教学", "教务处")               # never answered: overdue
    d["p5"] = b.to_committee("rep2", "P5")
    b.fire(d["p5"], "reject", "chair", comment="不属于提案范围。")
    d["p6"] = b.to_committee("rep2", "P6")
    b.fire(d["p6"], "merge", "chair", fields={"target": d["p1"].id})
    d["p7"] = b.to_committee("rep2", "P7")
    b.fire(d["p7"], "convert", "chair")
    d["p8"] = new_proposal(session, people, "rep3", "P8")
    b.fire(d["p8"], "withdraw", "rep3")
    d["p9"] = new_proposal(session, people, "rep3", "P9")
    b.fire(d["p9"], "submit", "rep3", "2025-03-24")          # seconding since 03-24
    d["p10"] = new_proposal(session, people, "rep3", "P10")  # a draft: not counted
    d["p11"] = b.filed("P11", "教育教学", "后勤处", approve=None)  # waiting for the party
    session.flush()
    yield d


def test_proposal_report_numbers(session: Session, people: SimpleNamespace,
                                 congress_data: dict[str, Proposal]) -> None:
    rep = reports.proposal_report(session, people.congress, TODAY, CAL)
    assert rep.total == 10
    assert rep.by_state == {"draft": 1, "seconding": 1, "party_review": 1, "handling": 1,
                            "implementing": 2, "closed": 1, "not_filed": 1, "merged": 1,
                            "converted": 1, "withdrawn": 1}
    assert rep.filed == 5
    assert rep.not_filed == 4
    assert rep.not_filed_by_state == {"not_filed": 1, "merged": 1, "converted": 1,
                                      "withdrawn": 1}
    assert rep.pending == 1
    assert rep.by_category == {"教育教学": 3, "后勤保障": 2}
    assert rep.by_department == {"后勤处": 4, "教务处": 1}
    assert rep.approved == 4
    assert rep.answered == 3
    assert rep.reply_rate == pytest.approx(0.75)
    assert rep.rated == 3
    assert rep.ratings == {"satisfied": 2, "basically_satisfied": 1}
    assert rep.satisfied_rate == pytest.approx(2 / 3)
    assert rep.basically_rate == pytest.approx(1 / 3)
    assert rep.unsatisfied_rate == 0
    assert rep.answer_classes == {"A": 1, "B": 2}  # P3's latest answer is B, not C
    assert (rep.on_time, rep.late, rep.overdue_unanswered) == (2, 1, 1)
    assert rep.on_time_rate == pytest.approx(2 / 3)


def test_open_proposals_with_days_waiting(session: Session, people: SimpleNamespace,
                                          congress_data: dict[str, Proposal]) -> None:
    rep = reports.proposal_report(session, people.congress, TODAY, CAL)
    rows = {o.proposal.title: o for o in rep.open}
    assert set(rows) == {"P1", "P3", "P4", "P9", "P11"}
    assert rep.open[0].proposal.title == "P4"  # the overdue one first
    p4 = rows["P4"]
    assert p4.overdue and p4.due == date(2025, 3, 17)
    assert p4.days_waiting == 21  # working days 03-04 … 04-01
    assert rows["P9"].days_waiting == 6  # 03-25 … 04-01
    assert rows["P1"].days_waiting == 15  # implementing since 03-11: 03-12 … 04-01
    assert not rows["P1"].overdue and rows["P1"].due is None


def test_answer_deadline_respects_calendar_overrides(session: Session, people: SimpleNamespace,
                                                     congress_data: dict[str, Proposal]) -> None:
    # Three extra days off push the deadline to 03-20; 03-31 is still late, 03-10 on time.
    cal = WorkCalendar({date(2025, 3, 12): False, date(2025, 3, 13): False,
                        date(2025, 3, 14): False})
    rep = reports.proposal_report(session, people.congress, TODAY, cal)
    assert rep.open[0].due == date(2025, 3, 20)
    assert (rep.on_time, rep.late) == (2, 1)


def test_empty_session_report(session: Session, people: SimpleNamespace) -> None:
    empty = CongressSession(name="空届次", year=2025)
    session.add(empty)
    session.flush()
    rep = reports.proposal_report(session, empty, TODAY, CAL)
    assert rep.total == 0 and rep.reply_rate is None and rep.satisfied_rate is None
    assert reports.percent(rep.reply_rate) == "—"
    assert reports.percent(0.75) == "75.0%"


class Clock:
    """Stands in for the audit log's clock so entries get chosen `at` times."""

    def __init__(self) -> None:
        self.day = "2025-03-03"

    def __call__(self) -> str:
        return f"{self.day}T04:00:00.000000Z"


def test_time_in_stage(session: Session, people: SimpleNamespace,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr("workflow.audit.now_iso", clock)
    p = people

    def fire(doc: Plan, action: str, who: str, day: str, **kw: object) -> None:
        clock.day = day
        engine.fire(session, doc, action, getattr(p, who), **kw)  # type: ignore[arg-type]

    clock.day = "2025-03-03"
    one = new_plan(session, p)
    two = new_plan(session, p, title="第二份计划")
    fire(one, "submit", "drafter", "2025-03-03")             # draft 0
    fire(one, "committee_return", "chair", "2025-03-10", comment="请修改。")  # review 5
    fire(one, "submit", "drafter", "2025-03-11")             # draft 1
    fire(one, "committee_approve", "chair", "2025-03-14")    # review 3
    fire(one, "party_approve", "secretary", "2025-03-17")    # party review 1
    fire(one, "publish", "chair", "2025-03-18")              # approved 1
    fire(two, "submit", "drafter", "2025-03-05")             # draft 2
    fire(two, "committee_approve", "chair", "2025-03-06")    # review 1; party review since
    stats = {(s.kind, s.state): s for s in reports.time_in_stage(session, date(2025, 3, 20), CAL)}
    draft = stats[("plan", "draft")]
    assert (draft.stays, draft.median, draft.slowest, draft.slowest_doc) == (3, 1.0, 2, two.id)
    review = stats[("plan", "committee_review")]
    assert (review.stays, review.median, review.slowest, review.slowest_doc) == \
        (3, 3.0, 5, one.id)
    party = stats[("plan", "party_review")]
    assert (party.stays, party.median, party.slowest) == (1, 1.0, 1)
    assert (party.waiting_now, party.longest_now) == (1, 10)  # 03-07 … 03-20
    assert stats[("plan", "approved")].median == 1.0
    published = stats[("plan", "published")]
    assert (published.stays, published.waiting_now, published.longest_now) == (0, 1, 2)
    assert ("plan", "closed") not in stats  # final states are not stages
    assert stats[("proposal", "handling")].stays == 0


def test_time_in_stage_ignores_actions_that_do_not_move(
        session: Session, people: SimpleNamespace, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr("workflow.audit.now_iso", clock)
    doc = new_proposal(session, people)
    clock.day = "2025-03-04"
    engine.fire(session, doc, "submit", people.rep1)
    clock.day = "2025-03-05"
    engine.fire(session, doc, "second", people.rep2)   # stays in seconding
    clock.day = "2025-03-07"
    engine.fire(session, doc, "second", people.rep3)
    clock.day = "2025-03-10"
    engine.fire(session, doc, "forward", people.rep1)
    stats = {(s.kind, s.state): s for s in reports.time_in_stage(session, date(2025, 3, 10), CAL)}
    seconding = stats[("proposal", "seconding")]
    assert (seconding.stays, seconding.median) == (1, 4.0)  # 03-05 … 03-10
    assert stats[("proposal", "draft")].median == 1.0


# ---------------------------------------------------------------- annual summary


def test_summary_draft(app_session) -> None:
    plan = app_session.get(Plan, 4)
    item = plan.all_items()[8]  # 九月份, second item: still planned
    engine.fire(app_session, plan, "track", item.owner, fields={
        "item": item.id, "status": "planned", "note": "新教师九月下旬报到后办理"})
    text = reports.summary_draft(plan)
    lines = text.splitlines()
    assert lines[0] == "2026年学校工会工作计划执行情况总结（草稿）"
    assert ("本年度工作计划共安排月度工作10项，已完成4项，取消1项，未完成5项（其中进行中2项），"
            "完成率44.4%（不计取消事项）。") in lines
    assert "二月份：" in lines and "十二月份：" in lines
    assert ("　　已完成：制定本年度工会工作计划（负责人：王丽（工会干事）；"
            "说明：已按计划完成）。") in lines
    assert "　　已取消：暑期疗休养活动（负责人：张敏（工会委员））。" in lines
    assert ("　　未完成：组织教职工暑期健康体检（负责人：王丽（工会干事）；进行中）。") in lines
    assert ("　　　　　新教师入会，调整工会小组（负责人：王丽（工会干事）；未开始；"
            "说明：新教师九月下旬报到后办理）。") in lines
    assert "三、存在的问题与未完成事项" in lines and "四、下一年度工作打算" in lines
    # every item of the schedule appears in the draft
    for it in plan.all_items():
        assert it.text.rstrip("。") in text
    progress = reports.plan_progress(plan)
    assert [(r.label, len(r.done), len(r.cancelled), len(r.open)) for r in progress][:4] == [
        ("二月份", 2, 0, 0), ("三、四月份", 1, 0, 1), ("五月份", 1, 0, 0), ("七至八月份", 0, 1, 1)]
    app_session.rollback()


# ---------------------------------------------------------------- pages


def test_reports_index(client) -> None:
    login(client, "chair")
    page = client.get("/reports/").get_data(as_text=True)
    assert "第五届教职工代表大会第三次会议" in page
    assert "/reports/proposals/1" in page and "/reports/stages" in page
    assert "/reports/plans/4/summary" in page
    assert "/exports/plan-items.xlsx" in page


@pytest.mark.parametrize("url", ["/reports/", "/reports/proposals/1", "/reports/proposals/1.docx",
                                 "/reports/stages"])
def test_reports_need_the_capability(client, url: str) -> None:
    login(client, "rep1")
    assert client.get(url).status_code == 403


def test_proposal_report_page_with_charts(client) -> None:
    login(client, "secretary")
    res = client.get("/reports/proposals/1")
    assert res.status_code == 200
    page = res.get_data(as_text=True)
    assert page.count("<svg") == 6
    assert "办复率" in page and "66.7%" in page  # 2 answered of 3 handed over
    assert "满意率" in page and "100.0%" in page
    assert "关于维修教学楼饮水设备的建议" in page  # open proposal listed
    assert "<script>" not in page
    assert client.get("/reports/proposals/99").status_code == 404


def test_proposal_report_docx(client) -> None:
    login(client, "chair")
    res = client.get("/reports/proposals/1.docx")
    assert res.status_code == 200 and res.mimetype.endswith("wordprocessingml.document")
    doc = Document(io.BytesIO(res.data))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "第五届教职工代表大会第三次会议\n提案办理情况报告" in body
    assert "本次会议共收到提案5件" in body and "立案3件" in body and "办复率66.7%" in body
    state_rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert state_rows[0] == ["状态", "件数"] and ["已办结", "1"] in state_rows
    open_rows = [[c.text for c in r.cells] for r in doc.tables[-1].rows]
    assert open_rows[0] == ["编号", "案由", "状态", "已等待（工作日）"]
    assert len(open_rows) == 1 + 4


def test_stages_page(client) -> None:
    login(client, "committee")
    res = client.get("/reports/stages")
    assert res.status_code == 200
    page = res.get_data(as_text=True)
    assert "提案委员会审查" in page and "工会委员会审议" in page and page.count("<svg") == 2


def test_summary_page(client) -> None:
    login(client, "drafter")
    res = client.get("/reports/plans/4/summary")
    assert res.status_code == 200
    page = res.get_data(as_text=True)
    assert "执行情况总结（草稿）" in page and "summary-draft" in page
    assert client.get("/reports/plans/99/summary").status_code == 404


def test_summary_page_follows_who_may_read_the_plan(client) -> None:
    login(client, "rep1")
    assert client.get("/reports/plans/1/summary").status_code == 403  # a draft is private
    assert client.get("/reports/plans/4/summary").status_code == 200  # published is public


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh_Hant", "第五屆教職工代表大會第三次會議"),
    ("zh_Hans", "第五届教职工代表大会第三次会议"),
    ("en", "第五届教职工代表大会第三次会议"),
])
def test_report_pages_in_each_language(client, lang: str, expected: str) -> None:
    login(client, "chair")
    client.get(f"/lang/{lang}")
    for url in ("/reports/", "/reports/proposals/1", "/reports/stages",
                "/reports/plans/4/summary"):
        res = client.get(url)
        assert res.status_code == 200, url
    assert expected in client.get("/reports/proposals/1").get_data(as_text=True)
