"""Login, logout, password change, language choice, error pages, CSRF, security headers."""

from __future__ import annotations

import re

import pytest
from web_fixtures import login

from web.i18n import from_accept_language


def test_login_page_and_redirect_for_anonymous(client):
    assert client.get("/inbox").status_code == 302
    page = client.get("/login").get_data(as_text=True)
    assert "登录" in page and 'lang="zh-Hans"' in page


def test_unknown_user_and_wrong_password_same_message(client):
    a = client.post("/login", data={"username": "nobody", "password": "x"})
    b = client.post("/login", data={"username": "chair", "password": "wrong"})
    assert a.status_code == b.status_code == 200
    msg = "用户名或密码不正确。"
    assert msg in a.get_data(as_text=True) and msg in b.get_data(as_text=True)


def test_login_then_inbox_and_logout(client):
    login(client, "chair")
    page = client.get("/inbox").get_data(as_text=True)
    assert "我的待办" in page and 'id="inbox-count"' in page
    assert client.post("/logout").status_code == 302
    assert client.get("/inbox").status_code == 302


def test_open_redirect_is_refused(client):
    r = client.post("/login", data={"username": "chair", "password": "demo",
                                    "next": "//evil.example/x"})
    assert r.location.endswith("/inbox")


def test_change_password(client):
    login(client, "rep1")
    r = client.post("/password", data={"current": "wrong", "new": "abcd", "confirm": "abcd"})
    assert "当前密码不正确" in r.get_data(as_text=True)
    r = client.post("/password", data={"current": "demo", "new": "abcd", "confirm": "abce"})
    assert "两次输入的新密码不一致" in r.get_data(as_text=True)
    r = client.post("/password", data={"current": "demo", "new": "abcd", "confirm": "abcd"})
    assert r.status_code == 302
    client.post("/logout")
    assert client.post("/login", data={"username": "rep1", "password": "demo"}).status_code == 200
    login(client, "rep1", "abcd")


@pytest.mark.parametrize(("header", "lang"), [
    ("zh-CN,zh;q=0.9", "zh_Hans"), ("zh-TW", "zh_Hant"), ("zh-HK,en;q=0.5", "zh_Hant"),
    ("zh-MO", "zh_Hant"), ("zh-Hant-TW", "zh_Hant"), ("zh-SG", "zh_Hans"), ("zh-Hans", "zh_Hans"),
    ("en-US,en;q=0.9", "en"), ("fr-FR", None), ("en;q=0.3,zh-TW;q=0.8", "zh_Hant"), ("", None),
])
def test_accept_language_mapping(header, lang):
    assert from_accept_language(header) == lang


@pytest.mark.parametrize(("header", "html_lang"), [
    ("zh-TW", "zh-Hant"), ("en-GB", "en"), ("zh-CN", "zh-Hans"), ("de", "zh-Hans")])
def test_html_lang_follows_accept_language(client, header, html_lang):
    page = client.get("/login", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{html_lang}">' in page


def test_switcher_wins_over_header(client):
    client.get("/lang/en?next=/login")
    page = client.get("/login", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert '<html lang="en">' in page


def test_404_and_403_pages_in_language(client):
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "页面不存在" in r.get_data(as_text=True)


def test_csrf_required_on_post(csrf_app):
    client = csrf_app.test_client()
    r = client.post("/login", data={"username": "chair", "password": "demo"})
    assert r.status_code == 400
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    r = client.post("/login", data={"username": "chair", "password": "demo", "csrf_token": token})
    assert r.status_code == 302


def test_security_headers_and_no_external_urls(client):
    login(client, "chair")
    r = client.get("/inbox")
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    html = r.get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<script>" not in html and "onclick=" not in html


@pytest.mark.parametrize(("lang", "text"), [
    ("zh_Hans", "该字段是必填字段。"), ("zh_Hant", "此欄位是必需的。"),
    ("en", "This field is required.")])
def test_wtforms_messages_in_each_language(client, lang, text):
    client.get(f"/lang/{lang}")
    r = client.post("/login", data={"username": "", "password": ""})
    assert text in r.get_data(as_text=True)
