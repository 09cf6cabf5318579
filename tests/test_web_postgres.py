"""The web app on PostgreSQL: demo data, every main page, an action by HTTP, the chain."""

from __future__ import annotations

import pytest
from conftest import PG_URL, reset_pg
from web_fixtures import login

from web import create_app
from workflow import demo
from workflow.audit import verify
from workflow.db import make_sessionmaker
from workflow.models import Plan

PAGES = ["/inbox", "/plans/", "/plans/4", "/plans/4/board", "/plans/4/print", "/proposals/",
         "/proposals/4", "/proposals/mine", "/public/", "/reports/", "/reports/stages",
         "/plans/4/export.docx", "/exports/proposals.xlsx"]


@pytest.fixture
def pg_app(pg_engine):
    """The app on the PostgreSQL test database with the demo data."""
    reset_pg(pg_engine)
    with make_sessionmaker(pg_engine)() as session:
        demo.load(session)
        session.commit()
    app = create_app({"TESTING": True, "DATABASE_URL": PG_URL, "SECRET_KEY": "pg",
                      "WTF_CSRF_ENABLED": False})
    yield app
    app.extensions["unionflow.engine"].dispose()


def test_pages_and_an_action_on_postgresql(pg_app, pg_engine):
    client = pg_app.test_client()
    login(client, "chair")
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    response = client.post("/plans/2/act/committee_approve", data={"version": "2"})
    assert response.status_code == 302
    stale = client.post("/plans/2/act/committee_return", data={"version": "2", "comment": "x"})
    assert stale.status_code == 302
    assert "其他人已先处理了这份文件" in client.get("/plans/2").get_data(as_text=True)
    with make_sessionmaker(pg_engine)() as session:
        assert session.get(Plan, 2).state == "party_review"
        verdict = verify(session)
        assert verdict.ok and verdict.count == 57
