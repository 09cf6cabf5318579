"""Stored Chinese shown in the reader's script (issue 4): views convert, storage never changes."""

from __future__ import annotations

import pytest
from web_fixtures import login

from workflow.models import Plan, Proposal, User

TITLE = "2026年学校工会工作计划"
TITLE_HANT = "2026年學校工會工作計劃"
ITEMS = [("加强民主管理，推进校务公开", "加強民主管理，推進校務公開"),
         ("按期召开教职工代表大会，做好提案征集与办理工作。",
          "按期召開教職工代表大會，做好提案徵集與辦理工作。"),
         ("春节前走访慰问困难和退休教职工。", "春節前走訪慰問困難和退休教職工。"),
         ("XX中学工会委员会", "XX中學工會委員會")]

# A plan typed by a Traditional-script school, and how a Simplified reader sees it.
HANT_PLAN = {
    "title": "2027年學校體育節計劃", "year": 2027, "organisation": "學校工會委員會",
    "principles": "團結帶領全體教職工。",
    "sections": [{"number": "一", "title": "加強師資隊伍建設", "items": ["舉辦教職工籃球聯賽。"]}],
    "schedule": [{"label": "十月份", "months": [10], "items": ["體育組負責場地準備。"]}],
}
HANT_AS_HANS = ["2027年学校体育节计划", "学校工会委员会", "团结带领全体教职工。",
                "加强师资队伍建设", "举办教职工篮球联赛。", "体育组负责场地准备。"]


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def as_reader(client, username: str, lang: str) -> None:
    """Log in and pick the reading language."""
    login(client, username)
    client.get(f"/lang/{lang}")


def stored_plan(app_session, doc_id: int) -> dict:
    """The plan's stored text, read fresh from the database."""
    app_session.expire_all()
    doc = app_session.get(Plan, doc_id)
    data = {"title": doc.title, "organisation": doc.organisation, "principles": doc.principles,
            "sections": [(s.number, s.title, [i.text for i in s.items]) for s in doc.sections],
            "schedule": [(e.label, [i.text for i in e.items]) for e in doc.schedule]}
    app_session.commit()  # SQLite: release the read lock
    return data


@pytest.fixture
def hant_plan(app_session) -> int:
    """A draft plan stored in Traditional characters, written by the demo drafter."""
    from sqlalchemy import select

    from workflow import engine

    drafter = app_session.scalars(select(User).where(User.username == "drafter")).one()
    doc = engine.create(app_session, "plan", drafter, **HANT_PLAN)
    app_session.commit()
    return doc.id


def test_filter_is_registered_centrally(app):
    from web import templating

    assert app.jinja_env.filters["script"] is templating.script
    with app.test_request_context("/"):
        assert templating.script(None) == ""


def test_traditional_reader_sees_published_plan_in_traditional(client):
    as_reader(client, "chair", "zh_Hant")
    page = text(client.get("/plans/4"))
    assert TITLE_HANT in page and TITLE not in page
    for hans, hant in ITEMS:
        assert hant in page and hans not in page
    assert "同意提交黨支部審批。" in page  # timeline comment
    for url in ("/plans/4/print", "/plans/4/board", "/plans/", "/public/", "/reports/"):
        assert TITLE_HANT in text(client.get(url)), url
    board = text(client.get("/plans/4/board"))
    assert "春節前走訪慰問困難和退休教職工。" in board


def test_simplified_reader_sees_published_plan_in_simplified(client):
    as_reader(client, "chair", "zh_Hans")
    page = text(client.get("/plans/4"))
    assert TITLE in page and TITLE_HANT not in page
    for hans, hant in ITEMS:
        assert hans in page and hant not in page


def test_viewing_never_changes_stored_text(client, app_session):
    before = stored_plan(app_session, 4)
    assert before["title"] == TITLE
    as_reader(client, "chair", "zh_Hant")
    for url in ("/plans/4", "/plans/4/print", "/plans/4/board", "/public/",
                "/reports/plans/4/summary"):
        text(client.get(url))
    assert stored_plan(app_session, 4) == before


def test_traditional_plan_shown_simplified_to_simplified_reader(client, app_session,
                                                              hant_plan):
    before = stored_plan(app_session, hant_plan)
    as_reader(client, "drafter", "zh_Hans")
    page = text(client.get(f"/plans/{hant_plan}"))
    for hans in HANT_AS_HANS:
        assert hans in page
    assert HANT_PLAN["title"] not in page and "舉辦教職工籃球聯賽。" not in page
    assert "2027年学校体育节计划" in text(client.get("/plans/"))
    assert stored_plan(app_session, hant_plan) == before


def test_edit_form_shows_stored_text_unconverted(client, hant_plan):
    as_reader(client, "drafter", "zh_Hans")
    form = text(client.get(f"/plans/{hant_plan}/edit"))
    for stored in ("2027年學校體育節計劃", "學校工會委員會", "團結帶領全體教職工。",
                   "加強師資隊伍建設", "舉辦教職工籃球聯賽。", "體育組負責場地準備。"):
        assert stored in form
    client.get("/lang/zh_Hant")
    form = text(client.get("/plans/1/edit"))  # plan 1 is stored in Simplified
    assert 'value="2027年学校工会工作计划（草稿）"' in form
    assert "制定年度工作计划。" in form


def test_english_reader_sees_stored_text(client, hant_plan):
    as_reader(client, "drafter", "en")
    page = text(client.get(f"/plans/{hant_plan}"))
    assert HANT_PLAN["title"] in page and "舉辦教職工籃球聯賽。" in page
    assert "2027年学校体育节计划" not in page
    client.post("/logout")
    as_reader(client, "chair", "en")
    page = text(client.get("/plans/4"))
    assert TITLE in page and TITLE_HANT not in page


def test_proposal_content_in_traditional(client, app_session):
    as_reader(client, "chair", "zh_Hant")
    page = text(client.get("/proposals/4"))
    assert "關於維修教學樓飲水設備的建議" in page
    assert "教學樓二、三層飲水機多次故障，影響師生飲水。" in page  # reason
    assert "後勤處" in page and "第五屆教職工代表大會第三次會議" in page
    assert "关于维修教学楼饮水设备的建议" not in page
    listing = text(client.get("/proposals/"))
    assert "關於維修教學樓飲水設備的建議" in listing and "後勤保障" in listing
    public = text(client.get("/public/"))
    assert "已完成現場勘查，計劃在西側道路加裝6盞太陽能路燈。" in public  # answer text
    app_session.expire_all()
    assert app_session.get(Proposal, 4).title == "关于维修教学楼饮水设备的建议"
    app_session.commit()


def test_proposal_edit_form_keeps_stored_text(client):
    as_reader(client, "rep3", "zh_Hant")
    form = text(client.get("/proposals/1/edit"))
    assert "关于增设教师休息室的建议" in form and "各年级组办公室拥挤" in form


def test_my_proposals_and_inbox_in_traditional(client):
    as_reader(client, "rep1", "zh_Hant")
    mine = text(client.get("/proposals/mine"))
    assert "關於改善教職工午餐質量的建議" in mine or "關於改善教職工午餐品質的建議" in mine
    assert "关于改善教职工午餐质量的建议" not in mine
    client.post("/logout")
    as_reader(client, "handler", "zh_Hant")
    inbox = text(client.get("/inbox"))
    assert "關於維修教學樓飲水設備的建議" in inbox


def test_close_form_keeps_stored_summary_but_document_converts_it(client, app_session):
    doc = app_session.get(Plan, 4)
    doc.summary = "全年工作顺利完成。"
    app_session.commit()
    as_reader(client, "chair", "zh_Hant")
    page = text(client.get("/plans/4"))
    assert 'data-testid="summary">全年工作順利完成。</div>' in page  # the document, converted
    assert 'data-testid="summary-input">全年工作顺利完成。</textarea>' in page  # the form, stored
