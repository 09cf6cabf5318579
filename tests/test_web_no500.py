"""Nothing a user or client can send ends in a 500: every route, every demo user, junk input."""

from __future__ import annotations

import re

import pytest
from web_fixtures import login

USERS = [None, "admin", "chair", "drafter", "rep1", "handler", "secretary"]
IDS = ["1", "4", "6", "999999"]
JUNK_FORMS = [
    {},
    {"comment": "意见" * 6000, "version": "abc", "status": "bogus", "item": "x", "note": "n",
     "summary": "", "category": "zz", "department": "-1", "assist_departments": ["x", "0"],
     "target": "me", "answer": "", "answer_class": "Z", "rating": "great",
     "completion_date": "2026-13-45", "title": "", "year": "99999", "months": "13,x",
     "username": "", "password": "", "roles": "nonsense", "name": "", "day": "not-a-day",
     "session_id": "x", "text": "\x00\x01", "op": "del_entry:99", "q": "'; drop table"},
    {"version": "1", "comment": "好", "title": "标题", "reason": "r", "measures": "m",
     "year": "2026", "sch-0-label": "三、四月份", "sch-0-items": "活动 @nobody",
     "sec-0-number": "一", "sec-0-items": "x", "op": "save", "status": "done", "item": "1"},
]


def _urls(app, method: str) -> list[str]:
    """Every URL of the app for `method`, with sample values for its variables."""
    out = []
    for rule in app.url_map.iter_rules():
        if method not in rule.methods or rule.endpoint == "static" or "static" in rule.rule:
            continue
        variants = [rule.rule]
        for arg in rule.arguments:
            pattern = re.compile(rf"<(?:[a-z]+:)?{arg}>")
            values = IDS if "int:" in rule.rule.split(arg)[0][-5:] or arg.endswith("id") \
                else ["x", "zh_Hant", "2026-10-01"]
            variants = [pattern.sub(v, url, count=1) for url in variants for v in values]
        out += variants
    return sorted(set(out))


@pytest.mark.parametrize("user", USERS)
def test_every_get_route_answers_without_server_error(app, user):
    client = app.test_client()
    if user:
        login(client, user)
    for url in _urls(app, "GET"):
        for query in ("", "?page=-1&year=abc&state=nope&session=x&author=%00&lang=xx"):
            response = client.get(url + query)
            assert response.status_code < 500, f"{user} GET {url}{query}"


@pytest.mark.parametrize("user", ["chair", "drafter", "rep1", "handler", "admin"])
def test_every_post_route_survives_junk(app, user):
    client = app.test_client()
    login(client, user)
    for url in _urls(app, "POST"):
        if url.endswith("/logout"):
            continue
        for form in JUNK_FORMS:
            response = client.post(url, data=form)
            assert response.status_code < 500, f"{user} POST {url} {sorted(form)[:3]}"
