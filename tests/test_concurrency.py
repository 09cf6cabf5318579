"""Concurrent actions on PostgreSQL: one winner per version, one gap-free chain."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from conftest import PG_SKIP, PG_URL, add_people, reset_pg
from helpers import plan_in, proposal_in
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from workflow import audit, engine
from workflow.errors import StaleVersion
from workflow.models import AuditEntry, Plan, Proposal, User

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason=PG_SKIP),
    pytest.mark.usefixtures("fast_passwords"),
]

THREADS = 8


@pytest.fixture
def pg(pg_engine: Engine) -> Engine:
    """The PostgreSQL test database, emptied."""
    reset_pg(pg_engine)
    return pg_engine


def _in_threads(work: Callable[[int, threading.Barrier], Any]) -> list[Any]:
    """Run work(i, barrier) in THREADS threads; results (or the exceptions) by index."""
    barrier = threading.Barrier(THREADS, timeout=60)
    results: list[Any] = [None] * THREADS

    def target(i: int) -> None:
        try:
            results[i] = work(i, barrier)
        except BaseException as exc:  # reported by the test
            results[i] = exc

    threads = [threading.Thread(target=target, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    return results


def _check_chain(bind: Engine) -> int:
    """The chain verifies; seq is 1..N with no gap and no duplicate, prev_hash unique."""
    with Session(bind) as s:
        verdict = audit.verify(s)
        assert verdict.ok, verdict.problem
        seqs = s.scalars(select(AuditEntry.seq).order_by(AuditEntry.seq)).all()
        prevs = s.scalars(select(AuditEntry.prev_hash)).all()
    assert seqs == list(range(1, len(seqs) + 1))
    assert len(set(prevs)) == len(prevs)
    assert verdict.count == len(seqs)
    return len(seqs)


def _user(s: Session, name: str) -> User:
    found = s.scalar(select(User).where(User.username == name))
    assert found is not None
    return found


@pytest.mark.parametrize(("action", "actors"), [
    ("committee_approve", ["chair", "committee", "drafting_chair"]),
    ("party_approve", ["secretary"]),
    ("publish", ["chair", "drafting_chair"]),
])
def test_same_action_same_version_has_one_winner(pg: Engine, action: str,
                                                 actors: list[str]) -> None:
    """8 sessions fire the same action with the same expected_version: one wins, 7 are stale."""
    state = {"committee_approve": "committee_review", "party_approve": "party_review",
             "publish": "approved"}[action]
    with Session(pg, expire_on_commit=False) as s:
        doc = plan_in(s, add_people(s), state)
        s.commit()
        doc_id, version = doc.id, doc.version
    before = _check_chain(pg)

    def work(i: int, barrier: threading.Barrier) -> str:
        with Session(pg) as s:
            mine = s.get(Plan, doc_id)
            who = _user(s, actors[i % len(actors)])
            barrier.wait()
            try:
                engine.fire(s, mine, action, who, comment=f"线程{i}",
                            expected_version=version)
                s.commit()
                return "ok"
            except StaleVersion:
                s.rollback()
                return "stale"

    results = _in_threads(work)
    assert Counter(results) == {"ok": 1, "stale": THREADS - 1}, results
    with Session(pg) as s:
        doc = s.get(Plan, doc_id)
        assert doc.version == version + 1
        assert doc.state != state
        fired = s.scalars(select(AuditEntry).where(AuditEntry.doc_id == doc_id,
                                                   AuditEntry.kind == "plan",
                                                   AuditEntry.action == action)).all()
        assert len(fired) == 1
    assert _check_chain(pg) == before + 1


def test_different_documents_all_succeed(pg: Engine) -> None:
    """8 sessions act on 8 documents at once, several actions each: all succeed, one chain."""
    with Session(pg, expire_on_commit=False) as s:
        p = add_people(s)
        plans = [plan_in(s, p, "draft", title=f"计划{i}").id for i in range(4)]
        proposals = [proposal_in(s, p, "seconding", title=f"关于第{i}件事的建议").id
                     for i in range(4)]
        s.commit()
    before = _check_chain(pg)
    steps = {
        "plan": [("submit", "drafter"), ("committee_approve", "committee"),
                 ("party_approve", "secretary"), ("publish", "chair")],
        "proposal": [("second", "rep2"), ("second", "rep3"), ("forward", "rep1"),
                     ("withdraw", "rep1")],
    }

    def work(i: int, barrier: threading.Barrier) -> list[str]:
        kind, doc_id = ("plan", plans[i]) if i < 4 else ("proposal", proposals[i - 4])
        model = Plan if kind == "plan" else Proposal
        done = []
        barrier.wait()
        for action, name in steps[kind]:
            with Session(pg) as s:
                doc = s.get(model, doc_id)
                engine.fire(s, doc, action, _user(s, name), expected_version=doc.version)
                s.commit()
                done.append(doc.state)
        return done

    results = _in_threads(work)
    for i, result in enumerate(results):
        assert not isinstance(result, BaseException), result
        assert result[-1] == ("published" if i < 4 else "withdrawn")
    total = _check_chain(pg)
    assert total == before + THREADS * 4
    with Session(pg) as s:
        assert [s.get(Plan, i).version for i in plans] == [5] * 4


def test_concurrent_filing_gives_distinct_numbers(pg: Engine) -> None:
    """8 proposals of one session filed at once get 001…008, none twice."""
    with Session(pg, expire_on_commit=False) as s:
        p = add_people(s)
        ids = [proposal_in(s, p, "committee_review", author=f"rep{1 + i % 4}",
                           title=f"关于第{i}件事的建议").id for i in range(THREADS)]
        s.commit()
        year = p.congress.year

    def work(i: int, barrier: threading.Barrier) -> str:
        with Session(pg) as s:
            doc = s.get(Proposal, ids[i])
            who = _user(s, "chair" if i % 2 else "committee")
            barrier.wait()
            engine.fire(s, doc, "file", who, expected_version=doc.version,
                        fields={"category": "后勤保障", "department": "后勤处"})
            s.commit()
            return doc.number

    numbers = _in_threads(work)
    assert sorted(numbers) == [f"{year}-{n:03d}" for n in range(1, THREADS + 1)], numbers
    _check_chain(pg)
