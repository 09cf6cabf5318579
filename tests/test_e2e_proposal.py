"""A proposal's whole life in a real browser, driven as the people who use it would."""

from __future__ import annotations

import re

import pytest
from e2e_fixtures import login, logout, screenshot

pytestmark = pytest.mark.browser

TITLE = "关于在图书馆增设教师阅览区的建议"


def act(page, doc_url: str, action: str, comment: str | None = None,
        selects: dict[str, str] | None = None, texts: dict[str, str] | None = None,
        radio: str | None = None) -> None:
    """Open the proposal, unfold the action, fill it in and submit it."""
    page.goto(doc_url)
    box = page.locator(f"[data-testid=action-{action}]")
    if box.evaluate("el => el.tagName") == "DETAILS" and box.get_attribute("open") is None:
        box.locator("summary").click()
    form = page.locator(f"form[data-testid=form-{action}]") if action != "second" else box
    for name, label in (selects or {}).items():
        form.locator(f"select[name={name}]").select_option(label=label)
    for name, value in (texts or {}).items():
        form.locator(f"[name={name}]").fill(value)
    if radio:
        form.locator(f"input[type=radio][value={radio}]").check()
    if comment is not None:
        form.locator("textarea[name=comment]").fill(comment)
    with page.expect_navigation():
        page.locator(f"[data-testid=do-{action}]").click()


def state_of(page) -> str:
    """The state badge's machine name on the proposal page."""
    return page.locator("main .state-badge").first.get_attribute("data-state")


def test_proposal_from_draft_to_closed(new_page):
    page = new_page()
    login(page, "rep1")
    page.goto("/proposals/new")
    page.fill("input[name=title]", TITLE)
    page.fill("textarea[name=reason]", "现有阅览室座位少，教师备课查阅资料不便。")
    page.fill("textarea[name=measures]", "在图书馆二楼划出教师阅览区，配置电脑和常用工具书。")
    with page.expect_navigation():
        page.click("[data-testid=save-proposal]")
    doc_url = re.sub(r"\?.*$", "", page.url)
    assert re.search(r"/proposals/\d+$", doc_url)
    assert state_of(page) == "draft"
    act(page, doc_url, "submit")
    assert state_of(page) == "seconding"
    assert "还需 2 位附议人" in page.inner_text("[data-testid=reason-forward]")
    logout(page)

    for rep in ("rep2", "rep3"):
        login(page, rep)
        act(page, doc_url, "second")
        logout(page)

    login(page, "rep1")
    page.goto(doc_url)
    assert "附议 2/2" in page.inner_text("[data-testid=cosign-count]")
    act(page, doc_url, "forward")
    assert state_of(page) == "committee_review"
    logout(page)

    login(page, "chair")
    act(page, doc_url, "file", selects={"category": "后勤保障", "department": "后勤处"})
    assert state_of(page) == "party_review"
    number = page.inner_text("[data-testid=proposal-number]")
    assert re.fullmatch(r"\d{4}-\d{3}", number)
    logout(page)

    login(page, "secretary")
    act(page, doc_url, "party_approve", comment="同意交后勤处办理。")
    assert state_of(page) == "handling"
    logout(page)

    login(page, "handler")
    act(page, doc_url, "answer", selects={"answer_class": "C · 因条件限制暂不能解决"},
        texts={"answer": "图书馆二楼场地本学期已安排其他用途，暂不能调整。"})
    assert state_of(page) == "answered"
    logout(page)

    login(page, "rep1")
    act(page, doc_url, "reject_answer", comment="三楼还有空置房间，请再研究。")
    assert state_of(page) == "handling"
    logout(page)

    login(page, "handler")
    act(page, doc_url, "answer", selects={"answer_class": "A · 已解决或采纳"},
        texts={"answer": "经研究，在图书馆三楼设教师阅览区，下月开放。"})
    logout(page)

    login(page, "rep1")
    act(page, doc_url, "accept", radio="satisfied", comment="感谢后勤处。")
    assert state_of(page) == "implementing"
    logout(page)

    login(page, "chair")
    act(page, doc_url, "complete", comment="阅览区已开放。")
    assert state_of(page) == "closed"
    logout(page)

    login(page, "rep1")
    page.goto("/proposals/mine")
    card = page.locator("[data-testid=my-proposal]", has_text=TITLE)
    steps = card.locator("[data-testid=timeline-step]")
    actions = [steps.nth(i).get_attribute("data-action") for i in range(steps.count())]
    assert actions == ["create", "submit", "second", "second", "forward", "file", "party_approve",
                       "answer", "reject_answer", "answer", "accept", "complete"]
    page.goto(doc_url)
    assert page.locator("[data-testid=answer]").count() == 2
    screenshot(page, "proposal-timeline")
