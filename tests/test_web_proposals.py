"""教代会提案 pages: list, write, read, every action path by HTTP, 我的提案, CSRF, languages."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from web_fixtures import login

from workflow.models import Category, Department, Proposal, User


def doc(app: Flask, doc_id: int) -> Proposal:
    """A fresh copy of the proposal (with what hangs off it loaded)."""
    with app.extensions["unionflow.sessionmaker"]() as s:
        p = s.get(Proposal, doc_id)
        assert p is not None
        _ = (p.answers, p.ratings, p.notes, p.cosignatures, p.assist)
        s.expunge_all()
        return p


def ref(app: Flask, model: type, name: str) -> int:
    """Id of the department/category/user named `name`."""
    column = model.username if model is User else model.name
    with app.extensions["unionflow.sessionmaker"]() as s:
        return s.scalars(select(model.id).where(column == name)).one()


def act(client: FlaskClient, app: Flask, doc_id: int, action: str, data: dict | None = None,
        version: int | None = None):  # type: ignore[no-untyped-def]
    """POST one action with the proposal's current version (or the one given)."""
    form = {"version": str(doc(app, doc_id).version if version is None else version),
            **(data or {})}
    return client.post(f"/proposals/{doc_id}/act/{action}", data=form)


def page(client: FlaskClient, url: str, status: int = 200) -> str:
    """GET `url`, check the status, give the text."""
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code)
    return r.get_data(as_text=True)


def relogin(client: FlaskClient, username: str) -> None:
    """Log out whoever is in and log `username` in."""
    client.post("/logout")
    login(client, username)


# --- pages ------------------------------------------------------------------------------

@pytest.mark.parametrize("username", ["rep1", "rep2", "rep3", "chair", "committee", "secretary",
                                      "handler", "drafter", "admin"])
def test_list_page_for_everyone(client, username):
    login(client, username)
    html = page(client, "/proposals/")
    assert "教代会提案" in html and 'data-testid="proposal-filters"' in html
    if username in ("rep1", "rep2", "rep3", "chair"):
        assert 'data-testid="new-proposal"' in html
    else:
        assert 'data-testid="new-proposal"' not in html


@pytest.mark.parametrize(("username", "visible"), [
    ("rep1", {2, 3, 4, 5, 6}), ("rep3", {1, 2, 3, 4, 5, 6}), ("chair", {1, 2, 3, 4, 5, 6}),
    ("handler", {4, 5, 6}), ("drafter", {4, 5, 6}),
])
def test_list_shows_only_what_the_user_may_view(client, username, visible):
    login(client, username)
    html = page(client, "/proposals/")
    shown = {int(i) for i in re.findall(r'data-testid="proposal-row" data-id="(\d+)"', html)}
    assert shown == visible


def test_filters_in_url_and_paging(client, app):
    login(client, "chair")
    html = page(client, "/proposals/?state=handling")
    assert re.findall(r'data-testid="proposal-row" data-id="(\d+)"', html) == ["4"]
    assert '<option value="handling" selected>' in html
    rep1 = ref(app, User, "rep1")
    html = page(client, f"/proposals/?author={rep1}")
    assert sorted(re.findall(r'data-testid="proposal-row" data-id="(\d+)"', html)) == \
        ["2", "4", "6"]
    dept = ref(app, Department, "后勤处")
    cat = ref(app, Category, "后勤保障")
    html = page(client, f"/proposals/?department={dept}&category={cat}&session=1")
    assert sorted(re.findall(r'data-testid="proposal-row" data-id="(\d+)"', html)) == \
        ["4", "5", "6"]
    html = page(client, "/proposals/?page=2&state=handling")
    assert "data-id=\"4\"" in html  # a page past the end shows the last one


def test_paging_links_keep_filters(client, app):
    app.config["PER_PAGE"] = 2
    login(client, "chair")
    html = page(client, "/proposals/?session=1")
    assert len(re.findall(r'data-testid="proposal-row"', html)) == 2
    assert "/proposals/?session=1&amp;page=3" in html
    html2 = page(client, "/proposals/?session=1&page=3")
    assert len(re.findall(r'data-testid="proposal-row"', html2)) == 2
    assert html != html2


@pytest.mark.parametrize("query", [
    "?state=%00", "?session=abc&page=-1", "?page=99999999999999999999", "?author=1'--",
    "?department[]=1", "?category=1.5&q=%25%25", "?state=draft&state=handling",
])
def test_junk_params_never_500(client, query):
    login(client, "rep1")
    assert client.get("/proposals/" + query).status_code == 200
    assert client.get("/public/" + query).status_code == 200


def test_view_pages_by_user(client):
    login(client, "rep1")
    html = page(client, "/proposals/2")
    assert 'data-testid="cosign-count"' in html and "附议 1/2" in html
    assert 'data-testid="action-forward"' in html
    assert "还需 1 位附议人" in html  # the blocked forward says why
    assert 'data-testid="action-second"' not in html  # the author cannot co-sign
    assert 'data-testid="timeline"' in html and "<svg" in html
    html = page(client, "/proposals/4")
    assert "2026" in html or "-001" in html
    assert 'data-testid="answer-due"' in html
    html = page(client, "/proposals/6")
    assert "已解决或采纳" in html and 'data-rating="satisfied"' in html
    assert 'data-testid="note"' in html


def test_403_for_someone_elses_draft_and_404(client):
    login(client, "rep1")
    assert client.get("/proposals/1").status_code == 403
    assert "没有权限" in page(client, "/proposals/1", 403)
    assert client.get("/proposals/1/edit").status_code == 403
    assert client.post("/proposals/1/act/submit", data={}).status_code == 403
    assert client.get("/proposals/999").status_code == 404
    assert client.post("/proposals/999/act/submit").status_code == 404
    assert client.get("/proposals/2/act/submit").status_code == 405
    assert client.post("/proposals/2/act/nonsense", data={}).status_code == 404
    assert client.post("/proposals/2/act/edit", data={}).status_code == 404


def test_new_page_defaults_to_the_open_session(client):
    login(client, "rep1")
    html = page(client, "/proposals/new")
    assert re.search(r'<option selected value="1">|<option value="1" selected>', html)
    assert "（征集中）" in html


def test_new_forbidden_without_the_role(client):
    login(client, "handler")
    assert client.get("/proposals/new").status_code == 403


def test_create_with_validation_errors_keeps_input(client, app):
    login(client, "rep1")
    r = client.post("/proposals/new", data={"session_id": "1", "title": "",
                                            "reason": "我写的理由", "measures": "我的建议"})
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert "我写的理由" in html and "我的建议" in html and "invalid-feedback" in html
    r = client.post("/proposals/new", data={"session_id": "abc", "title": "标题"})
    assert r.status_code == 400 and "标题" in r.get_data(as_text=True)
    r = client.post("/proposals/new", data={"session_id": "1", "title": "长" * 201})
    assert r.status_code == 400


def _create(client: FlaskClient, title: str = "关于增加教师停车位的建议") -> int:
    r = client.post("/proposals/new", data={
        "session_id": "1", "title": title, "reason": "校内停车位紧张。",
        "measures": "将操场东侧空地改建为停车场。"})
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    return int(r.location.rstrip("/").split("/")[-1])


def test_edit_draft_and_seconding_warning(client, app):
    login(client, "rep1")
    new_id = _create(client)
    html = page(client, f"/proposals/{new_id}/edit")
    assert "关于增加教师停车位的建议" in html and 'data-testid="lapse-warning"' not in html
    r = client.post(f"/proposals/{new_id}/edit", data={
        "title": "", "reason": "改过的理由", "measures": "x", "version": "1"})
    assert r.status_code == 400 and "改过的理由" in r.get_data(as_text=True)
    r = client.post(f"/proposals/{new_id}/edit", data={
        "title": "关于增加停车位的建议", "reason": "改过的理由", "measures": "x", "version": "1"})
    assert r.status_code == 302 and doc(app, new_id).title == "关于增加停车位的建议"
    # stale edit: refused with the message, nothing changed
    r = client.post(f"/proposals/{new_id}/edit", data={
        "title": "旧页面", "reason": "", "measures": "", "version": "1"}, follow_redirects=True)
    assert "其他人已先处理了这份文件" in r.get_data(as_text=True)
    assert doc(app, new_id).title == "关于增加停车位的建议"
    # proposal 2 is seconding with one co-signer: editing warns, and lapses the co-signature
    html = page(client, "/proposals/2/edit")
    assert 'data-testid="lapse-warning"' in html
    v = doc(app, 2).version
    r = client.post("/proposals/2/edit", data={
        "title": "关于改善教职工午餐质量的建议（修订）", "reason": "r", "measures": "m",
        "version": str(v)})
    assert r.status_code == 302
    assert doc(app, 2).active_cosigners == []
    assert "附议 0/2" in page(client, "/proposals/2")


def test_edit_not_possible_after_forwarding(client):
    login(client, "rep2")
    r = client.get("/proposals/3/edit")
    assert r.status_code == 302 and r.location.endswith("/proposals/3")


def test_full_path_by_http(client, app):
    login(client, "rep1")
    pid = _create(client)
    assert act(client, app, pid, "submit").status_code == 302
    assert doc(app, pid).state == "seconding"
    html = page(client, f"/proposals/{pid}")
    assert "还需 2 位附议人" in html and "附议 0/2" in html
    # the author cannot co-sign their own proposal
    r = act(client, app, pid, "second")
    assert r.status_code == 400 and "起草人不能对自己的文件" in r.get_data(as_text=True)
    relogin(client, "rep2")
    html = page(client, f"/proposals/{pid}")
    assert 'data-testid="do-second"' in html
    assert act(client, app, pid, "second").status_code == 302
    html = page(client, f"/proposals/{pid}")
    assert "附议 1/2" in html and "您已附议过这份提案" in html
    r = act(client, app, pid, "second")  # nobody twice
    assert r.status_code == 400 and "您已附议过这份提案" in r.get_data(as_text=True)
    relogin(client, "rep3")
    assert act(client, app, pid, "second").status_code == 302
    relogin(client, "rep1")
    html = page(client, f"/proposals/{pid}")
    assert "附议 2/2" in html and 'data-testid="do-forward"' in html
    assert act(client, app, pid, "forward").status_code == 302
    assert doc(app, pid).state == "committee_review"

    relogin(client, "committee")
    html = page(client, f"/proposals/{pid}")
    assert 'data-testid="form-file"' in html and "后勤处" in html and "后勤保障" in html
    cat, lead = ref(app, Category, "后勤保障"), ref(app, Department, "后勤处")
    assist = ref(app, Department, "办公室")
    r = act(client, app, pid, "file", {"category": str(cat)})
    assert r.status_code == 400 and "请填写“主办部门”" in r.get_data(as_text=True)
    assert f'<option value="{cat}" selected>' in r.get_data(as_text=True)  # kept
    r = client.post(f"/proposals/{pid}/act/file", data={
        "version": str(doc(app, pid).version), "category": str(cat), "department": str(lead),
        "assist_departments": [str(assist), str(ref(app, Department, "教务处"))]})
    assert r.status_code == 302
    d = doc(app, pid)
    assert d.state == "party_review" and d.number and d.department_id == lead
    assert sorted(x.name for x in d.assist) == ["办公室", "教务处"]

    relogin(client, "secretary")
    assert act(client, app, pid, "party_approve").status_code == 302
    assert doc(app, pid).state == "handling"
    html = page(client, f"/proposals/{pid}")
    assert 'data-testid="answer-due"' in html

    relogin(client, "handler")
    html = page(client, f"/proposals/{pid}")
    assert 'data-testid="form-answer"' in html and "留作参考" in html
    r = act(client, app, pid, "answer", {"answer_class": "B"})
    assert r.status_code == 400 and "请填写“答复内容”" in r.get_data(as_text=True)
    r = act(client, app, pid, "answer", {"answer": "将在暑期改建。", "answer_class": "E"})
    assert r.status_code == 400 and "将在暑期改建。" in r.get_data(as_text=True)
    r = act(client, app, pid, "answer", {"answer": "x", "answer_class": "B",
                                         "completion_date": "not-a-date"})
    assert r.status_code == 400
    assert act(client, app, pid, "answer", {
        "answer": "将在暑期改建停车场。", "answer_class": "B", "measures": "列入暑期维修计划",
        "completion_date": "2030-08-31"}).status_code == 302
    assert doc(app, pid).state == "answered"

    relogin(client, "rep1")
    html = page(client, f"/proposals/{pid}")
    assert "列入计划逐步解决" in html and 'data-testid="form-accept"' in html
    assert "基本满意" in html
    r = act(client, app, pid, "reject_answer")
    assert r.status_code == 400 and "需要填写意见" in r.get_data(as_text=True)
    assert doc(app, pid).state == "answered"
    assert act(client, app, pid, "reject_answer", {"comment": "时间太晚，希望本学期解决。"}) \
        .status_code == 302
    assert doc(app, pid).state == "handling"

    relogin(client, "handler")
    assert act(client, app, pid, "answer", {"answer": "本学期内完成改建。",
                                            "answer_class": "A"}).status_code == 302
    relogin(client, "rep1")
    assert act(client, app, pid, "accept", {"rating": "basically_satisfied",
                                            "comment": "希望尽快落实"}).status_code == 302
    d = doc(app, pid)
    assert d.state == "implementing" and [r.rating for r in d.ratings] == \
        ["unsatisfied", "basically_satisfied"]

    relogin(client, "handler")
    r = act(client, app, pid, "note")
    assert r.status_code == 400
    assert act(client, app, pid, "note", {"comment": "已开始施工。"}).status_code == 302
    relogin(client, "chair")
    assert act(client, app, pid, "complete").status_code == 302
    d = doc(app, pid)
    assert d.state == "closed" and [n.text for n in d.notes] == ["已开始施工。"]
    html = page(client, f"/proposals/{pid}")
    assert html.count('data-testid="answer"') == 2 and "已开始施工。" in html
    assert "时间太晚，希望本学期解决。" in html

    # my proposals: a timeline entry for each step
    relogin(client, "rep1")
    html = page(client, "/proposals/mine")
    card = html.split(f'data-testid="my-proposal" data-id="{pid}"')[1].split('class="card mb-3"')[0]
    steps = re.findall(r'data-testid="timeline-step" data-action="(\w+)"', card)
    assert steps == ["create", "submit", "second", "second", "forward", "file", "party_approve",
                     "answer", "reject_answer", "answer", "accept", "note", "complete"]


def test_handler_of_other_department_refused(client, app):
    with app.extensions["unionflow.sessionmaker"]() as s:
        from workflow.users import create_user

        create_user(s, "handler2", "demo", ["handler", "staff"], "教务处")
        d = s.get(Proposal, 4)
        d.assist = [s.scalars(select(Department).where(Department.name == "教务处")).one()]
        s.commit()
    login(client, "handler2")
    html = page(client, "/proposals/4")  # public anyway; also an assisting department
    assert "只有承办部门（后勤处）的办理人" in html
    r = act(client, app, 4, "answer", {"answer": "不归我们。", "answer_class": "D"})
    assert r.status_code == 400 and "只有承办部门（后勤处）的办理人" in r.get_data(as_text=True)
    assert doc(app, 4).state == "handling"


def test_hand_back(client, app):
    login(client, "handler")
    r = act(client, app, 4, "hand_back")
    assert r.status_code == 400 and "需要填写意见" in r.get_data(as_text=True)
    html = page(client, "/proposals/4")
    assert 'data-confirm="' in html.split('data-testid="form-hand_back"')[1].split("</form>")[0]
    r = act(client, app, 4, "hand_back", {"comment": "饮水设备归办公室管理。"})
    assert r.status_code == 302
    assert doc(app, 4).state == "committee_review"
    relogin(client, "chair")
    html = page(client, "/proposals/4")
    dept = ref(app, Department, "后勤处")
    assert f'<option value="{dept}" selected>' in html  # the current choice is preselected


def test_merge_reject_convert(client, app):
    login(client, "chair")
    html = page(client, "/proposals/3")
    targets = re.search(r'data-testid="merge-target">(.*?)</select>', html, re.S).group(1)
    values = re.findall(r'value="(\d+)"', targets)
    assert sorted(values) == ["4", "5", "6"] and "3" not in values
    r = act(client, app, 3, "merge")
    assert r.status_code == 400 and "请填写“并入的提案”" in r.get_data(as_text=True)
    r = act(client, app, 3, "merge", {"target": "3"})
    assert r.status_code == 400 and "不能并入提案本身" in r.get_data(as_text=True)
    r = act(client, app, 3, "merge", {"target": "abc"})
    assert r.status_code == 400
    assert act(client, app, 3, "merge", {"target": "4"}).status_code == 302
    d = doc(app, 3)
    assert d.state == "merged" and d.merged_into_id == 4
    assert 'href="/proposals/4"' in page(client, "/proposals/3")

    # reject needs a reason; convert needs none (another proposal taken to review)
    for pid, action in ((2, "reject"), (2, "convert")):
        relogin(client, "rep1")
        if doc(app, pid).state == "seconding":
            relogin(client, "rep3")
            act(client, app, pid, "second")
            relogin(client, "rep1")
            act(client, app, pid, "forward")
        else:
            pid = _create(client, "另一个提案")
            act(client, app, pid, "submit")
            for rep in ("rep2", "rep3"):
                relogin(client, rep)
                act(client, app, pid, "second")
            relogin(client, "rep1")
            act(client, app, pid, "forward")
        assert doc(app, pid).state == "committee_review"
        relogin(client, "committee")
        if action == "reject":
            r = act(client, app, pid, "reject")
            assert r.status_code == 400 and "需要填写意见" in r.get_data(as_text=True)
            assert act(client, app, pid, "reject", {"comment": "不属于提案范围。"}) \
                .status_code == 302
            assert doc(app, pid).state == "not_filed"
        else:
            assert act(client, app, pid, "convert").status_code == 302
            assert doc(app, pid).state == "converted"


def test_author_cannot_decide_on_own_proposal(client, app):
    login(client, "chair")  # the demo chair is a representative too
    pid = _create(client, "主席的提案")
    act(client, app, pid, "submit")
    for rep in ("rep1", "rep2"):
        relogin(client, rep)
        act(client, app, pid, "second")
    relogin(client, "chair")
    act(client, app, pid, "forward")
    html = page(client, f"/proposals/{pid}")
    assert 'data-testid="form-file"' not in html
    r = act(client, app, pid, "convert")
    assert r.status_code == 400 and "起草人不能对自己的文件" in r.get_data(as_text=True)


def test_withdraw(client, app):
    login(client, "rep1")
    assert act(client, app, 2, "withdraw").status_code == 302
    assert doc(app, 2).state == "withdrawn"


def test_stale_version_message(client, app):
    login(client, "rep2")
    old = doc(app, 2).version
    relogin(client, "rep3")
    assert act(client, app, 2, "second").status_code == 302
    relogin(client, "rep2")
    r = act(client, app, 2, "withdraw", version=old)
    assert r.status_code == 302
    html = client.get(r.location).get_data(as_text=True)
    assert "其他人已先处理了这份文件" in html and "征集附议" in html
    assert doc(app, 2).state == "seconding"
    r = act(client, app, 2, "second", version="junk")  # type: ignore[arg-type]
    assert r.status_code == 302 and doc(app, 2).state == "seconding"


def test_bad_field_values_never_500(client, app):
    login(client, "chair")
    for data in ({"category": "x", "department": "y"}, {"category": "999", "department": "1"},
                 {"category": "1", "department": "1", "assist_departments": "abc"},
                 {"category": "1", "department": "1", "unknown": "z"}):
        r = act(client, app, 3, "file", data)
        assert r.status_code in (302, 400)
    relogin(client, "rep3")
    r = act(client, app, 5, "accept", {"rating": "unsatisfied"})
    assert r.status_code == 400 and doc(app, 5).state == "answered"


def test_mine_page(client):
    login(client, "rep1")
    html = page(client, "/proposals/mine")
    cards = re.findall(r'data-testid="my-proposal" data-id="(\d+)"', html)
    assert sorted(cards) == ["2", "4", "6"]
    assert sorted(re.findall(r'data-testid="cosigned-proposal" data-id="(\d+)"', html)) == \
        ["3", "5"]
    assert "等待提案委员会审查" in html  # proposal 3, co-signed by rep1
    assert re.search(r"等待后勤处答复（期限 \d{4}-\d{2}-\d{2}）", html)
    assert "正在征集附议（附议 1/2）" in html
    assert html.count('data-testid="timeline"') == 5


def test_mine_needs_the_capability(client):
    login(client, "handler")
    assert client.get("/proposals/mine").status_code == 403


@pytest.mark.parametrize(("lang", "word"), [("en", "Congress"), ("zh_Hant", "附議"),
                                            ("zh_Hans", "附议")])
def test_languages(client, lang, word):
    login(client, "rep1")
    client.get(f"/lang/{lang}")
    for url in ("/proposals/", "/proposals/2", "/proposals/mine", "/proposals/new"):
        assert client.get(url).status_code == 200
    html = page(client, "/proposals/2")
    assert word in html


def test_csrf_refused_without_token(csrf_app):
    client = csrf_app.test_client()
    page_ = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page_).group(1)
    client.post("/login", data={"username": "rep1", "password": "demo", "csrf_token": token})
    r = client.post("/proposals/2/act/withdraw", data={"version": "3"})
    assert r.status_code == 400
    r = client.post("/proposals/new", data={"session_id": "1", "title": "x"})
    assert r.status_code == 400
    html = client.get("/proposals/2").get_data(as_text=True)
    assert 'name="csrf_token"' in html


def test_no_inline_script_or_external_urls(client):
    login(client, "chair")
    for url in ("/proposals/", "/proposals/3", "/proposals/mine", "/proposals/new"):
        html = page(client, url)
        assert "<script>" not in html and "onclick=" not in html
        assert not re.search(r'(src|href)="(https?:)?//', html)


def test_export_links_when_the_exports_exist(client, app):
    login(client, "chair")
    html = page(client, "/proposals/6")
    list_html = page(client, "/proposals/?state=closed")
    if "exports.proposal_docx" in app.view_functions:
        assert 'href="/proposals/6/export.docx"' in html
    if "exports.proposals_xlsx" in app.view_functions:
        assert re.search(r'href="/exports/proposals\.xlsx\?state=closed"', list_html)
        assert re.search(r'href="/exports/proposals\.csv\?state=closed"', list_html)
        assert client.get("/exports/proposals.csv?state=closed").status_code == 200
    relogin(client, "rep1")
    assert 'data-testid="list-export"' not in page(client, "/proposals/")
