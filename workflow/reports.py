"""Reports: 提案办理情况报告 per congress session, time in each stage, 年度工作总结 draft.

Flask-free; every number is computed from the database and the audit log.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from workflow.definitions import get
from workflow.exports.labels import ITEM_STATUS, label
from workflow.inbox import answer_due
from workflow.models import AuditEntry, CongressSession, Plan, Proposal
from workflow.workdays import WorkCalendar

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
PENDING = ("draft", "seconding", "committee_review")
FILED = ("party_review", "handling", "answered", "implementing", "closed")
APPROVED = ("handling", "answered", "implementing", "closed")
NOT_FILED = ("not_filed", "merged", "converted", "withdrawn")
OPEN = ("seconding", "committee_review", "party_review", "handling", "answered",
        "implementing")
UNSET = "未分类"
NO_DEPARTMENT = "未指定"


def rate(part: int, whole: int) -> float | None:
    """part/whole as a fraction, None when there is nothing to divide by."""
    return part / whole if whole else None


def percent(value: float | None) -> str:
    """A fraction as a percentage with one decimal (— when undefined)."""
    return "—" if value is None else f"{value * 100:.1f}%"


@dataclass
class OpenProposal:
    """A proposal still under way, and how long it has waited in its state."""

    proposal: Proposal
    days_waiting: int
    due: date | None
    overdue: bool


@dataclass
class ProposalReport:
    """提案办理情况报告 of one congress session."""

    session: CongressSession
    today: date
    total: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    by_department: dict[str, int] = field(default_factory=dict)
    filed: int = 0
    not_filed: int = 0
    not_filed_by_state: dict[str, int] = field(default_factory=dict)
    pending: int = 0
    approved: int = 0
    answered: int = 0
    rated: int = 0
    ratings: dict[str, int] = field(default_factory=dict)
    answer_classes: dict[str, int] = field(default_factory=dict)
    on_time: int = 0
    late: int = 0
    overdue_unanswered: int = 0
    open: list[OpenProposal] = field(default_factory=list)

    @property
    def reply_rate(self) -> float | None:
        """办复率: proposals answered at least once among those filed and approved."""
        return rate(self.answered, self.approved)

    @property
    def satisfied_rate(self) -> float | None:
        """满意率: latest rating 满意 among the rated proposals."""
        return rate(self.ratings.get("satisfied", 0), self.rated)

    @property
    def basically_rate(self) -> float | None:
        """基本满意率, shown apart from 满意."""
        return rate(self.ratings.get("basically_satisfied", 0), self.rated)

    @property
    def unsatisfied_rate(self) -> float | None:
        """不满意 among the rated proposals."""
        return rate(self.ratings.get("unsatisfied", 0), self.rated)

    @property
    def on_time_rate(self) -> float | None:
        """Answers given by the deadline among the answered proposals."""
        return rate(self.on_time, self.on_time + self.late)


def _local_date(value: datetime) -> date:
    """A stored UTC datetime as the school's calendar day."""
    return value.replace(tzinfo=ZoneInfo("UTC")).astimezone(LOCAL_TZ).date()


def proposal_report(session: Session, congress: CongressSession, today: date | None = None,
                    cal: WorkCalendar | None = None) -> ProposalReport:
    """Count, rate and list the proposals of `congress` (drafts count only in by_state)."""
    today = today or date.today()
    cal = cal or WorkCalendar.load(session)
    proposals = list(session.scalars(
        select(Proposal).where(Proposal.session_id == congress.id).order_by(Proposal.id)))
    rep = ProposalReport(session=congress, today=today)
    states = Counter(p.state for p in proposals)
    rep.by_state = {s: states[s] for s in get("proposal").states if states[s]}
    submitted = [p for p in proposals if p.state != "draft"]
    rep.total = len(submitted)
    filed = [p for p in submitted if p.state in FILED]
    rep.filed = len(filed)
    rep.not_filed_by_state = {s: states[s] for s in NOT_FILED if states[s]}
    rep.not_filed = sum(rep.not_filed_by_state.values())
    rep.pending = sum(1 for p in submitted if p.state in PENDING)
    rep.by_category = dict(Counter(p.category.name if p.category else UNSET for p in filed)
                           .most_common())
    rep.by_department = dict(Counter(p.department.name if p.department else NO_DEPARTMENT
                                     for p in filed).most_common())
    approved = [p for p in filed if p.state in APPROVED]
    rep.approved = len(approved)
    rep.answered = sum(1 for p in approved if p.answers)
    latest = [p.ratings[-1].rating for p in approved if p.ratings]
    rep.rated, rep.ratings = len(latest), dict(Counter(latest))
    rep.answer_classes = dict(sorted(Counter(p.answers[-1].answer_class
                                             for p in approved if p.answers).items()))
    for p in approved:
        due = answer_due(cal, p)
        if due is None:
            continue
        if p.answers:
            if _local_date(p.answers[0].created_at) <= due:
                rep.on_time += 1
            else:
                rep.late += 1
        elif today > due:
            rep.overdue_unanswered += 1
    for p in submitted:
        if p.state in OPEN:
            due = answer_due(cal, p) if p.state == "handling" and not p.answers else None
            rep.open.append(OpenProposal(
                p, cal.workdays_between(_local_date(p.state_since), today), due,
                due is not None and today > due))
    rep.open.sort(key=lambda o: (not o.overdue, -o.days_waiting, o.proposal.id))
    return rep


@dataclass
class StageStat:
    """How long documents of one kind waited in one state, in working days."""

    kind: str
    state: str
    stays: int = 0
    median: float | None = None
    slowest: int | None = None
    slowest_doc: int | None = None
    waiting_now: int = 0
    longest_now: int | None = None


def _parse_at(value: str) -> datetime:
    """An audit `at` (UTC ISO-8601 with Z) as an aware datetime."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def time_in_stage(session: Session, today: date | None = None,
                  cal: WorkCalendar | None = None) -> list[StageStat]:
    """Per kind and non-final state: completed stays (median, slowest) and who waits there now.

    A stay starts with the audit entry whose `to_state` is the state (from another state, or
    `create`) and ends with the next entry that leaves it; `at` days are the school's days.
    """
    today = today or date.today()
    cal = cal or WorkCalendar.load(session)
    stays: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    current: dict[tuple[str, str], list[int]] = defaultdict(list)
    entered: dict[tuple[str, int], tuple[str, date]] = {}
    rows = session.execute(select(AuditEntry.kind, AuditEntry.doc_id, AuditEntry.from_state,
                                  AuditEntry.to_state, AuditEntry.at)
                           .order_by(AuditEntry.seq))
    for kind, doc_id, src, dest, at in rows:
        if dest is None or src == dest:
            continue
        day = _parse_at(at).astimezone(LOCAL_TZ).date()
        key = (kind, doc_id)
        if key in entered:
            state, since = entered[key]
            stays[(kind, state)].append((cal.workdays_between(since, day), doc_id))
        entered[key] = (dest, day)
    for (kind, _doc), (state, since) in entered.items():
        current[(kind, state)].append(cal.workdays_between(since, today))
    out = []
    for kind in ("plan", "proposal"):
        definition = get(kind)
        for state in definition.states:
            if state in definition.final_states:
                continue
            done, now = stays.get((kind, state), []), current.get((kind, state), [])
            stat = StageStat(kind, state, stays=len(done), waiting_now=len(now))
            if done:
                stat.median = float(statistics.median(d for d, _ in done))
                stat.slowest, stat.slowest_doc = max(done, key=lambda s: (s[0], -s[1]))
            if now:
                stat.longest_now = max(now)
            out.append(stat)
    return out


@dataclass
class EntryProgress:
    """One month heading of a plan and its items grouped by tracking status."""

    label: str
    done: list[Any] = field(default_factory=list)
    cancelled: list[Any] = field(default_factory=list)
    open: list[Any] = field(default_factory=list)


def plan_progress(plan: Plan) -> list[EntryProgress]:
    """Per schedule entry, the items that were done, cancelled or left open."""
    out = []
    for entry in plan.schedule:
        row = EntryProgress(entry.label)
        for item in entry.items:
            group = item.status if item.status in ("done", "cancelled") else "open"
            getattr(row, group).append(item)
        out.append(row)
    return out


def track_notes(session: Session | None, plan: Plan) -> dict[int, str]:
    """Per schedule item id, the latest comment given when its status was changed."""
    if session is None:
        return {}
    notes: dict[int, str] = {}
    rows = session.execute(select(AuditEntry.comment, AuditEntry.data).where(
        AuditEntry.kind == "plan", AuditEntry.doc_id == plan.id, AuditEntry.action == "track")
        .order_by(AuditEntry.seq))
    for comment, data in rows:
        item_id = json.loads(data or "{}").get("item")
        if comment and isinstance(item_id, int):
            notes[item_id] = comment.strip()
    return notes


def _item_line(item: Any, notes: dict[int, str] | None = None) -> str:
    """An item as a summary line: text, owner, status (if open) and the owner's note."""
    text = item.text.rstrip("。；;")
    extra = []
    if item.owner is not None:
        extra.append(f"负责人：{item.owner.name}")
    if item.status not in ("done", "cancelled"):
        extra.append(label(ITEM_STATUS, item.status))
    note = (item.note or "").strip() or (notes or {}).get(item.id, "")
    if note:
        extra.append(f"说明：{note.rstrip('。；;')}")
    return f"{text}" + (f"（{'；'.join(extra)}）" if extra else "") + "。"


def summary_draft(plan: Plan, session: Session | None = None) -> str:
    """A 年度工作总结 draft from the tracking board, for the drafter to edit before `close`.

    Owners' notes come from the items and from the comments given when they were tracked.
    """
    notes = track_notes(session or object_session(plan), plan)
    progress = plan_progress(plan)
    items = plan.all_items()
    counts = Counter(i.status for i in items)
    done, cancelled = counts["done"], counts["cancelled"]
    left = len(items) - done - cancelled
    lines = [f"{plan.title.removesuffix('（草稿）')}执行情况总结（草稿）", ""]
    lines.append("一、总体情况")
    share = percent(rate(done, len(items) - cancelled))
    lines.append(f"本年度工作计划共安排月度工作{len(items)}项，已完成{done}项，"
                 f"取消{cancelled}项，未完成{left}项"
                 + (f"（其中进行中{counts['in_progress']}项）" if counts["in_progress"] else "")
                 + f"，完成率{share}（不计取消事项）。")
    lines += ["", "二、分月完成情况"]
    for row in progress:
        lines.append(f"{row.label}：")
        for title, group in (("已完成", row.done), ("已取消", row.cancelled),
                             ("未完成", row.open)):
            for pos, item in enumerate(group, start=1):
                prefix = f"{title}：" if pos == 1 else "　　　"
                lines.append(f"　　{prefix}{_item_line(item, notes)}")
        if not (row.done or row.cancelled or row.open):
            lines.append("　　（本月无安排事项）")
    open_items = [i for r in progress for i in r.open]
    lines += ["", "三、存在的问题与未完成事项"]
    if open_items:
        for pos, item in enumerate(open_items, start=1):
            lines.append(f"{pos}．{_item_line(item, notes)}")
    lines.append("（请补充未完成或取消的原因。）")
    lines += ["", "四、下一年度工作打算", "（请填写。）"]
    return "\n".join(lines)



def congress_sessions(session: Session) -> list[CongressSession]:
    """Every congress session, newest first (for choosing a report)."""
    return list(session.scalars(select(CongressSession).order_by(
        CongressSession.year.desc(), CongressSession.id.desc())))


def summarisable_plans(session: Session) -> list[Plan]:
    """Published and closed plans, newest first (those a 年度工作总结 is written for)."""
    return list(session.scalars(select(Plan).where(Plan.state.in_(("published", "closed")))
                                .order_by(Plan.year.desc(), Plan.id.desc())))
