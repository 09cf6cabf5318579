"""Proposal queries (Flask-free): visibility in SQL, filters, paging, standing, 校务公开."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import sqlite_copy
from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow import engine
from workflow.db import make_sessionmaker
from workflow.models import CongressSession, Plan, Proposal, User
from workflow.policy import can_view
from workflow.queries_proposals import (
    ProposalFilter,
    default_session,
    filter_choices,
    list_proposals,
    merge_targets,
    my_proposals,
    parse_filter,
    plan_progress,
    public_plans,
    public_proposals,
    standing,
)
from workflow.workdays import WorkCalendar


@pytest.fixture
def db(demo_template: Path, tmp_path: Path) -> Iterator[Session]:
    """A session on a fresh copy of the demo database."""
    eng = sqlite_copy(demo_template, tmp_path)
    with make_sessionmaker(eng)() as session:
        yield session
    eng.dispose()


def user(db: Session, name: str) -> User:
    """The demo user called `name`."""
    return db.scalars(select(User).where(User.username == name)).one()


def ids(rows: list) -> list[int]:
    """Sorted ids."""
    return sorted(r.id for r in rows)


def test_sql_visibility_matches_policy(db: Session) -> None:
    everyone = list(db.scalars(select(User)))
    proposals = list(db.scalars(select(Proposal)))
    for u in everyone:
        page = list_proposals(db, u, ProposalFilter(), per_page=100)
        assert ids(page.rows) == sorted(p.id for p in proposals if can_view(p, u)), u.username
        assert page.total == len(page.rows)


def test_visibility_examples(db: Session) -> None:
    rep1 = list_proposals(db, user(db, "rep1"), ProposalFilter(), per_page=100)
    assert 1 not in ids(rep1.rows)  # rep3's draft
    assert ids(list_proposals(db, user(db, "chair"), ProposalFilter()).rows) == [1, 2, 3, 4, 5, 6]
    # the handler sees the public ones (and their department's)
    assert ids(list_proposals(db, user(db, "handler"), ProposalFilter()).rows) == [4, 5, 6]


def test_parse_filter_ignores_junk() -> None:
    flt = parse_filter({"session": "abc", "state": "nope", "category": "-3", "department": "1e9",
                        "author": "99999999999", "page": "0", "q": "x" * 500})
    assert flt == ProposalFilter(q="x" * 100)
    flt = parse_filter({"session": "1", "state": "handling", "page": "3", "author": " 7 "})
    assert (flt.session_id, flt.state, flt.page, flt.author_id) == (1, "handling", 3, 7)
    assert flt.args() == {"session": 1, "state": "handling", "author": 7}


def test_filters_and_paging(db: Session) -> None:
    chair = user(db, "chair")
    rep1 = user(db, "rep1")
    assert ids(list_proposals(db, chair, ProposalFilter(state="handling")).rows) == [4]
    assert ids(list_proposals(db, chair, ProposalFilter(author_id=rep1.id)).rows) == [2, 4, 6]
    choices = filter_choices(db, chair)
    dept = next(d for d in choices.departments if d.name == "后勤处")
    cat = next(c for c in choices.categories if c.name == "后勤保障")
    assert ids(list_proposals(db, chair, ProposalFilter(department_id=dept.id)).rows) == [4, 5, 6]
    assert ids(list_proposals(db, chair, ProposalFilter(category_id=cat.id)).rows) == [4, 5, 6]
    sess = choices.sessions[0]
    assert list_proposals(db, chair, ProposalFilter(session_id=sess.id)).total == 6
    assert list_proposals(db, chair, ProposalFilter(session_id=sess.id + 1)).total == 0
    assert ids(list_proposals(db, chair, ProposalFilter(q="照明")).rows) == [5]
    pages = [list_proposals(db, chair, ProposalFilter(page=n), per_page=4) for n in (1, 2, 9)]
    assert [len(p.rows) for p in pages] == [4, 2, 2]  # page 9 is clamped to the last
    assert pages[0].pages == 2 and pages[2].page == 2
    assert set(ids(pages[0].rows)) | set(ids(pages[1].rows)) == {1, 2, 3, 4, 5, 6}


def test_filter_choices_list_only_visible_authors(db: Session) -> None:
    names = {u.username for u in filter_choices(db, user(db, "handler")).authors}
    assert names == {"rep1", "rep3"}  # rep2's only proposal is still under review


def test_standing(db: Session) -> None:
    cal = WorkCalendar()
    docs = {p.id: p for p in db.scalars(select(Proposal))}
    codes = {i: standing(d, cal).code for i, d in docs.items()}
    assert codes == {1: "draft", 2: "seconding", 3: "committee_review", 4: "handling",
                     5: "answered", 6: "final"}
    st = standing(docs[2], cal)
    assert (st.have, st.need) == (1, 2)
    st = standing(docs[4], cal)
    assert st.department == "后勤处" and st.due is not None and not st.overdue
    late = standing(docs[4], cal, today=st.due + timedelta(days=1))
    assert late.overdue


def test_my_proposals(db: Session) -> None:
    mine = my_proposals(db, user(db, "rep1"))
    assert ids(mine.authored) == [2, 4, 6]
    assert ids(mine.cosigned) == [3, 5]


def test_merge_targets_and_default_session(db: Session) -> None:
    doc = db.get(Proposal, 3)
    assert ids(merge_targets(db, doc)) == [4, 5, 6]
    today = date.today()
    sess = default_session(db, today)
    assert sess is not None and sess.name.startswith("第五届")
    db.add(CongressSession(name="下一届", year=today.year + 1, opens_on=today + timedelta(days=300),
                           closes_on=today + timedelta(days=400)))
    db.flush()
    assert default_session(db, today).id == sess.id  # the open one, not the newest


def test_public_listings(db: Session) -> None:
    plans = public_plans(db)
    assert [pp.plan.id for pp in plans] == [4]
    pp = plans[0]
    assert (pp.done, pp.in_progress, pp.cancelled, pp.items) == (4, 2, 1, 10)
    assert pp.total == 9 and pp.percent == 44
    assert ids(public_proposals(db)) == [4, 5, 6]
    assert all(p.number for p in public_proposals(db))
    assert public_proposals(db, session_id=999) == []


def test_plan_progress_of_empty_plan(db: Session) -> None:
    plan = db.get(Plan, 1)
    for entry in plan.schedule:
        entry.items = []
    assert plan_progress(plan).percent == 0


def test_withdrawn_never_public(db: Session) -> None:
    rep3 = user(db, "rep3")
    doc = db.get(Proposal, 1)
    engine.fire(db, doc, "withdraw", rep3)
    assert 1 not in ids(public_proposals(db))
    assert 1 not in ids(list_proposals(db, user(db, "rep1"), ProposalFilter()).rows)
