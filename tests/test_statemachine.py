"""Random actions by random users (hypothesis stateful testing) on SQLite.

After every step: each document's state is the replay of its audit entries, its version rose
by exactly one per successful action, refused actions changed nothing, the chain verifies.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path
from typing import Any

from conftest import add_people
from helpers import USERS, audit_count, plan_content, plan_in, proposal_in, snap
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow import audit, engine
from workflow.db import make_engine
from workflow.definitions import FieldDef, get
from workflow.errors import Refused
from workflow.machine import compiled
from workflow.models import AuditEntry, Plan, Proposal, ScheduleItem

MODELS = {"plan": Plan, "proposal": Proposal}
ALL_ACTIONS = sorted({a for k in MODELS for a in get(k).actions})
COMMENTS = [None, "", "  ", "同意。", "请补充具体措施。", "不属于本部门职责。", "没有时间表。"]
OFTEN = [True] * 9 + [False]  # mostly plausible choices, so documents get far
DETOURS = {"withdraw", "reject", "merge", "convert"}  # end a proposal early
MAX_DOCS = 4
PLAN_STATES = ["draft", "committee_review", "party_review", "approved", "published"]
PROPOSAL_STATES = ["draft", "seconding", "committee_review", "party_review", "handling",
                   "answered", "implementing"]
_counter = itertools.count()


class WorkflowMachine(RuleBasedStateMachine):
    """A fresh copy of the migrated template per example; a few plans and proposals."""

    def __init__(self, template: Path, directory: Path) -> None:
        super().__init__()
        self.path = directory / f"sm{next(_counter)}.db"
        shutil.copy(template, self.path)
        self.bind = make_engine(f"sqlite:///{self.path}")
        self.session = Session(self.bind, expire_on_commit=False)
        self.people = add_people(self.session)
        self.session.commit()
        self.docs: list[tuple[str, int]] = []
        self.versions: dict[tuple[str, int], int] = {}
        self.successes = 0
        self.reached: set[tuple[str, str]] = set()

    def teardown(self) -> None:
        self.session.close()
        self.bind.dispose()
        self.path.unlink(missing_ok=True)

    # -- helpers -------------------------------------------------------------------------

    def _doc(self, key: tuple[str, int]) -> Any:
        return self.session.get(MODELS[key[0]], key[1])

    def _user(self, name: str) -> Any:
        return getattr(self.people, name)

    def _field(self, data: st.DataObject, fdef: FieldDef) -> Any:
        p = self.people
        plan_ids = [i for k, i in self.docs if k == "plan"]
        proposal_ids = [i for k, i in self.docs if k == "proposal"]
        items = list(self.session.scalars(select(ScheduleItem.id).join(ScheduleItem.entry)
                                          .where(ScheduleItem.entry.property.mapper.class_
                                                 .plan_id.in_(plan_ids)))) if plan_ids else []
        options: dict[str, list[Any]] = {
            "text": ["", "已完成。", "本学期内完成检修。"],
            "choice": [*fdef.choices, "bogus"],
            "date": ["2026-06-30", "不是日期"],
            "category": [*p.cats, "不存在的类别"],
            "department": [*p.depts, 99999],
            "departments": [[], ["教务处"], ["办公室", "后勤处"]],
            "proposal": [*proposal_ids, 99999],
            "plan_item": [*items, 99999],
        }
        return data.draw(st.sampled_from(options[fdef.type]), label=fdef.name)

    def _fields(self, data: st.DataObject, kind: str, action: str) -> dict[str, Any] | None:
        act = get(kind).actions.get(action)
        if act is None or not act.fields:
            return None
        fields = {}
        for fdef in act.fields:
            if data.draw(st.sampled_from(OFTEN), label=f"give {fdef.name}"):
                fields[fdef.name] = self._field(data, fdef)
        return fields

    def _attempt(self, key: tuple[str, int], call: Any) -> None:
        """Run one engine call; check its effect on the document (or the lack of one)."""
        doc = self._doc(key)
        before = snap(self.session, doc)
        try:
            call(doc)
        except Refused:
            # Even a caller that commits after a refusal must find nothing changed.
            self.session.commit()
            self.session.expire_all()
            assert snap(self.session, self._doc(key)) == before
            return
        self.session.commit()
        after = snap(self.session, doc)
        assert after.version == before.version + 1
        assert after.audit == before.audit + 1
        self.versions[key] += 1
        self.successes += 1
        self.reached.add((key[0], after.state))


    # -- rules ---------------------------------------------------------------------------

    @initialize(plan_state=st.sampled_from(PLAN_STATES),
                proposal_state=st.sampled_from(PROPOSAL_STATES))
    def seed(self, plan_state: str, proposal_state: str) -> None:
        """Start with a plan and a proposal somewhere along their way (by real actions)."""
        plan = plan_in(self.session, self.people, plan_state)
        proposal = proposal_in(self.session, self.people, proposal_state)
        self.session.commit()
        for doc in (plan, proposal):
            self.docs.append((doc.kind, doc.id))
            self.versions[(doc.kind, doc.id)] = doc.version

    @precondition(lambda self: len(self.docs) < MAX_DOCS)
    @rule(author=st.sampled_from(["drafter", "drafter2", "drafting_chair", "staff"]))
    def create_plan(self, author: str) -> None:
        count = audit_count(self.session)
        try:
            doc = engine.create(self.session, "plan", self._user(author),
                                **plan_content(owner=author if author != "staff" else "staff"))
        except Refused:
            self.session.commit()
            assert audit_count(self.session) == count
            return
        self.session.commit()
        self.docs.append(("plan", doc.id))
        self.versions[("plan", doc.id)] = 1

    @precondition(lambda self: len(self.docs) < MAX_DOCS)
    @rule(author=st.sampled_from(["rep1", "rep2", "rep3", "chair"]))
    def create_proposal(self, author: str) -> None:
        count = audit_count(self.session)
        try:
            doc = engine.create(self.session, "proposal", self._user(author),
                                session_id=self.people.congress.id,
                                title=f"关于第{len(self.docs)}件事的建议", reason="理由",
                                measures="措施")
        except Refused:
            self.session.commit()
            assert audit_count(self.session) == count
            return
        self.session.commit()
        self.docs.append(("proposal", doc.id))
        self.versions[("proposal", doc.id)] = 1

    @precondition(lambda self: bool(self.docs))
    @rule(data=st.data())
    def act(self, data: st.DataObject) -> None:
        key = data.draw(st.sampled_from(self.docs), label="doc")
        doc = self._doc(key)
        here = sorted(a.name for a in compiled(key[0]).actions_from(doc.state))
        if set(here) - DETOURS and data.draw(st.sampled_from(OFTEN[3:]), label="no detour"):
            here = [a for a in here if a not in DETOURS]  # let documents get far, mostly
        action = data.draw(st.sampled_from(here) if here and data.draw(
            st.sampled_from(OFTEN), label="plausible")
            else st.sampled_from(ALL_ACTIONS), label="action")
        act = get(key[0]).actions.get(action)
        likely = sorted(u for u in USERS if act and act.roles & self._user(u).roles)
        if act and {"is_author", "author_or_chair"} & set(act.require):
            likely = [doc.author.username] * 4 + likely  # mostly the author, sometimes not
        who = data.draw(st.sampled_from(likely) if likely and data.draw(
            st.sampled_from(OFTEN[2:]), label="likely user") else st.sampled_from(USERS),
            label="user")
        comment = data.draw(st.sampled_from(COMMENTS), label="comment")
        version = data.draw(st.sampled_from([None, *["current"] * 6, "stale"]),
                            label="version")
        expected = {None: None, "current": doc.version, "stale": doc.version - 1}[version]
        user = self._user(who)
        if action == "edit":
            content = data.draw(st.sampled_from(
                [{"title": "新标题"}, {"title": ""}, {"title": doc.title}]
                if key[0] == "plan" else
                [{"reason": "新的案由。"}, {"title": ""}, {"measures": doc.measures}]),
                label="content")
            self._attempt(key, lambda d: engine.edit(self.session, d, user, content,
                                                     expected_version=expected,
                                                     comment=comment))
            return
        fields = self._fields(data, key[0], action)
        self._attempt(key, lambda d: engine.fire(self.session, d, action, user,
                                                 comment=comment, fields=fields,
                                                 expected_version=expected))

    # -- invariants ----------------------------------------------------------------------

    @invariant()
    def documents_replay_their_audit_entries(self) -> None:
        self.session.expire_all()
        for key in self.docs:
            doc = self._doc(key)
            entries = self.session.scalars(
                select(AuditEntry).where(AuditEntry.kind == key[0], AuditEntry.doc_id == key[1])
                .order_by(AuditEntry.seq)).all()
            assert entries[0].action == "create" and entries[0].from_state is None
            state = None
            for entry in entries:
                assert entry.from_state == state, (key, entry.seq)
                state = entry.to_state
            assert doc.state == state
            assert doc.version == len(entries) == self.versions[key]
        self.session.commit()

    @invariant()
    def chain_verifies(self) -> None:
        verdict = audit.verify(self.session)
        assert verdict.ok, verdict.problem
        assert verdict.count == audit_count(self.session)
        self.session.commit()


def test_random_actions_keep_every_invariant(sqlite_template: Path, tmp_path: Path,
                                            fast_passwords: None) -> None:
    """Random actions (incl. edit, second, track) by random users; invariants after each."""
    machines: list[WorkflowMachine] = []

    def factory() -> WorkflowMachine:
        machine = WorkflowMachine(sqlite_template, tmp_path)
        machines.append(machine)
        return machine

    run_state_machine_as_test(factory, settings=settings(
        max_examples=10, stateful_step_count=40, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
    # The machine got somewhere: many actions succeeded, not only refusals.
    assert sum(m.successes for m in machines) > 30
    reached = set().union(*(m.reached for m in machines))
    assert len(reached) >= 6, reached

