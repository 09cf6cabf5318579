"""Helpers of the engine tests: documents in a given state, snapshots, a rolled-back world."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from workflow import engine
from workflow.errors import Refused
from workflow.models import AuditEntry, AuditHead, Cosignature, Plan, Proposal, User

# Every user of the `people` fixture (tests/conftest.py:add_people).
USERS = ("drafter", "drafter2", "chair", "committee", "secretary", "rep1", "rep2", "rep3",
         "rep4", "staff", "admin", "drafting_chair", "handler", "handler2")
REPS = ("rep1", "rep2", "rep3", "rep4")


def plan_content(title: str = "2026年学校工会工作计划", owner: str = "staff") -> dict[str, Any]:
    """Plan content with one section and two schedule items (owned by `owner` and drafter)."""
    return {
        "title": title, "year": 2026, "organisation": "XX中学工会委员会",
        "principles": "围绕学校中心工作，发挥工会桥梁纽带作用。",
        "sections": [{"number": "一", "title": "加强民主管理",
                      "items": ["按期召开教职工代表大会。"]}],
        "schedule": [
            {"label": "三月份", "months": [3], "items": [
                {"text": "开展“三八”妇女节活动。", "owner": owner},
                {"text": "组织教职工体检。", "owner": "drafter"}]},
            {"label": "七至八月份", "months": [7, 8], "items": ["暑期疗休养活动。"]},
        ],
    }


def new_plan(session: Session, p: SimpleNamespace, author: str = "drafter",
             **content: Any) -> Plan:
    """A plan in draft written by `author`."""
    return engine.create(session, "plan", getattr(p, author), **{**plan_content(), **content})


def new_proposal(session: Session, p: SimpleNamespace, author: str = "rep1",
                 title: str = "关于改善教职工午餐质量的建议", congress: Any = None) -> Proposal:
    """A proposal in draft written by `author`."""
    return engine.create(session, "proposal", getattr(p, author),
                         session_id=(congress or p.congress).id, title=title,
                         reason="食堂菜品单一，教职工意见较多。", measures="成立伙食管理小组。")


def cosigners_for(author: str, count: int = 2) -> list[str]:
    """`count` representatives other than `author`."""
    return [r for r in REPS if r != author][:count]


# The actions (action, who, comment, fields) that bring a document from its initial state
# to each state, in order; "author" stands for the document's author.
PLAN_PATH: list[tuple[str, str, str | None, dict[str, Any] | None, str]] = [
    ("submit", "author", None, None, "committee_review"),
    ("committee_approve", "chair", None, None, "party_review"),
    ("party_approve", "secretary", None, None, "approved"),
    ("publish", "chair", None, None, "published"),
    ("close", "author", None, {"summary": "全年工作圆满完成。"}, "closed"),
]


def plan_in(session: Session, p: SimpleNamespace, state: str, author: str = "drafter",
            **content: Any) -> Plan:
    """A plan brought to `state` by firing the real actions."""
    doc = new_plan(session, p, author, **content)
    for action, who, comment, fields, reached in PLAN_PATH:
        if doc.state == state:
            break
        user = getattr(p, author if who == "author" else who)
        engine.fire(session, doc, action, user, comment=comment, fields=fields)
        assert doc.state == reached
    assert doc.state == state, f"no path to {state}"
    return doc


def proposal_in(session: Session, p: SimpleNamespace, state: str, author: str = "rep1",
                title: str = "关于改善教职工午餐质量的建议", congress: Any = None,
                department: str = "后勤处") -> Proposal:
    """A proposal brought to `state` by firing the real actions."""
    doc = new_proposal(session, p, author, title, congress)
    me = getattr(p, author)
    fire = engine.fire

    def step(action: str, user: Any, comment: str | None = None,
             fields: dict[str, Any] | None = None) -> bool:
        if doc.state == state:
            return False
        fire(session, doc, action, user, comment=comment, fields=fields)
        return True

    if state == "draft":
        return doc
    if state == "withdrawn":
        fire(session, doc, "withdraw", me)
        return doc
    step("submit", me)
    if state == "seconding":
        return doc
    for rep in cosigners_for(author):
        fire(session, doc, "second", getattr(p, rep))
    step("forward", me)
    if state in ("not_filed", "converted"):
        action = "reject" if state == "not_filed" else "convert"
        fire(session, doc, action, p.chair, comment="不属于提案范围。")
        return doc
    step("file", p.chair, fields={"category": p.cats["后勤保障"].id,
                                  "department": p.depts[department].id})
    step("party_approve", p.secretary)
    handler = p.handler if department == "后勤处" else p.handler2
    step("answer", handler, fields={"answer": "已安排整改。", "answer_class": "B"})
    step("accept", me, fields={"rating": "satisfied"})
    step("complete", p.chair)
    assert doc.state == state, f"no path to {state}"
    return doc


def audit_count(session: Session) -> int:
    """Number of audit entries."""
    return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def last_entry(session: Session) -> AuditEntry:
    """The newest audit entry."""
    entry = session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
    assert entry is not None
    return entry


@dataclass(frozen=True)
class Snap:
    """What must not change when an action is refused."""

    state: str
    version: int
    audit: int
    cosignatures: tuple[tuple[int, bool], ...] = ()
    extra: tuple[Any, ...] = field(default=())


def snap(session: Session, doc: Any) -> Snap:
    """State, version, audit count and co-signatures of `doc`, as stored in the database."""
    session.flush()
    model = type(doc)
    state, version = session.execute(
        select(model.state, model.version).where(model.id == doc.id)).one()
    sigs: tuple[Any, ...] = ()
    if doc.kind == "proposal":
        sigs = tuple(session.execute(
            select(Cosignature.user_id, Cosignature.lapsed_at.is_(None))
            .where(Cosignature.proposal_id == doc.id).order_by(Cosignature.user_id)).all())
    return Snap(state, version, audit_count(session), sigs)


def names(actions: list[Any]) -> list[str]:
    """Names of ActionDefs, sorted."""
    return sorted(a.name for a in actions)


def user(session: Session, username: str) -> User:
    """The user called `username`."""
    row = session.scalar(select(User).where(User.username == username))
    assert row is not None, username
    return row


@contextmanager
def rolled_back(bind: Engine) -> Iterator[Session]:
    """A session inside an outer transaction that is always rolled back."""
    conn = bind.connect()
    trans = conn.begin()
    session = Session(bind=conn, join_transaction_mode="create_savepoint",
                      expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        trans.rollback()
        conn.close()


class World:
    """Documents in many states, committed once and shared by tests that roll back.

    PostgreSQL is shared by every test of the run (other tests truncate it), so the world
    is rebuilt whenever the audit head no longer is the one recorded after building it.
    """

    def __init__(self, bind: Engine, build: Callable[[Session, SimpleNamespace], dict[str, int]],
                 reset: Callable[[Engine], None] | None) -> None:
        self.bind, self.build, self.reset = bind, build, reset
        self.ids: dict[str, int] = {}
        self.head: tuple[int, str] | None = None

    def _current_head(self) -> tuple[int, str] | None:
        with Session(self.bind) as s:
            head = s.get(AuditHead, 1)
            return None if head is None else (head.seq, head.hash)

    def ensure(self) -> dict[str, int]:
        """The ids of the world's documents, rebuilding the world when it was wiped."""
        if self.head is not None and self._current_head() == self.head:
            return self.ids
        from conftest import add_people

        if self.reset is not None:
            self.reset(self.bind)
        with Session(self.bind, expire_on_commit=False) as s:
            people = add_people(s)
            self.ids = self.build(s, people)
            s.commit()
        self.head = self._current_head()
        return self.ids


@dataclass(frozen=True)
class Case:
    """One action from one state: who may take it and what it needs."""

    state: str
    allowed: set[str]
    comment: str | None = None
    # the fields, from the document (plans) or the world's ids (proposals)
    fields: Callable[[Any], dict[str, Any]] | None = None
    refusal: dict[str, type[Refused]] = field(default_factory=dict)
    # offered (the list cannot know the fields) but refused for the fields given here
    offered: set[str] = field(default_factory=set)


def make_world(request: Any, sqlite_template: Path, tmp_path_factory: Any,
               build: Callable[[Session, SimpleNamespace], dict[str, int]],
               name: str) -> Iterator[World]:
    """The World of `build` on the fixture's database (param "sqlite" or "postgresql")."""
    from conftest import reset_pg, sqlite_copy

    if request.param == "sqlite":
        bind = sqlite_copy(sqlite_template, tmp_path_factory.mktemp(name))
        yield World(bind, build, None)
        bind.dispose()
    else:
        yield World(request.getfixturevalue("pg_engine"), build, reset_pg)


def take_action(session: Session, doc: Any, action: str, who: Any, case: Case, fields_from: Any,
        changes: dict[str, Any]) -> AuditEntry:
    """Take `action` (`changes` for "edit") as `who` on `doc` at its current version."""
    if action == "edit":
        return engine.edit(session, doc, who, changes, expected_version=doc.version)
    return engine.fire(session, doc, action, who, comment=case.comment,
                       fields=case.fields(fields_from) if case.fields else None,
                       expected_version=doc.version)
