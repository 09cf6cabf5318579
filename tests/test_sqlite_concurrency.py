"""SQLite under concurrent requests: writers wait their turn instead of failing as locked."""

from __future__ import annotations

import threading

from conftest import add_people

from workflow import engine
from workflow.audit import verify
from workflow.db import make_sessionmaker
from workflow.errors import StaleVersion
from workflow.models import Plan
from workflow.users import by_username


def test_eight_threads_same_action_one_wins(sqlite_engine):
    maker = make_sessionmaker(sqlite_engine)
    with maker() as s:
        people = add_people(s)
        plan = engine.create(s, "plan", people.drafter, title="计划", year=2026,
                             schedule=[{"label": "三月份", "months": [3], "items": ["活动"]}])
        engine.fire(s, plan, "submit", people.drafter)
        s.commit()
        plan_id, version = plan.id, plan.version
    results: list[str] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        with maker() as s:
            doc = s.get(Plan, plan_id)
            chair = by_username(s, "chair")
            try:
                engine.fire(s, doc, "committee_approve", chair, expected_version=version)
                s.commit()
                results.append("ok")
            except StaleVersion:
                s.rollback()
                results.append("stale")

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == ["ok"] + ["stale"] * 7
    with maker() as s:
        assert s.get(Plan, plan_id).state == "party_review"
        assert verify(s).ok
