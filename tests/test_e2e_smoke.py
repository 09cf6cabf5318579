"""A first browser check: login page renders Chinese text with CJK fonts, inbox after login."""

from __future__ import annotations

import pytest
from e2e_fixtures import login

pytestmark = pytest.mark.browser


def test_login_and_inbox_in_browser(new_page):
    page = new_page()
    login(page, "chair")
    assert page.locator("h1").first.inner_text().startswith("我的待办")
    assert page.get_attribute("html", "lang") == "zh-Hans"
    assert int(page.inner_text("#inbox-count")) >= 1


def test_traditional_chinese_browser_gets_traditional_page(new_page):
    page = new_page(locale="zh-TW")
    page.goto("/login")
    assert page.get_attribute("html", "lang") == "zh-Hant"
