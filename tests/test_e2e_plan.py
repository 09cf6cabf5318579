"""A work plan from draft to tracking in a real browser, as the union's people would do it."""

from __future__ import annotations

import re

import pytest
from e2e_fixtures import login, logout, screenshot

pytestmark = pytest.mark.browser

TITLE = "2027年度学校工会工作计划"


def click_action(page, action: str, comment: str | None = None) -> None:
    """On a plan page, type the comment (if any) and press the action's button."""
    if comment is not None:
        page.fill("[data-testid=action-panel] textarea[name=comment]", comment)
    with page.expect_navigation():
        page.click(f"button[data-testid=action-{action}]")


def state_of(page) -> str:
    """The plan's state as shown on its page."""
    return page.locator("main .state-badge").first.get_attribute("data-state")


def year_progress(page) -> int:
    """The year's progress bar value on the tracking board."""
    return int(page.get_attribute("[data-testid=progress-year]", "aria-valuenow"))


def test_plan_review_return_approve_publish_and_track(new_page):
    page = new_page()
    login(page, "drafter")
    page.goto("/plans/new")
    page.fill("input[name=title]", TITLE)
    page.fill("input[name=year]", "2027")
    page.fill("textarea[name=principles]", "围绕学校中心工作，维护教职工合法权益。")
    page.fill("#sec-0-number", "一")
    page.fill("#sec-0-title", "加强民主管理")
    page.fill("#sec-0-items", "召开教代会。\n推进校务公开。")
    page.fill("#sch-0-label", "三、四月份")
    page.select_option("#sch-0-owner", "committee")
    page.fill("#sch-0-items", "庆祝“三八”妇女节。\n教职工春季登山活动。")
    page.click("[data-editor-add=sch]")  # a second month row, added in the page by JavaScript
    page.fill("#sch-1-label", "七至八月份")
    page.fill("#sch-1-items", "暑期教职工体检。")
    with page.expect_navigation():
        page.click("[data-testid=save]")
    doc_url = re.sub(r"\?.*$", "", page.url)
    assert re.search(r"/plans/\d+$", doc_url), page.url
    assert "七至八月份" in page.inner_text("main")
    click_action(page, "submit")
    assert state_of(page) == "committee_review"
    logout(page)

    login(page, "chair")
    page.goto("/inbox")
    assert TITLE in page.inner_text("[data-testid=inbox]")
    screenshot(page, "inbox")
    page.goto(doc_url)
    click_action(page, "committee_return")  # without the required comment: refused, nothing done
    assert state_of(page) == "committee_review"
    assert "需要填写意见" in page.inner_text("main")
    click_action(page, "committee_return", comment="请补充暑期疗休养安排。")
    assert state_of(page) == "draft"
    logout(page)

    login(page, "drafter")
    page.goto(doc_url)
    assert "请补充暑期疗休养安排" in page.inner_text("[data-testid=return-comment]")
    page.click("[data-testid=edit-link]")
    page.fill("#sch-1-items", "暑期教职工体检。\n组织教职工暑期疗休养。")
    with page.expect_navigation():
        page.click("[data-testid=save]")
    page.goto(doc_url)
    click_action(page, "submit", comment="已补充暑期安排。")
    logout(page)

    login(page, "chair")
    page.goto(doc_url)
    diff = page.inner_text("[data-testid=diff]")
    assert "组织教职工暑期疗休养" in diff
    screenshot(page, "plan-review")
    click_action(page, "committee_approve", comment="同意。")
    assert state_of(page) == "party_review"
    logout(page)

    login(page, "secretary")
    page.goto(doc_url)
    click_action(page, "party_approve")
    assert state_of(page) == "approved"
    logout(page)

    login(page, "chair")
    page.goto(doc_url)
    click_action(page, "publish")  # asks for confirmation; the page fixture accepts it
    assert state_of(page) == "published"
    logout(page)

    login(page, "committee")
    page.goto(doc_url + "/board")
    before = year_progress(page)
    card = page.locator("[data-testid=item-card]", has_text="庆祝“三八”妇女节")
    with page.expect_navigation():
        card.locator("select[name=status]").select_option("done")  # submits by itself
    assert year_progress(page) > before
    card = page.locator("[data-testid=item-card]", has_text="庆祝“三八”妇女节")
    assert card.get_attribute("data-status") == "done"
    screenshot(page, "tracking-board")
