"""Showing content in the reader's script (OpenCC); stored text never changes."""

from __future__ import annotations

import pytest
from flask import render_template_string
from markupsafe import Markup
from web_fixtures import login

from workflow.convert import converter_for, to_script
from workflow.models import Plan


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("2026年学校工会工作计划", "zh_Hant", "2026年學校工會工作計劃"),
    ("关于改善教职工午餐质量的建议", "zh_Hant", "關於改善教職工午餐質量的建議"),
    ("后勤处", "zh_Hant", "後勤處"),
    ("計劃 工會 會議 節日慰問", "zh_Hans", "计划 工会 会议 节日慰问"),
    ("學校工會工作計劃", "en", "學校工會工作計劃"),
    ("学校工会", "en", "学校工会"),
    ("", "zh_Hant", ""),
    (None, "zh_Hans", ""),
    ("三、四月份：2026 ABC", "zh_Hant", "三、四月份：2026 ABC"),
])
def test_to_script(text: str | None, lang: str, expected: str) -> None:
    assert to_script(text, lang) == expected


def test_round_trip_keeps_simplified_text() -> None:
    text = "组织教职工参加“三八”妇女节活动，做好困难教职工帮扶工作。"
    assert to_script(to_script(text, "zh_Hant"), "zh_Hans") == text


def test_converter_for() -> None:
    assert converter_for("zh_Hant")("工会") == "工會"
    assert converter_for("en")("工会") == "工会"
    assert converter_for(None)(None) == ""


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh_Hant", "學校工會"), ("zh_Hans", "学校工会"), ("en", "學校工會"),
])
def test_script_filter_follows_the_readers_language(app, lang: str, expected: str) -> None:
    with app.test_request_context("/"):
        from flask import session

        session["lang"] = lang
        assert render_template_string("{{ s|script }}", s="學校工會" if lang != "zh_Hant"
                                      else "学校工会") == expected
        assert render_template_string("{{ none|script }}", none=None) == ""


def test_script_filter_escapes_and_keeps_markup(app) -> None:
    with app.test_request_context("/"):
        from flask import session

        session["lang"] = "zh_Hant"
        assert render_template_string("{{ s|script }}", s="<b>工会</b>") == \
            "&lt;b&gt;工會&lt;/b&gt;"
        assert render_template_string("{{ s|script }}", s=Markup("<b>工会</b>")) == \
            "<b>工會</b>"


def test_viewing_in_traditional_does_not_change_stored_text(client, app_session) -> None:
    login(client, "chair")
    client.get("/lang/zh_Hant")
    page = client.get("/reports/plans/4/summary").get_data(as_text=True)
    assert "2026年學校工會工作計劃" in page
    client.get("/plans/4/export.docx")
    app_session.expire_all()
    plan = app_session.get(Plan, 4)
    assert plan.title == "2026年学校工会工作计划"
    assert plan.schedule[0].items[0].text == "制定本年度工会工作计划。"
