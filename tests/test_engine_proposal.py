"""The engine driving congress proposals: every action × every user, and the proposal rules."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from helpers import (
    USERS,
    Case,
    World,
    audit_count,
    make_world,
    names,
    new_proposal,
    proposal_in,
    rolled_back,
    snap,
    take_action,
    user,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow import engine
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
from workflow.models import (
    Answer,
    CongressSession,
    Notification,
    ProgressNote,
    Proposal,
    Rating,
    Revision,
)
from workflow.models.audit import AuditEntry

pytestmark = pytest.mark.usefixtures("fast_passwords")

UNION = {"chair", "committee", "drafting_chair"}
FILE_FIELDS = {"category": "后勤保障", "department": "后勤处"}


MATRIX: dict[str, tuple[str, Case]] = {
    "submit": ("submit", Case("draft", {"rep1"})),
    "second": ("second", Case("seconding0", {"rep2", "rep3", "rep4"},
                              refusal={"rep1": AuthorMayNotApprove})),
    "forward": ("forward", Case("seconding2", {"rep1"})),
    "file": ("file", Case("committee_review", UNION, fields=lambda _ids: FILE_FIELDS)),
    "reject": ("reject", Case("committee_review", UNION, comment="属于个人诉求，不予立案。")),
    "merge": ("merge", Case("committee_review", UNION,
                            fields=lambda ids: {"target": ids["target"]})),
    "convert": ("convert", Case("committee_review", UNION)),
    "party_approve": ("party_approve", Case("party_review", {"secretary"})),
    "party_return": ("party_return", Case("party_review", {"secretary"},
                                          comment="主办部门不妥。")),
    "hand_back": ("hand_back", Case("handling", {"handler"}, comment="不属于后勤处职责。")),
    "answer": ("answer", Case("handling", {"handler"}, fields=lambda _ids: {
        "answer": "已安排检修。", "answer_class": "A", "measures": "每月检查一次。",
        "completion_date": "2026-06-30"})),
    "accept": ("accept", Case("answered", {"rep1"},
                              fields=lambda _ids: {"rating": "basically_satisfied"})),
    "reject_answer": ("reject_answer", Case("answered", {"rep1"}, comment="没有具体时间表。")),
    "note@handling": ("note", Case("handling", UNION | {"handler"}, comment="已现场查看。")),
    "note@implementing": ("note", Case("implementing", UNION | {"handler"},
                                       comment="第一批已完成。")),
    "complete": ("complete", Case("implementing", UNION)),
    "withdraw@draft": ("withdraw", Case("draft", {"rep1"})),
    "withdraw@seconding": ("withdraw", Case("seconding2", {"rep1"})),
    "withdraw@committee_review": ("withdraw", Case("committee_review", {"rep1"})),
    "edit@draft": ("edit", Case("draft", {"rep1"})),
    "edit@seconding": ("edit", Case("seconding2", {"rep1"})),
}


def _build(session: Session, p: SimpleNamespace) -> dict[str, int]:
    """One proposal (by rep1) in every state an action starts from, plus a merge target."""
    ids = {state: proposal_in(session, p, state).id
           for state in ("draft", "committee_review", "party_review", "handling", "answered",
                         "implementing")}
    ids["seconding0"] = proposal_in(session, p, "seconding").id
    two = proposal_in(session, p, "seconding")
    engine.fire(session, two, "second", p.rep2)
    engine.fire(session, two, "second", p.rep3)
    ids["seconding2"] = two.id
    ids["target"] = proposal_in(session, p, "committee_review", author="rep2",
                                title="关于提高食堂饭菜质量的建议").id
    return ids


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def proposal_world(request: pytest.FixtureRequest, sqlite_template: Path,
                   tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Proposals in every state, committed once per database; each test rolls back."""
    yield from make_world(request, sqlite_template, tmp_path_factory, _build, "proposal_world")


def _do(session: Session, doc: Proposal, action: str, who: Any, case: Case,
        ids: dict[str, int]) -> AuditEntry:
    return take_action(session, doc, action, who, case, ids,
                       {"measures": "成立伙食管理小组，每月征求意见。"})


@pytest.mark.parametrize(("case_id", "who"), [(c, u) for c in MATRIX for u in USERS],
                         ids=[f"{c}-{u}" for c in MATRIX for u in USERS])
def test_action_by_user(proposal_world: World, case_id: str, who: str) -> None:
    """Allowed users succeed (state, version, audit entry); everyone else changes nothing."""
    action, case = MATRIX[case_id]
    act = get("proposal").actions[action]
    ids = proposal_world.ensure()
    with rolled_back(proposal_world.bind) as s:
        doc = s.get(Proposal, ids[case.state])
        u = user(s, who)
        before = snap(s, doc)
        offered = action in names(engine.available_actions(doc, u))
        if who in case.allowed:
            assert offered
            entry = _do(s, doc, action, u, case, ids)
            after = snap(s, doc)
            assert after.state == (act.dest or before.state)
            assert after.version == before.version + 1
            assert after.audit == before.audit + 1
            assert (entry.actor, entry.action, entry.kind, entry.doc_id) == (
                who, action, "proposal", doc.id)
            assert (entry.from_state, entry.to_state) == (before.state, after.state)
            assert entry.comment == case.comment
        else:
            assert not offered
            with pytest.raises(Refused) as info:
                _do(s, doc, action, u, case, ids)
            assert type(info.value) is case.refusal.get(who, NotAllowed)
            assert (info.value.code == "role_not_allowed") == (not act.roles & u.roles)
            assert snap(s, doc) == before


def test_actions_outside_their_states_are_invalid(session: Session,
                                                  people: SimpleNamespace) -> None:
    """From every reachable state, actions not listed for it raise InvalidAction."""
    definition = get("proposal")
    states = ("draft", "seconding", "committee_review", "party_review", "handling", "answered",
              "implementing", "closed", "not_filed", "converted", "withdrawn")
    for i, state in enumerate(states):
        doc = proposal_in(session, people, state, title=f"关于第{i}件事的建议")
        for act in definition.actions.values():
            if state in act.sources:
                continue
            before = snap(session, doc)
            with pytest.raises(InvalidAction):
                engine.fire(session, doc, act.name, people.rep1, comment="x")
            assert snap(session, doc) == before
        if state not in ("draft", "seconding"):
            with pytest.raises(InvalidAction):
                engine.edit(session, doc, people.rep1, {"title": "改"})


def test_full_path_records_answer_rating_and_notes(session: Session,
                                                   people: SimpleNamespace) -> None:
    """handling → answered → (unsatisfied) handling → answered → implementing → closed."""
    doc = proposal_in(session, people, "handling")
    assert doc.handling_since is not None
    engine.fire(session, doc, "note", people.handler, comment="已联系供应商。")
    engine.fire(session, doc, "answer", people.handler,
                fields={"answer": "本月内检修。", "answer_class": "C"})
    assert doc.state == "answered"
    before = snap(session, doc)
    with pytest.raises(CommentRequired):
        engine.fire(session, doc, "reject_answer", people.rep1)
    assert snap(session, doc) == before
    engine.fire(session, doc, "reject_answer", people.rep1, comment="没有时间表。")
    assert doc.state == "handling"
    engine.fire(session, doc, "answer", people.handler,
                fields={"answer": "6月30日前完成检修并建立维护制度。", "answer_class": "A",
                        "measures": "每月检查", "completion_date": "2026-06-30"})
    engine.fire(session, doc, "accept", people.rep1, fields={"rating": "satisfied"},
                comment="感谢")
    assert doc.state == "implementing"
    engine.fire(session, doc, "note", people.chair, comment="第一批已完成。")
    engine.fire(session, doc, "complete", people.committee)
    assert doc.state == "closed"
    session.commit()
    session.expire_all()
    answers = session.scalars(select(Answer).where(Answer.proposal_id == doc.id)
                              .order_by(Answer.id)).all()
    assert [(a.text, a.answer_class, a.department.name) for a in answers] == [
        ("本月内检修。", "C", "后勤处"), ("6月30日前完成检修并建立维护制度。", "A", "后勤处")]
    assert answers[1].completion_date == date(2026, 6, 30)
    assert answers[1].measures == "每月检查"
    ratings = session.scalars(select(Rating).where(Rating.proposal_id == doc.id)
                              .order_by(Rating.id)).all()
    assert [(r.rating, r.reason, r.answer_id) for r in ratings] == [
        ("unsatisfied", "没有时间表。", answers[0].id), ("satisfied", "感谢", answers[1].id)]
    notes = session.scalars(select(ProgressNote).where(ProgressNote.proposal_id == doc.id)
                            .order_by(ProgressNote.id)).all()
    assert [(n.text, n.author.username) for n in notes] == [
        ("已联系供应商。", "handler"), ("第一批已完成。", "chair")]
    actions = session.scalars(select(AuditEntry.action).where(
        AuditEntry.kind == "proposal", AuditEntry.doc_id == doc.id).order_by(AuditEntry.seq)).all()
    assert actions == ["create", "submit", "second", "second", "forward", "file",
                       "party_approve", "note", "answer", "reject_answer", "answer", "accept",
                       "note", "complete"]
    assert doc.version == len(actions)


def test_second_once_per_person_not_the_author(session: Session,
                                               people: SimpleNamespace) -> None:
    """A representative co-signs once; the author never; nothing changes when refused."""
    doc = proposal_in(session, people, "seconding")
    engine.fire(session, doc, "second", people.rep2)
    before = snap(session, doc)
    assert len(before.cosignatures) == 1
    with pytest.raises(NotAllowed) as info:
        engine.fire(session, doc, "second", people.rep2)
    assert info.value.code == "already_cosigned"
    assert snap(session, doc) == before
    with pytest.raises(AuthorMayNotApprove):
        engine.fire(session, doc, "second", people.rep1)
    assert snap(session, doc) == before
    for who in (people.chair, people.staff, people.handler):
        with pytest.raises(NotAllowed):
            engine.fire(session, doc, "second", who)
    assert snap(session, doc) == before
    assert "second" not in names(engine.available_actions(doc, people.rep2))
    assert "second" in names(engine.available_actions(doc, people.rep3))


@pytest.mark.parametrize("threshold", [1, 2, 3])
def test_forward_needs_enough_cosigners(session: Session, people: SimpleNamespace,
                                        threshold: int) -> None:
    """forward is blocked (need_cosigners) until the session's threshold is reached."""
    people.congress.cosign_threshold = threshold
    doc = proposal_in(session, people, "seconding")
    for have, rep in enumerate(("rep2", "rep3", "rep4")):
        options = {o.action.name: o for o in engine.action_options(doc, people.rep1)}
        if have >= threshold:
            assert options["forward"].allowed
            break
        reason = options["forward"].reason
        assert reason is not None and reason.code == "need_cosigners"
        assert reason.params == {"missing": threshold - have, "have": have, "need": threshold}
        before = snap(session, doc)
        with pytest.raises(NotAllowed) as info:
            engine.fire(session, doc, "forward", people.rep1)
        assert info.value.code == "need_cosigners"
        assert snap(session, doc) == before
        engine.fire(session, doc, "second", getattr(people, rep))
    engine.fire(session, doc, "forward", people.rep1)
    assert doc.state == "committee_review"
    assert len(doc.active_cosigners) == threshold


def test_cosignatures_lapse_when_the_text_changes(session: Session,
                                                  people: SimpleNamespace) -> None:
    """The author edits during seconding: signatures lapse, signers are told, may re-sign."""
    doc = proposal_in(session, people, "seconding")
    engine.fire(session, doc, "second", people.rep2)
    engine.fire(session, doc, "second", people.rep3)
    same = engine.edit(session, doc, people.rep1, {"title": doc.title})
    assert json.loads(same.data) == {"changed": [], "lapsed": []}
    assert len(doc.active_cosigners) == 2
    entry = engine.edit(session, doc, people.rep1, {"reason": "食堂菜品单一，价格偏高。"})
    assert json.loads(entry.data) == {"changed": ["reason"], "lapsed": ["rep2", "rep3"]}
    session.commit()
    session.expire_all()
    assert doc.active_cosigners == []
    assert all(c.lapsed_at is not None for c in doc.cosignatures)
    told = session.scalars(select(Notification).where(Notification.doc_id == doc.id,
                                                      Notification.kind == "proposal")).all()
    assert sorted(n.user_id for n in told) == sorted([people.rep2.id, people.rep3.id])
    assert {(n.code, n.params["title"]) for n in told} == {("cosign_lapsed", doc.title)}
    with pytest.raises(NotAllowed) as info:
        engine.fire(session, doc, "forward", people.rep1)
    assert info.value.code == "need_cosigners"
    assert "second" in names(engine.available_actions(doc, people.rep2))
    engine.fire(session, doc, "second", people.rep2)
    engine.fire(session, doc, "second", people.rep3)
    assert len(doc.active_cosigners) == 2
    assert len(doc.cosignatures) == 2  # renewed, not duplicated
    engine.fire(session, doc, "forward", people.rep1)
    assert doc.state == "committee_review"


def test_forward_freezes_a_revision(session: Session, people: SimpleNamespace) -> None:
    """Leaving the author-editable states writes the revision snapshot."""
    doc = proposal_in(session, people, "seconding")
    assert session.scalars(select(Revision).where(Revision.doc_id == doc.id,
                                                  Revision.kind == "proposal")).all() == []
    for rep in ("rep2", "rep3"):
        engine.fire(session, doc, "second", getattr(people, rep))
    entry = engine.fire(session, doc, "forward", people.rep1)
    rev = session.scalars(select(Revision).where(Revision.doc_id == doc.id,
                                                 Revision.kind == "proposal")).one()
    assert (rev.number, rev.audit_seq) == (1, entry.seq)
    assert rev.content == {"title": doc.title, "reason": doc.reason, "measures": doc.measures}


def test_numbers_in_filing_order_kept_on_refiling(session: Session,
                                                  people: SimpleNamespace) -> None:
    """The number is given on first filing, in filing order, and kept after party_return."""
    docs = [proposal_in(session, people, "committee_review", author=a, title=f"关于{t}的建议")
            for a, t in (("rep1", "甲"), ("rep2", "乙"), ("rep3", "丙"))]
    assert all(d.number is None for d in docs)
    year = people.congress.year
    for doc, n in zip((docs[2], docs[0], docs[1]), (1, 2, 3), strict=True):
        entry = engine.fire(session, doc, "file", people.chair, fields=FILE_FIELDS)
        assert doc.number == f"{year}-{n:03d}"
        assert json.loads(entry.data)["number"] == doc.number
    first = docs[2]
    engine.fire(session, first, "party_return", people.secretary, comment="请调整主办部门。")
    assert first.state == "committee_review"
    assert first.number == f"{year}-001"
    engine.fire(session, first, "file", people.committee,
                fields={"category": "后勤保障", "department": "教务处",
                        "assist_departments": ["后勤处", "办公室"]})
    assert first.number == f"{year}-001"
    assert first.department.name == "教务处"
    assert sorted(d.name for d in first.assist) == ["办公室", "后勤处"]
    session.commit()
    assert session.get(CongressSession, people.congress.id).filed_count == 3
    other = new_proposal(session, people, "rep4", "关于丁的建议")
    assert other.number is None


FILE_REFUSALS: list[tuple[dict[str, Any], str]] = [
    ({}, "field_required"),
    ({"category": "后勤保障"}, "field_required"),
    ({"department": "后勤处"}, "field_required"),
    ({"category": "不存在的类别", "department": "后勤处"}, "field_invalid"),
    ({"category": "后勤保障", "department": 999999}, "field_invalid"),
    ({"category": "后勤保障", "department": "后勤处", "handler": "x"}, "field_unknown"),
]


def test_file_needs_category_and_department(session: Session, people: SimpleNamespace) -> None:
    """file: FieldError for missing or unknown category/department; nothing changes."""
    doc = proposal_in(session, people, "committee_review")
    before = snap(session, doc)
    for fields, code in FILE_REFUSALS:
        with pytest.raises(FieldError) as info:
            engine.fire(session, doc, "file", people.chair, fields=fields)
        assert info.value.code == code, fields
        assert snap(session, doc) == before
        assert (doc.number, doc.department_id, doc.category_id) == (None, None, None)
    session.commit()
    assert session.get(CongressSession, people.congress.id).filed_count == 0


def test_merge_target_rules(session: Session, people: SimpleNamespace) -> None:
    """merge needs a target of the same session under review or filed, not itself."""
    doc = proposal_in(session, people, "committee_review")
    draft = new_proposal(session, people, "rep2", "关于草稿的建议")
    later = CongressSession(name="第一届第二次", year=2027, cosign_threshold=2)
    session.add(later)
    session.flush()
    elsewhere = proposal_in(session, people, "committee_review", author="rep3",
                            title="关于下一次会议的建议", congress=later)
    before = snap(session, doc)
    for fields, code in (({}, "field_required"), ({"target": doc.id}, "merge_self"),
                         ({"target": elsewhere.id}, "merge_target_invalid"),
                         ({"target": draft.id}, "merge_target_invalid"),
                         ({"target": 999999}, "field_invalid")):
        with pytest.raises(FieldError) as info:
            engine.fire(session, doc, "merge", people.chair, fields=fields)
        assert info.value.code == code, fields
        assert snap(session, doc) == before
        assert doc.merged_into_id is None
    target = proposal_in(session, people, "handling", author="rep4", title="关于目标的建议")
    engine.fire(session, doc, "merge", people.committee, fields={"target": target.id})
    assert (doc.state, doc.merged_into_id) == ("merged", target.id)


ANSWER_REFUSALS: list[tuple[dict[str, Any], str]] = [
    ({"answer_class": "A"}, "field_required"),
    ({"answer": "  ", "answer_class": "A"}, "field_required"),
    ({"answer": "已处理"}, "field_required"),
    ({"answer": "已处理", "answer_class": "E"}, "field_invalid"),
    ({"answer": "已处理", "answer_class": "A", "completion_date": "下个月"}, "field_invalid"),
]


def test_answer_and_accept_need_their_fields(session: Session, people: SimpleNamespace) -> None:
    """answer: text and class A–D; accept: rating satisfied/basically_satisfied."""
    doc = proposal_in(session, people, "handling")
    before = snap(session, doc)
    for fields, code in ANSWER_REFUSALS:
        with pytest.raises(FieldError) as info:
            engine.fire(session, doc, "answer", people.handler, fields=fields)
        assert info.value.code == code, fields
        assert snap(session, doc) == before
    assert session.scalars(select(Answer).where(Answer.proposal_id == doc.id)).all() == []
    engine.fire(session, doc, "answer", people.handler,
                fields={"answer": "已处理", "answer_class": "D"})
    before = snap(session, doc)
    for fields in (None, {"rating": ""}, {"rating": "unsatisfied"}, {"rating": "great"}):
        with pytest.raises(FieldError):
            engine.fire(session, doc, "accept", people.rep1, fields=fields)
        assert snap(session, doc) == before
    assert session.scalars(select(Rating).where(Rating.proposal_id == doc.id)).all() == []


def test_comment_required(session: Session, people: SimpleNamespace) -> None:
    """These actions refuse an empty comment (CommentRequired) and change nothing."""
    cases = (("committee_review", "reject", "chair"), ("party_review", "party_return", "secretary"),
             ("handling", "hand_back", "handler"), ("answered", "reject_answer", "rep1"),
             ("handling", "note", "committee"))
    for i, (state, action, who) in enumerate(cases):
        doc = proposal_in(session, people, state, title=f"关于第{i}件事的建议")
        before = snap(session, doc)
        for comment in (None, "", "  \n"):
            with pytest.raises(CommentRequired):
                engine.fire(session, doc, action, getattr(people, who), comment=comment)
            assert snap(session, doc) == before
        entry = engine.fire(session, doc, action, getattr(people, who), comment=" 理由 ")
        assert entry.comment == "理由"
        assert snap(session, doc).version == before.version + 1


def test_hand_back_goes_to_committee_for_reassignment(session: Session,
                                                      people: SimpleNamespace) -> None:
    """hand_back → committee_review; re-filed to another department, its handler answers."""
    doc = proposal_in(session, people, "handling")
    number = doc.number
    with pytest.raises(NotAllowed) as info:
        engine.fire(session, doc, "hand_back", people.handler2, comment="不是我们的")
    assert info.value.code == "not_assigned_handler"
    engine.fire(session, doc, "hand_back", people.handler, comment="应由教务处办理。")
    assert doc.state == "committee_review"
    engine.fire(session, doc, "file", people.chair,
                fields={"category": "教育教学", "department": "教务处"})
    engine.fire(session, doc, "party_approve", people.secretary)
    assert doc.number == number
    assert "answer" not in names(engine.available_actions(doc, people.handler))
    engine.fire(session, doc, "answer", people.handler2,
                fields={"answer": "已纳入教学计划。", "answer_class": "B"})
    assert doc.state == "answered"


def test_withdraw_only_before_a_decision(session: Session, people: SimpleNamespace) -> None:
    """withdraw works from draft/seconding/committee_review only."""
    for i, state in enumerate(("draft", "seconding", "committee_review", "party_review",
                               "handling", "answered", "implementing", "closed", "not_filed")):
        doc = proposal_in(session, people, state, title=f"关于第{i}件事的建议")
        before = snap(session, doc)
        if state in ("draft", "seconding", "committee_review"):
            engine.fire(session, doc, "withdraw", people.rep1)
            assert doc.state == "withdrawn"
            assert engine.available_actions(doc, people.rep1) == []
            continue
        with pytest.raises(InvalidAction):
            engine.fire(session, doc, "withdraw", people.rep1)
        assert snap(session, doc) == before


def test_submit_only_while_the_session_collects(session: Session,
                                                people: SimpleNamespace) -> None:
    """session_open: submission outside the collection window is refused."""
    doc = new_proposal(session, people)
    today = date.today()
    before = snap(session, doc)
    for day in (people.congress.opens_on - timedelta(days=1),
                people.congress.closes_on + timedelta(days=1)):
        with pytest.raises(NotAllowed) as info:
            engine.fire(session, doc, "submit", people.rep1, today=day)
        assert info.value.code == "session_closed"
        assert snap(session, doc) == before
    people.congress.closes_on = today - timedelta(days=1)
    with pytest.raises(NotAllowed):
        engine.fire(session, doc, "submit", people.rep1)
    options = {o.action.name: o for o in engine.action_options(doc, people.rep1)}
    assert options["submit"].reason.code == "session_closed"
    assert snap(session, doc) == before
    engine.fire(session, doc, "submit", people.rep1, today=people.congress.closes_on)
    assert doc.state == "seconding"


def test_empty_proposal_cannot_be_submitted(session: Session, people: SimpleNamespace) -> None:
    """proposal_has_content: title, reason and measures are needed."""
    doc = engine.create(session, "proposal", people.rep1, session_id=people.congress.id,
                        title="关于某事的建议")
    with pytest.raises(NotAllowed) as info:
        engine.fire(session, doc, "submit", people.rep1)
    assert info.value.code == "empty_proposal"
    assert doc.state == "draft"
    with pytest.raises(FieldError):
        engine.create(session, "proposal", people.rep1, title="没有届次")
    with pytest.raises(NotAllowed):
        engine.create(session, "proposal", people.staff, session_id=people.congress.id,
                      title="非代表")


def test_refused_actions_keep_cosignatures(session: Session, people: SimpleNamespace) -> None:
    """A stale or refused action leaves state, version, audit and co-signatures alone."""
    doc = proposal_in(session, people, "seconding")
    engine.fire(session, doc, "second", people.rep2)
    before = snap(session, doc)
    attempts: list[tuple[Callable[[], Any], type[Refused]]] = [
        (lambda: engine.fire(session, doc, "second", people.rep3,
                             expected_version=before.version - 1), StaleVersion),
        (lambda: engine.fire(session, doc, "forward", people.rep1), NotAllowed),
        (lambda: engine.fire(session, doc, "withdraw", people.rep2), NotAllowed),
        (lambda: engine.edit(session, doc, people.rep2, {"title": "别人改"}), NotAllowed),
        (lambda: engine.edit(session, doc, people.rep1, {"title": ""}), FieldError),
        (lambda: engine.edit(session, doc, people.rep1, {"measures": "改"},
                             expected_version=before.version + 1), StaleVersion),
        (lambda: engine.fire(session, doc, "second", people.rep3, fields={"x": 1}), FieldError),
    ]
    for attempt, exc in attempts:
        with pytest.raises(exc):
            attempt()
        assert snap(session, doc) == before
    session.commit()  # even a caller that commits after a refusal finds nothing changed
    session.expire_all()
    assert snap(session, doc) == before
    assert len(doc.active_cosigners) == 1
    assert audit_count(session) == before.audit


def test_available_actions_for_typical_users(session: Session,
                                             people: SimpleNamespace) -> None:
    """What each user is offered on proposals in typical states."""
    cases = {
        "draft": {"rep1": ["edit", "submit", "withdraw"], "rep2": [], "chair": []},
        "seconding": {"rep1": ["edit", "withdraw"], "rep2": ["second"], "secretary": []},
        "committee_review": {"rep1": ["withdraw"], "chair": ["convert", "file", "merge",
                                                              "reject"], "rep2": []},
        "party_review": {"secretary": ["party_approve", "party_return"], "chair": []},
        "handling": {"handler": ["answer", "hand_back", "note"], "handler2": [],
                     "committee": ["note"], "rep1": []},
        "answered": {"rep1": ["accept", "reject_answer"], "handler": [], "rep2": []},
        "implementing": {"chair": ["complete", "note"], "handler": ["note"], "rep1": []},
        "closed": {"rep1": [], "chair": [], "handler": []},
    }
    for i, (state, expected) in enumerate(cases.items()):
        doc = proposal_in(session, people, state, title=f"关于第{i}件事的建议")
        got = {who: names(engine.available_actions(doc, getattr(people, who)))
               for who in expected}
        assert got == expected, state
