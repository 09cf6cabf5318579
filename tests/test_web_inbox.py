"""我的待办: what each demo user sees, counts, overdue marks, notifications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from web_fixtures import login

from workflow import engine
from workflow.models import Proposal, User, utcnow
from workflow.users import by_username


@pytest.mark.parametrize(("user", "expected", "absent"), [
    ("chair", ["关于完善青年教师培养机制的建议", "2026年秋季学期工会工作安排"], []),
    ("secretary", ["2026年女教职工工作计划"], ["关于改善教职工午餐质量的建议"]),
    ("handler", ["关于维修教学楼饮水设备的建议"], ["关于增加校园夜间照明的建议"]),
    ("rep3", ["关于增加校园夜间照明的建议", "关于改善教职工午餐质量的建议"], []),
    ("rep2", [], ["关于改善教职工午餐质量的建议"]),
])
def test_inbox_lists_what_the_user_can_act_on(client, user, expected, absent):
    login(client, user)
    page = client.get("/inbox").get_data(as_text=True)
    for title in expected:
        assert title in page
    for title in absent:
        assert title not in page


def test_inbox_count_in_navigation_matches_rows(client):
    login(client, "chair")
    page = client.get("/inbox").get_data(as_text=True)
    rows = page.count('<tr class="')
    assert f'id="inbox-count">{rows}<' in page


def test_overdue_answer_is_marked(client, app_session):
    doc = app_session.get(Proposal, 4)
    doc.handling_since = utcnow() - timedelta(days=60)
    app_session.commit()
    login(client, "handler")
    page = client.get("/inbox").get_data(as_text=True)
    assert 'data-testid="overdue"' in page and "已超期" in page


def test_lapsed_cosignature_notifies_and_can_be_marked_read(client, app_session):
    doc = app_session.get(Proposal, 2)
    engine.edit(app_session, doc, by_username(app_session, "rep1"),
                {"measures": "成立伙食管理小组，每两周征求一次意见。"})
    app_session.commit()
    login(client, "rep2")
    page = client.get("/inbox").get_data(as_text=True)
    assert 'data-testid="notifications"' in page and "您的附议已失效" in page
    client.get("/lang/en")
    assert "your co-signature lapsed" in client.get("/inbox").get_data(as_text=True)
    client.post("/inbox/notifications/read")
    assert 'data-testid="notifications"' not in client.get("/inbox").get_data(as_text=True)


def test_disabled_user_is_logged_out(client, app_session):
    login(client, "rep1")
    user = app_session.query(User).filter_by(username="rep1").one()
    user.active = False
    app_session.commit()
    assert client.get("/inbox").status_code == 302
