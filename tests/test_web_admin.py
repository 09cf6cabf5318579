"""系统管理 pages: access, users, departments, sessions, categories, calendar, audit."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select, text
from web_fixtures import login

from workflow.models import CalendarOverride, Category, CongressSession, Department, User
from workflow.workdays import WorkCalendar

PAGES = ["/admin/", "/admin/users", "/admin/users/1", "/admin/departments",
         "/admin/departments/1", "/admin/sessions", "/admin/sessions/1", "/admin/categories",
         "/admin/categories/1", "/admin/calendar", "/admin/audit"]
POSTS = ["/admin/users", "/admin/users/2", "/admin/users/2/active", "/admin/users/2/password",
         "/admin/departments", "/admin/departments/1", "/admin/departments/1/delete",
         "/admin/sessions", "/admin/sessions/1", "/admin/categories", "/admin/categories/1",
         "/admin/categories/1/delete", "/admin/calendar", "/admin/calendar/2030-01-01/delete"]


def fetch(session, model, **where):  # type: ignore[no-untyped-def]
    """One row (detached, attributes loaded), ending the read transaction at once.

    SQLite transactions here begin IMMEDIATE, so an open test transaction would block
    the requests that follow.
    """
    row = session.scalar(select(model).filter_by(**where))
    if row is not None:
        session.expunge(row)
    session.rollback()
    return row


def uid(session, username: str) -> int:
    """The id of a demo user."""
    return fetch(session, User, username=username).id


def page(response) -> str:  # type: ignore[no-untyped-def]
    """The response body as text."""
    return response.get_data(as_text=True)


@pytest.fixture
def admin(client):  # type: ignore[no-untyped-def]
    """A client logged in as the demo admin."""
    login(client, "admin")
    return client


# --- access ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_every_page_for_admin(admin, url):
    r = admin.get(url)
    assert r.status_code == 200
    html = page(r)
    assert 'data-testid="admin-nav"' in html
    assert "<script>" not in html and "onclick=" not in html
    assert not re.search(r'(src|href|action)="(https?:)?//', html)


@pytest.mark.parametrize("user", ["chair", "rep1"])
@pytest.mark.parametrize("url", PAGES)
def test_pages_forbidden_for_others(client, user, url):
    login(client, user)
    r = client.get(url)
    assert r.status_code == 403 and "没有权限" in page(r)


@pytest.mark.parametrize("url", POSTS)
def test_posts_forbidden_for_others(client, app_session, url):
    login(client, "chair")
    assert client.post(url, data={"name": "x", "active": "0"}).status_code == 403
    assert app_session.scalar(select(Department).where(Department.name == "x")) is None


@pytest.mark.parametrize("url", PAGES + POSTS)
def test_anonymous_goes_to_login(client, url):
    r = client.post(url) if url in POSTS else client.get(url)
    assert r.status_code == 302 and "/login" in r.location


def test_nav_link_only_for_admin(client):
    login(client, "admin")
    assert "系统管理" in page(client.get("/inbox"))
    client.post("/logout")
    login(client, "chair")
    assert "系统管理" not in page(client.get("/inbox"))


@pytest.mark.parametrize("url", ["/admin/users/9999", "/admin/departments/9999",
                                 "/admin/sessions/9999", "/admin/categories/9999"])
def test_unknown_ids_are_404(admin, url):
    assert admin.get(url).status_code == 404
    assert admin.post(url, data={"name": "x"}).status_code == 404


@pytest.mark.parametrize("url", ["/admin/users/9999/active", "/admin/users/9999/password",
                                 "/admin/departments/9999/delete", "/admin/categories/9999/delete",
                                 "/admin/calendar/2030-01-01/delete",
                                 "/admin/calendar/not-a-date/delete", "/admin/users/abc"])
def test_unknown_ids_on_posts_are_404(admin, url):
    assert admin.post(url).status_code == 404


def test_dashboard_counts_and_links(admin):
    html = page(admin.get("/admin/"))
    for key in ("users", "departments", "sessions", "categories", "calendar", "audit"):
        assert f'data-testid="card-{key}"' in html
    assert "9 个账号，其中 9 个启用" in html


# --- users -------------------------------------------------------------------------------


def test_users_list_shows_chinese_roles_and_departments(admin):
    html = page(admin.get("/admin/users"))
    row = re.search(r'<tr data-username="handler".*?</tr>', html, re.S).group(0)
    assert "部门办理人" in row and "后勤处" in row
    assert "工会主席" in html and "系统管理员" in html and 'data-testid="user-create"' in html


def test_create_user_then_log_in(admin, client, app_session):
    dept = fetch(app_session, Department, name="教务处")
    r = admin.post("/admin/users", data={
        "username": "wanglaoshi", "display_name": "王老师", "password": "pass1234",
        "roles": ["representative", "staff"], "department": str(dept.id)},
        follow_redirects=True)
    assert r.status_code == 200 and "已创建用户 wanglaoshi" in page(r)
    user = fetch(app_session, User, username="wanglaoshi")
    assert user.roles == {"representative", "staff"} and user.department_id == dept.id
    client.post("/logout")
    login(client, "wanglaoshi", "pass1234")
    assert client.get("/inbox").status_code == 200


def test_duplicate_username_refused_and_input_kept(admin):
    r = admin.post("/admin/users", data={
        "username": "chair", "display_name": "重名的人", "password": "pass1234",
        "roles": ["staff"], "department": "0"})
    html = page(r)
    assert r.status_code == 400 and "用户名“chair”已被使用" in html
    assert 'value="重名的人"' in html and 'value="chair"' in html


@pytest.mark.parametrize(("form", "message"), [
    ({"roles": ["staff", "king"]}, "没有这个角色：king"),
    ({"roles": []}, "请至少选择一个角色。"),
    ({"password": "ab"}, "密码至少需要 4 个字符。"),
    ({"username": "two words"}, "用户名不能为空、不能包含空格"),
    ({"department": "9999"}, "所选部门不存在或已停用。"),
    ({"department": "abc"}, "已创建用户"),  # an odd department value means none
])
def test_create_user_validation(admin, form, message):
    data = {"username": "newbie", "display_name": "新人", "password": "pass1234",
            "roles": ["staff"], "department": "0", **form}
    r = admin.post("/admin/users", data=data, follow_redirects=True)
    assert r.status_code in (200, 400) and message in page(r)


def test_edit_user(admin, app_session):
    rep3 = uid(app_session, "rep3")
    dept = fetch(app_session, Department, name="后勤处")
    html = page(admin.get(f"/admin/users/{rep3}"))
    assert 'data-testid="user-edit"' in html and 'data-testid="disable-user"' in html
    r = admin.post(f"/admin/users/{rep3}", data={
        "display_name": "赵老师", "roles": ["representative", "handler"],
        "department": str(dept.id)}, follow_redirects=True)
    assert "已保存用户 rep3 的信息" in page(r)
    user = fetch(app_session, User, username="rep3")
    assert user.display_name == "赵老师" and user.roles == {"representative", "handler"}
    assert user.department_id == dept.id
    r = admin.post(f"/admin/users/{rep3}", data={"display_name": "赵老师", "roles": ["x"],
                                                  "department": "0"})
    assert r.status_code == 400 and "没有这个角色：x" in page(r)


def test_admin_cannot_drop_own_admin_role(admin, app_session):
    me = uid(app_session, "admin")
    r = admin.post(f"/admin/users/{me}", data={"display_name": "", "roles": ["staff"]})
    assert r.status_code == 400 and "不能取消自己的系统管理员角色" in page(r)


def test_disable_user_ends_their_session_and_login(admin, app, app_session):
    other = app.test_client()
    login(other, "rep2")
    assert other.get("/inbox").status_code == 200
    rep2 = uid(app_session, "rep2")
    r = admin.post(f"/admin/users/{rep2}/active", data={"active": "0"}, follow_redirects=True)
    assert "已停用用户 rep2" in page(r) and 'data-testid="enable-user"' in page(r)
    assert other.get("/inbox").status_code == 302
    r = other.post("/login", data={"username": "rep2", "password": "demo"})
    assert r.status_code == 200 and "用户名或密码不正确" in page(r)
    html = page(admin.get("/admin/users"))
    assert re.search(r'data-username="rep2".*?data-testid="inactive"', html, re.S)
    r = admin.post(f"/admin/users/{rep2}/active", data={"active": "1"}, follow_redirects=True)
    assert "已启用用户 rep2" in page(r)
    login(other, "rep2")


def test_cannot_disable_self(admin, app_session):
    me = uid(app_session, "admin")
    assert 'data-testid="self-note"' in page(admin.get(f"/admin/users/{me}"))
    r = admin.post(f"/admin/users/{me}/active", data={"active": "0"}, follow_redirects=True)
    assert "不能停用自己的账号。" in page(r)
    assert fetch(app_session, User, username="admin").active
    assert admin.get("/admin/").status_code == 200


def test_reset_password(admin, app, app_session):
    other = app.test_client()
    login(other, "rep1")
    rep1 = uid(app_session, "rep1")
    r = admin.post(f"/admin/users/{rep1}/password",
                   data={"password": "neu-pass", "confirm": "neu-pass"}, follow_redirects=True)
    assert "已为 rep1 设置新密码" in page(r)
    assert other.get("/inbox").status_code == 302  # the old session ended
    assert other.post("/login", data={"username": "rep1", "password": "demo"}).status_code == 200
    login(other, "rep1", "neu-pass")


def test_reset_password_validation_and_own(admin, app_session):
    rep1 = uid(app_session, "rep1")
    r = admin.post(f"/admin/users/{rep1}/password", data={"password": "abcd", "confirm": "abce"})
    assert r.status_code == 400 and "两次输入的新密码不一致" in page(r)
    r = admin.post(f"/admin/users/{rep1}/password", data={"password": "ab", "confirm": "ab"})
    assert r.status_code == 400 and "密码至少需要 4 个字符" in page(r)
    me = uid(app_session, "admin")
    r = admin.post(f"/admin/users/{me}/password", data={"password": "new-admin",
                                                        "confirm": "new-admin"})
    assert r.status_code == 302
    assert admin.get("/admin/").status_code == 200  # one's own session stays


# --- departments, categories, sessions ---------------------------------------------------


def test_departments_create_edit_delete(admin, app_session):
    r = admin.post("/admin/departments", data={"name": "工会办公室"}, follow_redirects=True)
    assert "已添加部门 工会办公室" in page(r)
    dept = fetch(app_session, Department, name="工会办公室")
    r = admin.post("/admin/departments", data={"name": "后勤处"})
    assert r.status_code == 400 and "名称“后勤处”已存在" in page(r)
    r = admin.post("/admin/departments", data={"name": ""})
    assert r.status_code == 400
    r = admin.post(f"/admin/departments/{dept.id}", data={"name": "工会办"},  # unchecked
                   follow_redirects=True)
    assert "已保存部门 工会办" in page(r)
    dept = fetch(app_session, Department, id=dept.id)
    assert dept.name == "工会办" and not dept.active
    r = admin.post(f"/admin/departments/{dept.id}", data={"name": "教务处", "active": "y"})
    assert r.status_code == 400 and "已存在" in page(r) and 'value="教务处"' in page(r)
    r = admin.post(f"/admin/departments/{dept.id}/delete", follow_redirects=True)
    assert "已删除部门 工会办" in page(r)
    assert app_session.get(Department, dept.id) is None


def test_department_in_use_is_not_deleted(admin, app_session):
    dept = fetch(app_session, Department, name="后勤处")
    assert 'data-testid="in-use"' in page(admin.get(f"/admin/departments/{dept.id}"))
    r = admin.post(f"/admin/departments/{dept.id}/delete", follow_redirects=True)
    assert "不能删除；可以改为停用" in page(r)
    assert app_session.get(Department, dept.id) is not None


def test_inactive_department_not_offered_for_new_users(admin, app_session):
    dept = fetch(app_session, Department, name="教务处")
    admin.post(f"/admin/departments/{dept.id}", data={"name": "教务处"})
    html = page(admin.get("/admin/users"))
    assert f'<option value="{dept.id}">' not in html


def test_categories_create_edit_delete(admin, app_session):
    r = admin.post("/admin/categories", data={"name": "文体活动"}, follow_redirects=True)
    assert "已添加提案类别 文体活动" in page(r)
    cat = fetch(app_session, Category, name="文体活动")
    r = admin.post("/admin/categories", data={"name": "文体活动"})
    assert r.status_code == 400 and "已存在" in page(r)
    r = admin.post(f"/admin/categories/{cat.id}", data={"name": "文体福利"},
                   follow_redirects=True)
    assert "已保存提案类别 文体福利" in page(r)
    r = admin.post(f"/admin/categories/{cat.id}", data={"name": "  "})
    assert r.status_code == 400
    admin.post(f"/admin/categories/{cat.id}/delete")
    assert app_session.get(Category, cat.id) is None


def test_category_in_use_is_not_deleted(admin, app_session):
    used = app_session.execute(text(
        "SELECT category_id FROM proposals WHERE category_id IS NOT NULL")).scalar()
    app_session.rollback()
    r = admin.post(f"/admin/categories/{used}/delete", follow_redirects=True)
    assert "不能删除" in page(r)


SESSION = {"name": "第六届教职工代表大会第一次会议", "year": "2027", "opens_on": "2027-03-01",
           "closes_on": "2027-03-31", "cosign_threshold": "3", "answer_deadline_days": "15"}


def test_congress_session_create_and_edit(admin, app_session):
    r = admin.post("/admin/sessions", data=SESSION, follow_redirects=True)
    assert "已保存届次" in page(r)
    sess = fetch(app_session, CongressSession, name=SESSION["name"])
    assert (sess.cosign_threshold, sess.answer_deadline_days) == (3, 15)
    assert sess.opens_on == date(2027, 3, 1)
    html = page(admin.get(f"/admin/sessions/{sess.id}"))
    assert 'value="2027-03-31"' in html
    r = admin.post(f"/admin/sessions/{sess.id}", data={**SESSION, "cosign_threshold": "0",
                                                        "opens_on": "", "closes_on": ""})
    assert r.status_code == 302
    sess = fetch(app_session, CongressSession, id=sess.id)
    assert sess.cosign_threshold == 0 and sess.opens_on is None


@pytest.mark.parametrize(("change", "message"), [
    ({"cosign_threshold": "-1"}, "附议人数下限不能小于 0。"),
    ({"answer_deadline_days": "0"}, "答复期限至少为 1 个工作日。"),
    ({"closes_on": "2027-02-01"}, "征集截止日期不能早于开始日期。"),
    ({"year": "1850"}, "年度须在 2000 至 2100 之间。"),
    ({"cosign_threshold": "abc"}, 'value="abc"'),
    ({"opens_on": "2027-13-45"}, 'value="2027-13-45"'),
    ({"name": "第五届教职工代表大会第三次会议"}, "已存在"),
])
def test_congress_session_validation(admin, app_session, change, message):
    r = admin.post("/admin/sessions", data={**SESSION, **change})
    html = page(r)
    assert r.status_code == 400 and message in html
    assert 'is-invalid' in html and f'value="{({**SESSION, **change})["name"]}"' in html
    assert app_session.scalar(select(CongressSession).where(
        CongressSession.name == SESSION["name"])) is None


def test_congress_session_edit_validation_keeps_input(admin, app_session):
    sess = fetch(app_session, CongressSession, id=1)
    r = admin.post(f"/admin/sessions/{sess.id}", data={**SESSION, "answer_deadline_days": "0"})
    assert r.status_code == 400 and "答复期限至少为 1 个工作日。" in page(r)
    assert f'value="{SESSION["name"]}"' in page(r)


# --- calendar and audit ------------------------------------------------------------------


def test_calendar_override_affects_work_calendar(admin, app_session):
    tuesday, saturday = date(2031, 5, 6), date(2031, 5, 10)
    r = admin.post("/admin/calendar", data={"day": "2031-05-06", "kind": "holiday",
                                            "note": "校庆放假"}, follow_redirects=True)
    assert "已保存 2031-05-06 的日历修正" in page(r) and "校庆放假" in page(r)
    admin.post("/admin/calendar", data={"day": "2031-05-10", "kind": "workday",
                                        "note": "调休上班"})
    cal = WorkCalendar.load(app_session)
    assert not cal.is_workday(tuesday) and cal.is_workday(saturday)
    app_session.rollback()
    admin.post("/admin/calendar/2031-05-06/delete")
    assert app_session.get(CalendarOverride, tuesday) is None
    assert WorkCalendar.load(app_session).is_workday(tuesday)


@pytest.mark.parametrize("form", [{"day": "", "kind": "holiday"},
                                  {"day": "2031-02-30", "kind": "holiday"},
                                  {"day": "2031-05-06", "kind": "party"},
                                  {"day": "2031-05-06", "kind": "holiday", "note": "注" * 101}])
def test_calendar_validation(admin, app_session, form):
    r = admin.post("/admin/calendar", data=form)
    assert r.status_code == 400 and "is-invalid" in page(r)
    assert app_session.scalar(select(CalendarOverride)) is None


def test_audit_page_ok_then_tampered(admin, app_session):
    html = page(admin.get("/admin/audit"))
    assert 'data-ok="1"' in html and "审计链校验通过" in html
    assert len(re.findall(r"<tr data-seq=", html)) == 50
    app_session.execute(text("DROP TRIGGER audit_log_no_update"))  # as an intruder could
    app_session.execute(text("UPDATE audit_log SET comment = '改过' WHERE seq = 3"))
    app_session.commit()
    html = page(admin.get("/admin/audit"))
    assert 'data-ok="0"' in html and 'data-bad-seq="3"' in html and "第 3 条记录" in html


# --- languages and CSRF ------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "html_lang", "role"), [
    ("zh_Hans", "zh-Hans", "工会主席"), ("zh_Hant", "zh-Hant", "工會主席"),
    ("en", "en", "Union chair")])
@pytest.mark.parametrize("url", PAGES)
def test_pages_in_three_languages(admin, lang, html_lang, role, url):
    admin.get(f"/lang/{lang}")
    r = admin.get(url)
    assert r.status_code == 200 and f'<html lang="{html_lang}">' in page(r)
    if url == "/admin/users":
        assert role in page(r)


def test_validation_message_in_english(admin):
    admin.get("/lang/en")
    r = admin.post("/admin/sessions", data={**SESSION, "cosign_threshold": "-2"})
    assert "The co-signer threshold cannot be negative." in page(r)


def _token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def test_csrf_refused_without_token(csrf_app):
    client = csrf_app.test_client()
    token = _token(page(client.get("/login")))
    r = client.post("/login", data={"username": "admin", "password": "demo", "csrf_token": token})
    assert r.status_code == 302
    r = client.post("/admin/departments", data={"name": "无令牌部门"})
    assert r.status_code == 400
    r = client.post("/admin/users/2/active", data={"active": "0"})
    assert r.status_code == 400
    token = _token(page(client.get("/admin/departments")))
    r = client.post("/admin/departments", data={"name": "有令牌部门", "csrf_token": token})
    assert r.status_code == 302
