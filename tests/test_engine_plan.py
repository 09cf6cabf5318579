"""The engine driving work plans: every action × every user, and the plan-specific rules."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from helpers import (
    PLAN_PATH,
    USERS,
    Case,
    World,
    audit_count,
    last_entry,
    make_world,
    names,
    new_plan,
    plan_content,
    plan_in,
    rolled_back,
    snap,
    take_action,
    user,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow import engine
from workflow.content import content_of
from workflow.definitions import get
from workflow.errors import (
    AuthorMayNotApprove,
    CommentRequired,
    FieldError,
    InvalidAction,
    NotAllowed,
    Refused,
    StaleVersion,
)
from workflow.models import Plan, Revision, ScheduleItem
from workflow.models.audit import AuditEntry

pytestmark = pytest.mark.usefixtures("fast_passwords")

UNION = {"chair", "committee", "drafting_chair"}


def _track_fields(doc: Plan) -> dict[str, Any]:
    item = doc.all_items()[0]  # owned by `staff`
    assert item.owner.username == "staff"
    return {"item": item.id, "status": "in_progress", "note": "已联系妇联。"}


MATRIX: dict[str, Case] = {
    "submit": Case("draft", {"drafter"}),
    "withdraw": Case("committee_review", {"drafter"}),
    "committee_approve": Case("committee_review", UNION),
    "committee_return": Case("committee_review", UNION, comment="请补充体检安排。"),
    "party_approve": Case("party_review", {"secretary"}),
    "party_return": Case("party_review", {"secretary"}, comment="请与行政沟通后再报。"),
    "publish": Case("approved", {"chair", "drafting_chair"}),
    "track": Case("published", {"chair", "drafting_chair", "staff"}, fields=_track_fields,
                  offered={"drafter"}),  # drafter owns another item of the plan
    "close": Case("published", {"drafter", "chair", "drafting_chair"},
                  fields=lambda _d: {"summary": "全年计划基本完成。"}),
    "edit": Case("draft", {"drafter"}),
}


def _build(session: Session, p: SimpleNamespace) -> dict[str, int]:
    """One plan (by drafter) in every state an action starts from."""
    return {state: plan_in(session, p, state).id
            for state in ("draft", "committee_review", "party_review", "approved", "published")}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def plan_world(request: pytest.FixtureRequest, sqlite_template: Path,
               tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Plans in every state, committed once per database; each test rolls back."""
    yield from make_world(request, sqlite_template, tmp_path_factory, _build, "plan_world")


def _do(session: Session, doc: Plan, action: str, who: Any, case: Case) -> AuditEntry:
    return take_action(session, doc, action, who, case, doc,
                       {"title": "2026年学校工会工作计划（修改稿）"})


@pytest.mark.parametrize(("action", "who"), [(a, u) for a in MATRIX for u in USERS],
                         ids=[f"{a}-{u}" for a in MATRIX for u in USERS])
def test_action_by_user(plan_world: World, action: str, who: str) -> None:
    """Allowed users succeed (state, version, audit entry); everyone else changes nothing."""
    case = MATRIX[action]
    act = get("plan").actions[action]
    ids = plan_world.ensure()
    with rolled_back(plan_world.bind) as s:
        doc = s.get(Plan, ids[case.state])
        u = user(s, who)
        assert doc.state == case.state
        before = snap(s, doc)
        offered = action in names(engine.available_actions(doc, u))
        if who in case.allowed:
            assert offered
            entry = _do(s, doc, action, u, case)
            after = snap(s, doc)
            assert after.state == (act.dest or case.state)
            assert after.version == before.version + 1
            assert after.audit == before.audit + 1
            assert (entry.actor, entry.action, entry.kind, entry.doc_id) == (
                who, action, "plan", doc.id)
            assert (entry.from_state, entry.to_state) == (case.state, after.state)
            assert entry.comment == case.comment
            assert last_entry(s).seq == entry.seq
        else:
            assert offered == (who in case.offered)
            with pytest.raises(Refused) as info:
                _do(s, doc, action, u, case)
            assert type(info.value) is case.refusal.get(who, NotAllowed)
            assert (info.value.code == "role_not_allowed") == (not act.roles & u.roles)
            assert info.value.message("en")
            assert snap(s, doc) == before


def test_actions_outside_their_states_are_invalid(session: Session,
                                                  people: SimpleNamespace) -> None:
    """From every state, every action not listed for it raises InvalidAction, nothing changes."""
    definition = get("plan")
    for state in definition.states:
        doc = plan_in(session, people, state)
        for act in definition.actions.values():
            if state in act.sources or act.name == "edit":
                continue
            before = snap(session, doc)
            with pytest.raises(InvalidAction):
                engine.fire(session, doc, act.name, people.drafting_chair, comment="x")
            assert snap(session, doc) == before
        if state != "draft":
            with pytest.raises(InvalidAction):
                engine.edit(session, doc, people.drafter, {"title": "改"})
    doc = new_plan(session, people)
    with pytest.raises(InvalidAction) as info:
        engine.fire(session, doc, "approve_everything", people.chair)
    assert info.value.code == "unknown_action"


def test_full_path_and_audit_trail(session: Session, people: SimpleNamespace) -> None:
    """draft → … → closed, one audit entry per action, version 1 + number of actions."""
    doc = plan_in(session, people, "closed")
    entries = session.scalars(select(AuditEntry).where(AuditEntry.kind == "plan",
                                                       AuditEntry.doc_id == doc.id)
                              .order_by(AuditEntry.seq)).all()
    assert [e.action for e in entries] == ["create"] + [a for a, *_ in PLAN_PATH]
    assert [e.to_state for e in entries] == ["draft"] + [s for *_, s in PLAN_PATH]
    assert doc.version == 1 + len(PLAN_PATH)
    assert doc.summary == "全年工作圆满完成。"


def test_author_with_union_roles_may_not_approve_own_plan(session: Session,
                                                          people: SimpleNamespace) -> None:
    """Separation of duties: drafting_chair writes a plan and may not decide on it."""
    doc = plan_in(session, people, "committee_review", author="drafting_chair")
    before = snap(session, doc)
    for action, comment in (("committee_approve", None), ("committee_return", "退回")):
        with pytest.raises(AuthorMayNotApprove):
            engine.fire(session, doc, action, people.drafting_chair, comment=comment)
        assert snap(session, doc) == before
    options = {o.action.name: o for o in engine.action_options(doc, people.drafting_chair)}
    assert options["committee_approve"].reason.code == "author_forbidden"
    assert names(engine.available_actions(doc, people.drafting_chair)) == ["withdraw"]
    engine.fire(session, doc, "committee_approve", people.chair)
    assert doc.state == "party_review"


def test_returns_need_a_comment(session: Session, people: SimpleNamespace) -> None:
    """committee_return and party_return refuse an empty comment and change nothing."""
    for state, action, who in (("committee_review", "committee_return", "chair"),
                               ("party_review", "party_return", "secretary")):
        doc = plan_in(session, people, state)
        before = snap(session, doc)
        for comment in (None, "", "   \n "):
            with pytest.raises(CommentRequired):
                engine.fire(session, doc, action, getattr(people, who), comment=comment)
            assert snap(session, doc) == before
        engine.fire(session, doc, action, getattr(people, who), comment=" 请修改 ")
        assert doc.state == "draft"
        assert last_entry(session).comment == "请修改"


def test_track_fields_and_ownership(session: Session, people: SimpleNamespace) -> None:
    """track needs item and status; the item must be this plan's; owner or chair only."""
    doc = plan_in(session, people, "published")
    other = plan_in(session, people, "published", title="2026年女教职工工作计划")
    staff_item, drafter_item, orphan = doc.all_items()
    before = snap(session, doc)
    refusals: list[tuple[Any, dict[str, Any], type[Refused]]] = [
        (people.staff, {"status": "done"}, FieldError),
        (people.staff, {"item": staff_item.id}, FieldError),
        (people.staff, {"item": staff_item.id, "status": "finished"}, FieldError),
        (people.staff, {"item": other.all_items()[0].id, "status": "done"}, FieldError),
        (people.staff, {"item": 999999, "status": "done"}, FieldError),
        (people.staff, {"item": staff_item.id, "status": "done", "colour": "red"}, FieldError),
        (people.staff, {"item": drafter_item.id, "status": "done"}, NotAllowed),
        (people.committee, {"item": staff_item.id, "status": "done"}, NotAllowed),
        (people.admin, {"item": staff_item.id, "status": "done"}, NotAllowed),
    ]
    for who, fields, exc in refusals:
        with pytest.raises(exc) as info:
            engine.fire(session, doc, "track", who, fields=fields)
        assert type(info.value) is exc, fields
        assert snap(session, doc) == before
        assert staff_item.status == "planned"
    entry = engine.fire(session, doc, "track", people.staff,
                        fields={"item": staff_item.id, "status": "done", "note": "已完成"})
    assert (staff_item.status, staff_item.note) == ("done", "已完成")
    assert entry.to_state == entry.from_state == "published"
    assert json.loads(entry.data) == {"item": staff_item.id, "note": "已完成",
                                      "previous_status": "planned", "status": "done"}
    engine.fire(session, doc, "track", people.chair,
                fields={"item": orphan.id, "status": "cancelled"})
    engine.fire(session, doc, "track", people.drafter,
                fields={"item": drafter_item.id, "status": "in_progress"})
    session.expire_all()
    statuses = session.scalars(select(ScheduleItem.status).join(ScheduleItem.entry)
                               .where(ScheduleItem.entry_id.in_([e.id for e in doc.schedule]))
                               .order_by(ScheduleItem.id)).all()
    assert sorted(statuses) == ["cancelled", "done", "in_progress"]
    assert doc.version == before.version + 3


def test_track_only_while_published(session: Session, people: SimpleNamespace) -> None:
    """Tracking status may change only while the plan is published."""
    for state in ("draft", "committee_review", "party_review", "approved", "closed"):
        doc = plan_in(session, people, state)
        item = doc.all_items()[0]
        before = snap(session, doc)
        with pytest.raises(InvalidAction):
            engine.fire(session, doc, "track", people.chair,
                        fields={"item": item.id, "status": "done"})
        assert snap(session, doc) == before
        assert item.status == "planned"


def test_close_needs_summary(session: Session, people: SimpleNamespace) -> None:
    """close without a summary is a FieldError; with one it is stored."""
    doc = plan_in(session, people, "published")
    before = snap(session, doc)
    for fields in (None, {}, {"summary": "  "}):
        with pytest.raises(FieldError):
            engine.fire(session, doc, "close", people.drafter, fields=fields)
        assert snap(session, doc) == before
    engine.fire(session, doc, "close", people.chair, fields={"summary": "圆满完成。"})
    assert (doc.state, doc.summary) == ("closed", "圆满完成。")


def test_stale_version_changes_nothing(session: Session, people: SimpleNamespace) -> None:
    """An out-of-date expected_version is refused before anything happens."""
    doc = plan_in(session, people, "committee_review")
    before = snap(session, doc)
    for stale in (before.version - 1, before.version + 1, 0):
        with pytest.raises(StaleVersion):
            engine.fire(session, doc, "committee_approve", people.chair,
                        expected_version=stale)
        assert snap(session, doc) == before
    draft = new_plan(session, people)
    draft_before = snap(session, draft)
    with pytest.raises(StaleVersion):
        engine.edit(session, draft, people.drafter, {"title": "新"}, expected_version=2)
    assert snap(session, draft) == draft_before
    assert draft.title == plan_content()["title"]
    engine.fire(session, doc, "committee_approve", people.chair,
                expected_version=before.version)
    assert snap(session, doc).version == before.version + 1


def test_stale_version_from_another_session(session: Session, people: SimpleNamespace) -> None:
    """Two sessions load version v; the second to write gets StaleVersion, not a lost update."""
    doc = plan_in(session, people, "committee_review")
    session.commit()
    bind = session.get_bind()
    with Session(bind, expire_on_commit=False) as other:
        theirs = other.get(Plan, doc.id)
        other.commit()  # no read transaction held open (SQLite would wait for it)
        engine.fire(session, doc, "committee_approve", people.chair,
                    expected_version=doc.version)
        session.commit()
        assert theirs.version == doc.version - 1
        count = audit_count(other)
        other.commit()
        with pytest.raises(StaleVersion):
            engine.fire(other, theirs, "committee_return", user(other, "committee"),
                        comment="退回", expected_version=theirs.version)
        other.commit()
        assert audit_count(other) == count
        assert theirs.state == "party_review"  # refreshed to what the winner wrote
    session.expire_all()
    assert doc.state == "party_review"


def test_submit_freezes_a_revision(session: Session, people: SimpleNamespace) -> None:
    """Submitting writes revision 1 (content frozen); resubmitting after a return writes 2."""
    doc = new_plan(session, people)
    first = content_of(doc)
    entry = engine.fire(session, doc, "submit", people.drafter)
    revs = session.scalars(select(Revision).where(Revision.kind == "plan",
                                                  Revision.doc_id == doc.id)).all()
    assert [(r.number, r.version, r.audit_seq) for r in revs] == [(1, doc.version, entry.seq)]
    assert revs[0].content == first
    engine.fire(session, doc, "committee_return", people.committee, comment="请补充。")
    assert session.scalar(select(Revision).where(Revision.doc_id == doc.id)
                          .order_by(Revision.number.desc())).number == 1
    engine.edit(session, doc, people.drafter, {"title": "2026年学校工会工作计划（修订）"})
    second = engine.fire(session, doc, "submit", people.drafter)
    engine.fire(session, doc, "committee_approve", people.chair)
    session.commit()
    session.expire_all()
    revs = session.scalars(select(Revision).where(Revision.kind == "plan",
                                                  Revision.doc_id == doc.id)
                           .order_by(Revision.number)).all()
    assert [r.number for r in revs] == [1, 2]
    assert revs[0].content == first
    assert revs[1].content["title"] == "2026年学校工会工作计划（修订）"
    assert revs[1].audit_seq == second.seq
    assert revs[1].content == {**first, "title": "2026年学校工会工作计划（修订）"}


def test_edit_by_author_in_draft_is_audited(session: Session, people: SimpleNamespace) -> None:
    """Only the author edits, only in draft; each edit is an `edit` audit entry."""
    doc = new_plan(session, people)
    before = snap(session, doc)
    for who in (people.drafter2, people.chair, people.drafting_chair, people.admin):
        with pytest.raises(NotAllowed):
            engine.edit(session, doc, who, {"title": "别人改的"})
        assert snap(session, doc) == before
    with pytest.raises(FieldError):
        engine.edit(session, doc, people.drafter, {"title": "  "})
    with pytest.raises(FieldError):
        engine.edit(session, doc, people.drafter, {"schedule": [
            {"label": "十三月", "months": [13], "items": ["不存在的月份"]}]})
    with pytest.raises(FieldError):
        engine.edit(session, doc, people.drafter, {"schedule": [
            {"label": "三月份", "months": [3], "items": [{"text": "x", "owner": "nobody"}]}]})
    assert snap(session, doc) == before
    assert doc.title == plan_content()["title"]
    entry = engine.edit(session, doc, people.drafter,
                        {"title": "新标题", "principles": "新的指导思想"}, comment="修改标题")
    assert (entry.action, entry.actor, entry.comment) == ("edit", "drafter", "修改标题")
    assert entry.from_state == entry.to_state == "draft"
    assert json.loads(entry.data) == {"changed": ["principles", "title"]}
    assert snap(session, doc).version == before.version + 1
    assert doc.title == "新标题"
    edited = snap(session, doc)
    with pytest.raises(InvalidAction):  # a bare `edit` would audit a change that never was
        engine.fire(session, doc, "edit", people.drafter)
    assert snap(session, doc) == edited
    engine.fire(session, doc, "submit", people.drafter)
    with pytest.raises(InvalidAction):
        engine.edit(session, doc, people.drafter, {"title": "送审后再改"})
    assert doc.title == "新标题"


def test_empty_plan_cannot_be_submitted(session: Session, people: SimpleNamespace) -> None:
    """plan_has_content: a plan without any item stays in draft."""
    doc = engine.create(session, "plan", people.drafter, title="空计划", year=2026)
    before = snap(session, doc)
    with pytest.raises(NotAllowed) as info:
        engine.fire(session, doc, "submit", people.drafter)
    assert info.value.code == "empty_plan"
    assert snap(session, doc) == before
    options = engine.action_options(doc, people.drafter)
    assert {o.action.name: o.reason and o.reason.code for o in options} == {
        "submit": "empty_plan", "edit": None}


def test_only_drafters_create_plans(session: Session, people: SimpleNamespace) -> None:
    """create: roles from the definition; the new plan is audited as `create`."""
    for who in (people.staff, people.chair, people.rep1, people.admin):
        assert not engine.can_create("plan", who)
        with pytest.raises(NotAllowed):
            engine.create(session, "plan", who, **plan_content())
    assert audit_count(session) == 0
    doc = engine.create(session, "plan", people.drafter, **plan_content())
    entry = last_entry(session)
    assert (doc.state, doc.version) == ("draft", 1)
    assert (entry.action, entry.from_state, entry.to_state, entry.seq) == (
        "create", None, "draft", 1)


def test_inactive_user_may_do_nothing(session: Session, people: SimpleNamespace) -> None:
    """A disabled account gets no actions and every attempt is refused."""
    doc = new_plan(session, people)
    people.drafter.active = False
    assert engine.available_actions(doc, people.drafter) == []
    with pytest.raises(NotAllowed) as info:
        engine.fire(session, doc, "submit", people.drafter)
    assert info.value.code == "user_inactive"
    assert doc.state == "draft"


TYPICAL: dict[str, dict[str, list[str]]] = {
    "draft": {"drafter": ["edit", "submit"], "drafter2": [], "chair": [], "staff": [],
              "drafting_chair": []},
    "committee_review": {"drafter": ["withdraw"],
                         "chair": ["committee_approve", "committee_return"],
                         "committee": ["committee_approve", "committee_return"],
                         "secretary": [], "staff": []},
    "party_review": {"secretary": ["party_approve", "party_return"], "chair": [], "drafter": []},
    "approved": {"chair": ["publish"], "secretary": [], "drafter": []},
    "published": {"chair": ["close", "track"], "drafter": ["close", "track"], "staff": ["track"],
                  "committee": [], "admin": [], "rep1": []},
    "closed": {"chair": [], "drafter": [], "staff": []},
}


def test_available_actions_for_typical_users(session: Session, people: SimpleNamespace) -> None:
    """What the list page offers each user in each state."""
    for state, expected in TYPICAL.items():
        doc = plan_in(session, people, state)
        got = {who: names(engine.available_actions(doc, getattr(people, who)))
               for who in expected}
        assert got == expected, state


def test_withdraw_returns_to_draft(session: Session, people: SimpleNamespace) -> None:
    """The author takes a submitted plan back; it is editable again."""
    doc = plan_in(session, people, "committee_review")
    engine.fire(session, doc, "withdraw", people.drafter, comment="还要补充")
    assert doc.state == "draft"
    engine.edit(session, doc, people.drafter, {"title": "补充后的计划"})
    assert doc.title == "补充后的计划"
