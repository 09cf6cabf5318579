"""校务公开: published plans with progress, filed proposals; nothing private."""

from __future__ import annotations

import re

import pytest
from web_fixtures import login

from workflow import engine
from workflow.models import Proposal, User


@pytest.mark.parametrize("username", ["rep1", "chair", "handler", "drafter", "secretary",
                                      "admin", "committee"])
def test_public_page_for_every_user(client, username):
    login(client, username)
    r = client.get("/public/")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    plans = re.findall(r'data-testid="public-plan" data-id="(\d+)"', html)
    proposals = re.findall(r'data-testid="public-proposal" data-id="(\d+)"', html)
    assert plans == ["4"]
    assert sorted(proposals) == ["4", "5", "6"]


def test_public_page_needs_login(client):
    assert client.get("/public/").status_code == 302


def test_public_page_content(client):
    login(client, "rep2")
    html = client.get("/public/").get_data(as_text=True)
    assert "2026年学校工会工作计划" in html
    assert "已完成 4 / 9 项" in html and 'style="width: 44%"' in html
    # answers with class meaning, ratings, departments, numbers
    assert "列入计划逐步解决" in html and "已解决或采纳" in html
    assert 'data-rating="satisfied"' in html and "主办：后勤处" in html
    assert re.search(r"\d{4}-00[1-3]", html)
    # nothing private
    for title in ("关于增设教师休息室的建议", "关于改善教职工午餐质量的建议",
                  "关于完善青年教师培养机制的建议", "2027年学校工会工作计划（草稿）",
                  "2026年秋季学期工会工作安排", "2026年女教职工工作计划"):
        assert title not in html


def test_public_plan_links_to_an_existing_page(client, app):
    login(client, "rep1")
    html = client.get("/public/").get_data(as_text=True)
    if "plans.board" in app.view_functions or "plans.view" in app.view_functions:
        assert re.search(r'href="/plans/4[^"]*"', html)
    else:
        assert 'href="/plans' not in html


def test_public_never_shows_not_filed_or_withdrawn(client, app):
    with app.extensions["unionflow.sessionmaker"]() as s:
        committee = s.query(User).filter_by(username="committee").one()
        engine.fire(s, s.get(Proposal, 3), "reject", committee, comment="不属于提案范围。")
        rep1 = s.query(User).filter_by(username="rep1").one()
        engine.fire(s, s.get(Proposal, 2), "withdraw", rep1)
        s.commit()
    login(client, "rep3")
    html = client.get("/public/").get_data(as_text=True)
    assert "关于完善青年教师培养机制的建议" not in html
    assert "关于改善教职工午餐质量的建议" not in html


def test_public_session_filter_and_junk(client):
    login(client, "rep1")
    for query in ("?session=1", "?session=999", "?session=x", "?session=%00"):
        assert client.get("/public/" + query).status_code == 200
    html = client.get("/public/?session=999").get_data(as_text=True)
    assert 'data-testid="public-proposal"' not in html


@pytest.mark.parametrize(("lang", "word"), [("en", 'lang="en"'), ("zh_Hant", 'lang="zh-Hant"'),
                                            ("zh_Hans", 'lang="zh-Hans"')])
def test_public_in_three_languages(client, lang, word):
    login(client, "rep1")
    client.get(f"/lang/{lang}")
    html = client.get("/public/").get_data(as_text=True)
    assert word in html and 'data-testid="public-plan"' in html
