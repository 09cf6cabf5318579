"""Plan pages: list, editor, import, review and actions, print view, tracking board."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select
from web_fixtures import login

from workflow.models import AuditEntry, Plan, Revision, ScheduleItem

USERS = ("admin", "drafter", "chair", "committee", "secretary", "rep1", "rep2", "rep3", "handler")
PAGES = ("/plans/{id}", "/plans/{id}/print", "/plans/{id}/board")


def text(response) -> str:
    return response.get_data(as_text=True)


def plan(app_session, doc_id: int) -> Plan:
    """The plan as stored now (loaded eagerly; the read transaction ends at once)."""
    app_session.expire_all()
    doc = app_session.get(Plan, doc_id)
    _ = (doc.author.username, [(i.owner, i.status) for i in doc.all_items()], doc.sections)
    app_session.commit()  # SQLite: release the lock before the app writes
    return doc


def item_now(app_session, item_id: int) -> ScheduleItem:
    """A schedule item as stored now."""
    app_session.expire_all()
    item = app_session.get(ScheduleItem, item_id)
    app_session.commit()
    return item


def editor_data(**over) -> dict:
    data = {"title": "2028年学校工会工作计划", "year": "2028", "organisation": "XX中学工会",
            "principles": "团结服务。", "version": "",
            "sec-0-number": "一", "sec-0-title": "民主管理", "sec-0-items": "开好教代会\n校务公开",
            "sch-0-label": "三、四月份", "sch-0-months": "", "sch-0-owner": "chair",
            "sch-0-items": "三八节活动\n春季运动会 @committee",
            "op": "save"}
    data.update(over)
    return data


# ---------------------------------------------------------------- pages for every user

@pytest.mark.parametrize("user", USERS)
def test_every_page_for_every_user(client, user, app_session):
    from workflow.policy import can_view

    me = _user(app_session, user)
    docs = [(d, can_view(d, me)) for d in app_session.scalars(select(Plan))]
    app_session.commit()
    login(client, user)
    assert client.get("/plans/").status_code == 200
    for doc, allowed in docs:
        for page in PAGES:
            r = client.get(page.format(id=doc.id))
            if not allowed:
                assert r.status_code == 403, (user, page, doc.id)
            else:
                assert r.status_code in (200, 302), (user, page, doc.id)
                if r.status_code == 302:
                    assert page.endswith("/board") and doc.state not in ("published", "closed")


def _user(app_session, username):
    from workflow.models import User

    user = app_session.scalar(select(User).where(User.username == username))
    app_session.commit()
    return user


def test_rep_may_not_read_a_draft(client):
    login(client, "rep1")
    for url in ("/plans/1", "/plans/1/print", "/plans/1/board", "/plans/1/edit"):
        r = client.get(url)
        assert r.status_code == 403 and "403" in text(r)
    assert client.post("/plans/1/act/submit", data={"version": "1"}).status_code == 403
    assert client.post("/plans/1/copy").status_code == 403
    page = text(client.get("/plans/"))
    assert "2027年学校工会工作计划（草稿）" not in page and "2026年学校工会工作计划" in page


@pytest.mark.parametrize("url", [
    "/plans/999", "/plans/999/edit", "/plans/999/print", "/plans/999/board", "/plans/abc",
    "/plans/-1", "/plans/4/items/99999/status", "/plans/1.5/print"])
def test_unknown_and_junk_ids_are_404(client, url):
    login(client, "chair")
    r = client.post(url) if url.endswith("/status") else client.get(url)
    assert r.status_code in (404, 405) and r.status_code != 500
    assert client.get("/plans/999").status_code == 404


@pytest.mark.parametrize("query", ["year=abc", "state=nonsense", "year=99999999999"])
def test_junk_list_params_are_400(client, query):
    login(client, "chair")
    assert client.get(f"/plans/?{query}").status_code == 400


def test_unknown_action_is_404(client):
    login(client, "chair")
    assert client.post("/plans/2/act/fly", data={"version": "1"}).status_code == 404
    assert client.post("/plans/1/act/edit", data={"version": "1"}).status_code == 404


# ---------------------------------------------------------------- list

def test_list_filters_in_url_and_paging(app, client):
    login(client, "chair")
    page = text(client.get("/plans/?year=2027"))
    assert "2027年学校工会工作计划（草稿）" in page and "2026年女教职工工作计划" not in page
    page = text(client.get("/plans/?state=published"))
    assert "2026年学校工会工作计划" in page and "共 1 份计划" in page
    assert "共 4 份计划" in text(client.get("/plans/?author=drafter"))
    assert "共 0 份计划" in text(client.get("/plans/?author=chair,nobody"))
    app.config["PER_PAGE"] = 3
    first = text(client.get("/plans/"))
    assert 'href="/plans/?page=2"' in first
    second = text(client.get("/plans/?page=2"))
    assert second.count('<tr data-id=') == 1
    assert text(client.get("/plans/?page=x")).count('<tr data-id=') == 3
    app.config["PER_PAGE"] = 2
    filtered = text(client.get("/plans/?year=2026&page=1"))
    assert "page=2&amp;year=2026" in filtered or "year=2026&amp;page=2" in filtered


def test_new_button_only_for_creators(client):
    login(client, "drafter")
    assert 'data-testid="new-plan"' in text(client.get("/plans/"))
    client.post("/logout")
    login(client, "chair")
    assert 'data-testid="new-plan"' not in text(client.get("/plans/"))
    assert client.get("/plans/new").status_code == 403
    assert client.get("/plans/import").status_code == 403


# ---------------------------------------------------------------- editor

def test_create_plan_with_month_derived_from_label_and_owner_suffix(client, app_session):
    login(client, "drafter")
    r = client.post("/plans/new", data=editor_data())
    assert r.status_code == 302
    doc_id = int(r.location.rsplit("/", 1)[1])
    doc = plan(app_session, doc_id)
    assert doc.title == "2028年学校工会工作计划" and doc.state == "draft"
    entry = doc.schedule[0]
    assert entry.months == [3, 4]
    assert [(i.text, i.owner.username) for i in entry.items] == [
        ("三八节活动", "chair"), ("春季运动会", "committee")]
    assert [i.text for i in doc.sections[0].items] == ["开好教代会", "校务公开"]
    page = text(client.get(f"/plans/{doc_id}/edit"))
    assert "春季运动会 @committee" in page and 'value="3,4"' in page


def _count(app_session) -> int:
    n = len(list(app_session.scalars(select(Plan))))
    app_session.commit()
    return n


def test_validation_errors_keep_typed_input(client, app_session):
    login(client, "drafter")
    count = _count(app_session)
    r = client.post("/plans/new", data=editor_data(title="", **{"sec-0-items": "我写的条目"}))
    page = text(r)
    assert r.status_code == 400 and "我写的条目" in page and "三八节活动" in page
    r = client.post("/plans/new", data=editor_data(**{"sch-0-label": "暑假", "sch-0-months": ""}))
    page = text(r)
    assert r.status_code == 400 and "无法从月份标题识别月份" in page and "暑假" in page
    r = client.post("/plans/new", data=editor_data(**{"sch-0-months": "13"}))
    assert r.status_code == 400 and "月份写法无法识别" in text(r)
    r = client.post("/plans/new", data=editor_data(**{"sch-0-items": "某事 @无此人"}))
    assert r.status_code == 400 and "找不到负责人“无此人”" in text(r)
    r = client.post("/plans/new", data=editor_data(year="1900"))
    assert r.status_code == 400 and "团结服务。" in text(r)
    r = client.post("/plans/new", data=editor_data(title="长" * 300))
    assert r.status_code == 400
    assert _count(app_session) == count


def test_engine_field_error_is_shown_with_input_kept(client):
    login(client, "drafter")
    r = client.post("/plans/new", data=editor_data(**{"sch-0-label": "", "sch-0-months": "3",
                                                      "sch-0-items": "无标题的事项"}))
    page = text(r)
    assert r.status_code == 400 and "请填写“月份标题”" in page and "无标题的事项" in page


def test_add_and_remove_rows_without_js_keep_text(client, app_session):
    login(client, "drafter")
    count = _count(app_session)
    r = client.post("/plans/new", data=editor_data(op="add_entry"))
    page = text(r)
    assert r.status_code == 200 and 'name="sch-1-label"' in page and "春季运动会 @committee" in page
    r = client.post("/plans/new", data=editor_data(op="add_section"))
    assert 'name="sec-1-number"' in text(r) and "开好教代会" in text(r)
    data = editor_data(**{"sch-1-label": "五月份", "sch-1-items": "五月的事", "op": "del_entry:0"})
    page = text(client.post("/plans/new", data=data))
    assert "三八节活动" not in page and "五月的事" in page and 'name="sch-1-label"' not in page
    page = text(client.post("/plans/new", data=editor_data(op="del_section:0")))
    assert "开好教代会" not in page and "三八节活动" in page
    page = text(client.post("/plans/new", data=editor_data(op="del_entry:99")))
    assert "三八节活动" in page
    assert _count(app_session) == count


def test_edit_submitted_plan_redirects_with_engine_message(client):
    login(client, "drafter")
    r = client.get("/plans/2/edit")
    assert r.status_code == 302 and r.location.endswith("/plans/2")
    page = text(client.get("/plans/2"))
    assert "不能执行“修改”" in page
    r = client.post("/plans/2/edit", data=editor_data())
    assert r.status_code == 302


def test_only_author_edits(client):
    login(client, "chair")
    r = client.get("/plans/1/edit", follow_redirects=True)
    assert "您的角色不能执行“修改”" in text(r)


def test_stale_edit_keeps_text_and_message(client, app_session):
    login(client, "drafter")
    r = client.post("/plans/1/edit", data=editor_data(version="0",
                                                      **{"sec-0-items": "过期的修改"}))
    page = text(r)
    assert r.status_code == 400 and "其他人已先处理了这份文件" in page and "过期的修改" in page
    assert plan(app_session, 1).title == "2027年学校工会工作计划（草稿）"
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    r = client.post("/plans/1/edit", data=editor_data(version=version))
    assert r.status_code == 302
    assert plan(app_session, 1).title == "2028年学校工会工作计划"


# ---------------------------------------------------------------- review path

def act(client, doc_id, action, version, comment="", **fields):
    return client.post(f"/plans/{doc_id}/act/{action}",
                       data={"version": str(version), "comment": comment, **fields},
                       follow_redirects=True)


def test_full_review_path_with_return_diff_and_refusals(client, app_session):
    login(client, "drafter")
    doc = plan(app_session, 1)
    page = text(act(client, 1, "submit", doc.version))
    assert "已完成：提交审议" in page and plan(app_session, 1).state == "committee_review"
    page = text(act(client, 1, "committee_approve", plan(app_session, 1).version))
    assert "您的角色不能执行“审议通过”" in page
    client.post("/logout")

    login(client, "chair")
    page = text(client.get("/plans/1"))
    assert 'data-testid="action-committee_return"' in page and 'data-testid="diff"' not in page
    page = text(act(client, 1, "committee_return", plan(app_session, 1).version))
    assert "“退回修改”需要填写意见。" in page and plan(app_session, 1).state == "committee_review"
    page = text(act(client, 1, "committee_return", plan(app_session, 1).version,
                    comment="请补充三月份的负责人。"))
    assert plan(app_session, 1).state == "draft"
    client.post("/logout")

    login(client, "drafter")
    page = text(client.get("/plans/1"))
    assert 'data-testid="return-comment"' in page and "请补充三月份的负责人。" in page
    doc = plan(app_session, 1)
    r = client.post("/plans/1/edit", data=editor_data(
        title=doc.title, year=str(doc.year), version=str(doc.version),
        **{"sch-0-label": "三月份", "sch-0-months": "3", "sch-0-items": "庆祝“三八”妇女节。",
           "sch-0-owner": "committee"}))
    assert r.status_code == 302
    page = text(client.get("/plans/1"))
    assert 'data-testid="diff"' in page and "<ins>" in page and "<del>" in page
    page = text(act(client, 1, "submit", plan(app_session, 1).version, comment="已补充。"))
    assert 'data-testid="return-comment"' not in page
    client.post("/logout")

    login(client, "committee")
    page = text(client.get("/plans/1"))
    assert 'data-testid="diff"' in page and ("diff-added" in page or "diff-changed" in page)
    act(client, 1, "committee_approve", plan(app_session, 1).version, comment="同意。")
    assert plan(app_session, 1).state == "party_review"
    client.post("/logout")

    login(client, "chair")
    page = text(act(client, 1, "party_approve", plan(app_session, 1).version))
    assert "您的角色不能执行“批准”" in page
    client.post("/logout")
    login(client, "secretary")
    act(client, 1, "party_approve", plan(app_session, 1).version)
    assert plan(app_session, 1).state == "approved"
    client.post("/logout")

    login(client, "chair")
    page = text(client.get("/plans/1"))
    assert 'data-testid="action-publish"' in page and "data-confirm=" in page
    act(client, 1, "publish", plan(app_session, 1).version)
    assert plan(app_session, 1).state == "published"
    assert client.get("/plans/1/board").status_code == 200


def test_author_may_not_approve_own_plan(client, app_session):
    from workflow import engine
    from workflow.users import create_user

    boss = create_user(app_session, "drafting_chair", "demo", ["drafter", "chair"])
    doc = engine.create(app_session, "plan", boss, title="主席起草的计划", year=2027,
                        schedule=[{"label": "三月份", "months": [3], "items": ["事项"]}])
    engine.fire(app_session, doc, "submit", boss)
    app_session.commit()
    login(client, "drafting_chair")
    page = text(client.get(f"/plans/{doc.id}"))
    assert "起草人不能对自己的文件执行“审议通过”" in page  # disabled button with the reason
    page = text(act(client, doc.id, "committee_approve", doc.version))
    assert "起草人不能对自己的文件执行“审议通过”" in page
    assert plan(app_session, doc.id).state == "committee_review"


def test_blocked_submit_shows_reason(client, app_session):
    login(client, "drafter")
    r = client.post("/plans/new", data={"title": "空计划", "year": "2028", "op": "save"})
    doc_id = int(r.location.rsplit("/", 1)[1])
    page = text(client.get(f"/plans/{doc_id}"))
    assert "计划还没有任何工作条目" in page and "disabled" in page


def test_stale_version_message_and_current_state(client, app_session):
    login(client, "chair")
    page = text(act(client, 2, "committee_approve", 0))
    assert "其他人已先处理了这份文件" in page and plan(app_session, 2).state == "committee_review"
    page = text(act(client, 2, "committee_approve", "junk"))
    assert "其他人已先处理了这份文件" in page


def test_withdraw_and_close_with_summary(client, app_session):
    login(client, "drafter")
    act(client, 2, "withdraw", plan(app_session, 2).version)
    assert plan(app_session, 2).state == "draft"
    page = text(client.get("/plans/4"))
    assert 'data-testid="summary-input"' in page and "执行情况总结" in page
    page = text(act(client, 4, "close", plan(app_session, 4).version))
    assert "请填写“年度总结”" in page and plan(app_session, 4).state == "published"
    act(client, 4, "close", plan(app_session, 4).version, summary="全年完成大部分工作。")
    doc = plan(app_session, 4)
    assert doc.state == "closed" and doc.summary == "全年完成大部分工作。"
    assert 'data-testid="summary"' in text(client.get("/plans/4"))
    board = text(client.get("/plans/4/board"))
    assert "已归档，只读" in board and 'data-testid="track-form"' not in board


# ---------------------------------------------------------------- tracking board

def _items(app_session, doc_id=4):
    return plan(app_session, doc_id).all_items()


def _year_progress(page):
    m = re.search(r'data-testid="progress-year" data-done="(\d+)" data-counted="(\d+)"', page)
    return int(m.group(1)), int(m.group(2))


def test_board_progress_and_moves(client, app_session):
    login(client, "chair")
    page = text(client.get("/plans/4/board"))
    assert _year_progress(page) == (4, 9)
    assert page.count('data-testid="item-card"') == 10
    assert page.count('data-testid="track-form"') == 10
    assert 'data-testid="progress-month-1"' in page and 'aria-valuenow="100"' in page
    open_item = next(i for i in _items(app_session) if i.status == "in_progress")
    r = client.post(f"/plans/4/items/{open_item.id}/status",
                    data={"status": "done", "note": "已办结"})
    assert r.status_code == 302 and r.location.endswith(f"#item-{open_item.id}")
    page = text(client.get("/plans/4/board"))
    assert _year_progress(page) == (5, 9) and "已办结" in page
    item = item_now(app_session, open_item.id)
    assert item.status == "done" and item.note == "已办结"
    r = client.post(f"/plans/4/items/{open_item.id}/status", data={"status": "flying"},
                    follow_redirects=True)
    assert "“进度”的值无效" in text(r)
    r = client.post(f"/plans/4/items/{open_item.id}/status", data={}, follow_redirects=True)
    assert "请填写“进度”" in text(r)


def test_owner_moves_own_item_only(client, app_session):
    login(client, "committee")
    page = text(client.get("/plans/4/board"))
    mine = [i for i in _items(app_session) if i.owner.username == "committee"]
    other = next(i for i in _items(app_session) if i.owner.username == "drafter")
    assert page.count('data-testid="track-form"') == len(mine)
    r = client.post(f"/plans/4/items/{mine[0].id}/status", data={"status": "in_progress"},
                    follow_redirects=True)
    assert "已更新" in text(r)
    r = client.post(f"/plans/4/items/{other.id}/status", data={"status": "done"},
                    follow_redirects=True)
    assert "只有该事项的负责人或工会主席可以更新进度" in text(r)
    assert item_now(app_session, other.id).status == other.status


def test_reader_sees_board_without_controls(client):
    login(client, "rep1")
    page = text(client.get("/plans/4/board"))
    assert 'data-testid="item-card"' in page and 'data-testid="track-form"' not in page
    r = client.post("/plans/4/items/1/status", data={"status": "done"}, follow_redirects=True)
    assert r.status_code in (200, 404)


def test_item_of_another_plan_is_404(client, app_session):
    login(client, "chair")
    other = plan(app_session, 1).all_items()[0]
    assert client.post(f"/plans/4/items/{other.id}/status",
                       data={"status": "done"}).status_code == 404


def test_board_of_unpublished_plan_redirects(client):
    login(client, "chair")
    r = client.get("/plans/2/board", follow_redirects=True)
    assert "计划公布后才能跟踪执行进度" in text(r)


def test_overdue_items_stand_out(client, app_session):
    from datetime import date

    login(client, "chair")
    page = text(client.get("/plans/4/board"))
    doc = plan(app_session, 4)
    from workflow.plan_tracking import board

    expected = board(doc, _user(app_session, "chair"), date.today()).overdue
    app_session.commit()
    assert page.count('data-overdue="1"') == expected


# ---------------------------------------------------------------- import, copy, print

PLAN_TEXT = """2029年学校工会工作计划
一、加强民主管理
1、开好教代会。
2、推进校务公开。
三、四月份：
1. 三八节活动。
2. 春季运动会。
七至八月份
暑期疗休养。
十二、一月份
年终总结。
本文来源于网络
"""


def test_import_preview_and_save(client, app_session):
    login(client, "drafter")
    r = client.post("/plans/import", data={"text": PLAN_TEXT, "op": "preview", "year": ""})
    page = text(r)
    assert r.status_code == 200 and 'data-testid="import-preview"' in page
    assert "三、四月份" in page and "3, 4" in page and "12, 1" in page
    assert 'data-testid="save-import"' in page
    assert 'value="2029"' in page
    r = client.post("/plans/import", data={"text": PLAN_TEXT, "op": "save", "year": "2029",
                                           "title": ""})
    assert r.status_code == 302 and r.location.endswith("/edit")
    doc_id = int(r.location.split("/")[-2])
    doc = plan(app_session, doc_id)
    assert doc.year == 2029 and doc.title == "2029年学校工会工作计划"
    assert [e.months for e in doc.schedule] == [[3, 4], [7, 8], [12, 1]]
    assert [i.text for i in doc.schedule[0].items] == ["三八节活动。", "春季运动会。"]


def test_import_unparsed_lines_are_shown_and_kept(client, app_session):
    login(client, "drafter")
    body = "计划\n三月份\n1、座谈会。\n\n※※※※\n"
    r = client.post("/plans/import", data={"text": "孤零零的说明文字\n" + body, "op": "preview"})
    page = text(r)
    parsed_unparsed = 'data-testid="unparsed"' in page
    r = client.post("/plans/import", data={"text": "孤零零的说明文字\n" + body, "op": "save"})
    doc = plan(app_session, int(r.location.split("/")[-2]))
    everything = " ".join([doc.title, doc.principles, *[i.text for i in doc.all_items()],
                           *[s.title for s in doc.sections]])
    assert "孤零零的说明文字" in everything and "座谈会" in everything
    if parsed_unparsed:
        assert "导入时未能归类" in doc.principles


def test_import_gb18030_upload(client, app_session):
    login(client, "drafter")
    data = {"upload": (io.BytesIO(PLAN_TEXT.encode("gb18030")), "plan.txt"), "op": "preview"}
    r = client.post("/plans/import", data=data, content_type="multipart/form-data")
    page = text(r)
    assert r.status_code == 200 and "春季运动会" in page and "三、四月份" in page


@pytest.mark.parametrize(("payload", "message"), [
    (b"", "无法导入"), (b"\x00\x01\x02\x03" * 50, "无法导入"),
    (b"x" * (3 * 1024 * 1024), "文件太大"),
])
def test_import_bad_uploads_are_messages(client, payload, message):
    login(client, "drafter")
    data = {"upload": (io.BytesIO(payload), "plan.txt"), "op": "preview"}
    r = client.post("/plans/import", data=data, content_type="multipart/form-data")
    assert r.status_code == 400 and message in text(r)


def test_import_empty_text_is_a_message(client):
    login(client, "drafter")
    r = client.post("/plans/import", data={"text": "   ", "op": "save"})
    assert r.status_code == 400 and "没有可导入的内容" in text(r)


def test_copy_as_next_year(client, app_session):
    login(client, "drafter")
    assert 'data-testid="copy-next-year"' in text(client.get("/plans/4"))
    r = client.post("/plans/4/copy")
    assert r.status_code == 302 and r.location.endswith("/edit")
    doc = plan(app_session, int(r.location.split("/")[-2]))
    assert doc.year == 2027 and doc.state == "draft" and doc.author.username == "drafter"
    assert {i.status for i in doc.all_items()} == {"planned"}
    assert len(doc.all_items()) == len(plan(app_session, 4).all_items())
    client.post("/logout")
    login(client, "chair")
    assert 'data-testid="copy-next-year"' not in text(client.get("/plans/4"))
    r = client.post("/plans/4/copy", follow_redirects=True)
    assert "您的角色不能执行“新建”" in text(r)


def test_print_view(client):
    login(client, "rep1")
    page = text(client.get("/plans/4/print"))
    assert 'class="plan-print"' in page and 'data-testid="print-page"' in page
    assert "red-head" in page and "2026年学校工会工作计划" in page and "三、四月份" in page


# ---------------------------------------------------------------- languages, CSRF, hygiene

@pytest.mark.parametrize("lang", ["zh_Hans", "zh_Hant", "en"])
def test_pages_render_in_each_language(client, lang):
    login(client, "chair")
    client.get(f"/lang/{lang}")
    html_lang = {"zh_Hans": "zh-Hans", "zh_Hant": "zh-Hant", "en": "en"}[lang]
    state = {"zh_Hans": "已公布（执行中）", "zh_Hant": "已公布（執行中）",
             "en": "Published (in progress)"}[lang]
    for url in ("/plans/", "/plans/4", "/plans/4/board", "/plans/4/print", "/plans/2"):
        r = client.get(url)
        assert r.status_code == 200 and f'<html lang="{html_lang}">' in text(r)
    assert state in text(client.get("/plans/4"))
    client.post("/logout")
    login(client, "drafter")
    client.get(f"/lang/{lang}")
    for url in ("/plans/new", "/plans/1/edit", "/plans/import"):
        assert client.get(url).status_code == 200


def test_csrf_refuses_posts_without_token(csrf_app):
    client = csrf_app.test_client()
    page = text(client.get("/login"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": "drafter", "password": "demo", "csrf_token": token})
    for url, data in (("/plans/1/act/submit", {"version": "1"}), ("/plans/new", editor_data()),
                      ("/plans/4/copy", {}), ("/plans/4/items/1/status", {"status": "done"}),
                      ("/plans/import", {"text": PLAN_TEXT, "op": "save"})):
        assert client.post(url, data=data).status_code == 400, url
    page = text(client.get("/plans/1"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    r = client.post("/plans/1/act/submit", data={"version": "1", "csrf_token": token})
    assert r.status_code == 302


def test_no_inline_script_or_external_urls(client):
    login(client, "drafter")
    for url in ("/plans/", "/plans/1", "/plans/1/edit", "/plans/new", "/plans/import",
                "/plans/4/board", "/plans/4/print"):
        html = text(client.get(url))
        assert "<script>" not in html and "onclick=" not in html, url
        assert not re.search(r'(src|href|action)="(https?:)?//', html), url


def test_junk_posts_never_500(client):
    login(client, "drafter")
    junk = {"version": "x" * 50, "comment": "y" * 30000, "summary": "\x00", "op": "del_entry:abc",
            "sch-99999-label": "z", "sec-x-title": "q", "year": "二〇二八"}
    for url in ("/plans/1/act/submit", "/plans/new", "/plans/1/edit", "/plans/import",
                "/plans/4/act/close", "/plans/4/items/1/status"):
        assert client.post(url, data=junk).status_code < 500, url


def test_actions_are_audited(client, app_session):
    login(client, "drafter")
    act(client, 1, "submit", plan(app_session, 1).version, comment="请审议")
    app_session.expire_all()
    entry = app_session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert (entry.action, entry.comment, entry.actor) == ("submit", "请审议", "drafter")
    assert app_session.scalars(select(Revision).where(Revision.doc_id == 1)).first() is not None
