"""Flask-free plan queries: months, diffs, progress and overdue, copies, imports, visibility."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from workflow import engine
from workflow.models import Plan, User
from workflow.plan_diff import diff_content, review_diff
from workflow.plan_import import draft_content, guess_year
from workflow.plan_tracking import Progress, board, entry_end_dates, is_overdue, may_move
from workflow.policy import can_view
from workflow.queries_plans import (
    PlanFilter,
    copy_content,
    filter_choices,
    last_return,
    list_plans,
    months_from_label,
    parse_months,
)


@pytest.mark.parametrize(("text", "months"), [
    ("3,4", [3, 4]), ("3、4", [3, 4]), ("１２，１", [12, 1]), ("7-8", [7, 8]),
    ("11-2", [11, 12, 1, 2]),
    ("", []), ("  ", []), ("3 3 4", [3, 4]), ("13", None), ("三月", None), ("1-2-3", None),
    ("0", None),
])
def test_parse_months(text, months):
    assert parse_months(text) == months


@pytest.mark.parametrize(("label", "months"), [
    ("三、四月份", [3, 4]), ("七至八月份", [7, 8]), ("十二、一月份", [12, 1]),
    ("元月至二月", [1, 2]),
    ("4月份", [4]), ("暑假", None), ("", None),
])
def test_months_from_label(label, months):
    assert months_from_label(label) == months


def _content(**over):
    base = {"title": "计划", "year": 2026, "organisation": "工会", "principles": "甲",
            "sections": [{"number": "一", "title": "民主管理", "items": ["教代会", "校务公开"]}],
            "schedule": [{"label": "三月份", "months": [3], "items": [
                {"text": "三八节", "owner": "chair"}, {"text": "植树", "owner": None}]}]}
    base.update(over)
    return base


def test_diff_same_content_has_no_changes():
    diff = diff_content(_content(), _content(), 1)
    assert not diff.changed and diff.base_number == 1


def test_diff_added_removed_changed_items_and_blocks():
    new = _content(principles="乙", sections=[
        {"number": "一", "title": "民主管理", "items": ["教代会（修改）", "校务公开", "新增条目"]},
        {"number": "二", "title": "新节", "items": ["x"]}],
        schedule=[{"label": "四月份", "months": [4], "items": ["春游"]}])
    diff = diff_content(_content(), new, 2)
    assert diff.changed
    by_name = {(b.kind, b.name): b for b in diff.blocks}
    assert by_name[("field", "principles")].op == "changed"
    sec = by_name[("section", "一")]
    assert sec.op == "changed"
    assert [(x.op, x.old, x.new) for x in sec.lines] == [
        ("changed", "教代会", "教代会（修改）"), ("same", "校务公开", "校务公开"),
        ("added", "", "新增条目")]
    assert by_name[("section", "二")].op == "added"
    entry = by_name[("entry", "四月份")]
    assert entry.op == "changed" and entry.old_title == "三月份" and entry.new_title == "四月份"


def test_diff_removed_entry_and_owner_change():
    old = _content(schedule=[*_content()["schedule"],
                             {"label": "五月份", "months": [5], "items": ["运动会"]}])
    new = _content(schedule=[{"label": "三月份", "months": [3], "items": [
        {"text": "三八节", "owner": "drafter"}, {"text": "植树", "owner": None}]}])
    blocks = {b.name: b for b in diff_content(old, new).blocks if b.kind == "entry"}
    assert blocks["五月份"].op == "removed"
    assert blocks["三月份"].lines[0].op == "changed"


def test_progress_counts_cancelled_apart():
    prog = Progress()
    for status in ("done", "done", "cancelled", "planned", "in_progress"):
        prog.add(status)
    assert (prog.done, prog.total, prog.cancelled, prog.counted, prog.percent) == (2, 5, 1, 4, 50)
    assert Progress().percent == 0


def _fake_plan(year, months_list, statuses=("planned",)):
    entries = []
    for n, months in enumerate(months_list):
        items = [SimpleNamespace(status=s) for s in statuses]
        entries.append(SimpleNamespace(id=n, months=months, items=items))
    return SimpleNamespace(year=year, schedule=entries)


def test_entry_end_dates_wrap_school_year():
    plan = _fake_plan(2025, [[8], [9, 10], [12, 1], [2]])
    ends = entry_end_dates(plan)
    assert ends == {0: date(2025, 8, 31), 1: date(2025, 10, 31), 2: date(2026, 1, 31),
                    3: date(2026, 2, 28)}
    assert entry_end_dates(_fake_plan(2026, [[]])) == {0: None}


def test_overdue_only_after_every_month_and_when_open():
    end = date(2026, 4, 30)
    assert is_overdue(SimpleNamespace(status="planned"), end, date(2026, 5, 1))
    assert is_overdue(SimpleNamespace(status="in_progress"), end, date(2026, 5, 1))
    assert not is_overdue(SimpleNamespace(status="planned"), end, date(2026, 4, 30))
    assert not is_overdue(SimpleNamespace(status="done"), end, date(2027, 1, 1))
    assert not is_overdue(SimpleNamespace(status="cancelled"), end, date(2027, 1, 1))
    assert not is_overdue(SimpleNamespace(status="planned"), None, date(2027, 1, 1))


def test_draft_content_keeps_unparsed_lines():
    parsed = {"title": None, "sections": [{"number": "一", "title": "a", "items": ["b"]}],
              "schedule": [{"label": "三月份", "months": [3], "items": ["c"]}],
              "unparsed": ["孤立的一行"]}
    content = draft_content(parsed, 2027)
    assert content["title"] == "2027年工会工作计划" and content["year"] == 2027
    assert "孤立的一行" in content["principles"]
    assert content["schedule"][0]["items"] == ["c"]
    assert draft_content(parsed, 2027, title="自定标题")["title"] == "自定标题"
    assert guess_year("2024年工会工作计划", 2030) == 2024 and guess_year(None, 2030) == 2030


# ---------------------------------------------------------------- on the demo database

def _users(session):
    return {u.username: u for u in session.scalars(select(User))}


def test_list_matches_can_view_for_every_user(app_session):
    plans = list(app_session.scalars(select(Plan)))
    for user in _users(app_session).values():
        listed = {p.id for p in list_plans(app_session, user, PlanFilter(), 1, 100).rows}
        assert listed == {p.id for p in plans if can_view(p, user)}, user.username


def test_list_filters_and_paging(app_session):
    chair = _users(app_session)["chair"]
    assert {p.year for p in list_plans(app_session, chair, PlanFilter(year=2027)).rows} == {2027}
    assert [p.state for p in list_plans(app_session, chair, PlanFilter(state="draft")).rows] \
        == ["draft"]
    assert list_plans(app_session, chair, PlanFilter(authors=("nobody",))).total == 0
    assert list_plans(app_session, chair, PlanFilter(authors=("drafter",))).total == 4
    page = list_plans(app_session, chair, PlanFilter(), page=2, per_page=3)
    assert (page.total, page.pages, page.page, len(page.rows)) == (4, 2, 2, 1)
    assert list_plans(app_session, chair, PlanFilter(), page=99, per_page=3).page == 2
    years, authors = filter_choices(app_session, chair)
    assert years == [2027, 2026] and [a.username for a in authors] == ["drafter"]
    years, _ = filter_choices(app_session, _users(app_session)["rep1"])
    assert years == [2026]


def test_review_diff_and_last_return(app_session):
    party = app_session.get(Plan, 3)
    diff = review_diff(app_session, party)
    assert diff is not None and diff.changed and diff.base_number == 1
    assert review_diff(app_session, app_session.get(Plan, 2)) is None
    assert last_return(app_session, party) is None  # resubmitted since
    users = _users(app_session)
    engine.fire(app_session, party, "party_return", users["secretary"], comment="再改改")
    entry = last_return(app_session, party)
    assert entry is not None and entry.comment == "再改改"
    diff = review_diff(app_session, party)  # draft: compared with the last submitted revision
    assert diff is not None and not diff.changed and diff.base_number == 2


def test_board_progress_and_movers(app_session):
    users = _users(app_session)
    plan = app_session.get(Plan, 4)
    result = board(plan, users["chair"], today=date(2026, 6, 1))
    assert result.progress.total == 10 and result.progress.done == 4
    assert result.progress.cancelled == 1 and result.progress.percent == 44
    assert all(c.can_move for col in result.columns for c in col.cards)
    # 三、四月份 has one open item left in June: overdue
    assert result.overdue == 1
    drafter_board = board(plan, users["drafter"], today=date(2026, 6, 1))
    for col in drafter_board.columns:
        for card in col.cards:
            assert card.can_move == (card.item.owner.username == "drafter")
            assert may_move(plan, users["drafter"], card.item) == card.can_move
    assert not any(c.can_move for col in board(plan, users["rep1"]).columns for c in col.cards)
    draft = app_session.get(Plan, 1)
    assert not any(c.can_move for col in board(draft, users["chair"]).columns for c in col.cards)


def test_copy_content_is_next_year_without_statuses(app_session):
    plan = app_session.get(Plan, 4)
    content = copy_content(plan)
    assert content["year"] == 2027 and content["title"] == "2027年学校工会工作计划"
    drafter = _users(app_session)["drafter"]
    new = engine.create(app_session, "plan", drafter, **content)
    app_session.flush()
    assert new.state == "draft" and new.year == 2027
    assert [i.text for i in new.all_items()] == [i.text for i in plan.all_items()]
    assert {i.status for i in new.all_items()} == {"planned"}
    assert [e.months for e in new.schedule] == [e.months for e in plan.schedule]


def test_edit_refusal_reasons(app_session):
    users = _users(app_session)
    draft, review = app_session.get(Plan, 1), app_session.get(Plan, 2)
    assert engine.refusal(draft, "edit", users["drafter"]) is None
    assert engine.refusal(draft, "edit", users["chair"]).code == "role_not_allowed"
    assert engine.refusal(review, "edit", users["drafter"]).code == "invalid_action"
