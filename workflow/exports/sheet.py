"""The facts of one proposal as the rows of a 提案表 (shared by the .docx and the PDF)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from workflow.audit import history
from workflow.definitions import get
from workflow.exports.labels import ANSWER_CLASS, RATING, label
from workflow.models import Proposal

COMMITTEE_ACTIONS = ("file", "reject", "merge", "convert")
FIELDS = ("编号", "届次", "提案人", "附议人", "类别", "案由", "理由", "建议", "提案委员会意见",
          "承办部门", "答复", "答复类别", "评价", "办理状态")


@dataclass
class ProposalSheet:
    """Labelled values of a proposal, in the order of a 提案表."""

    title: str
    values: dict[str, str] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, str]]:
        """(label, value) in form order."""
        return [(name, self.values.get(name, "")) for name in FIELDS]


def committee_opinion(session: Session, proposal: Proposal) -> str:
    """The proposal committee's latest decision with its comment (立案/不立案/并案/转为意见建议)."""
    definition = get("proposal")
    for entry in reversed(history(session, "proposal", proposal.id)):
        if entry.action in COMMITTEE_ACTIONS:
            text = definition.actions[entry.action].label("zh_Hans")
            if entry.action == "file" and proposal.department is not None:
                text += f"，交{proposal.department.name}办理"
            if entry.action == "merge" and proposal.merged_into_id:
                target = session.get(Proposal, proposal.merged_into_id)
                if target is not None:
                    text += f"，并入“{target.title}”" + (
                        f"（{target.number}）" if target.number else "")
            return text + (f"。{entry.comment}" if entry.comment else "。")
    return ""


def _answers(proposal: Proposal) -> str:
    """Every answer, oldest first, with planned measures and completion date."""
    parts = []
    many = len(proposal.answers) > 1
    for pos, ans in enumerate(proposal.answers, start=1):
        head = f"第{pos}次答复（{ans.created_at:%Y-%m-%d}）：" if many else ""
        text = head + ans.text
        if ans.measures:
            text += f"\n拟采取措施：{ans.measures}"
        if ans.completion_date:
            text += f"\n计划完成时间：{ans.completion_date:%Y-%m-%d}"
        parts.append(text)
    return "\n".join(parts)


def _ratings(proposal: Proposal) -> str:
    """Every rating of the author, oldest first, with the reason given."""
    many = len(proposal.ratings) > 1
    out = []
    for pos, rating in enumerate(proposal.ratings, start=1):
        text = (f"第{pos}次：" if many else "") + label(RATING, rating.rating)
        if rating.reason:
            text += f"（{rating.reason}）"
        out.append(text)
    return "\n".join(out)


def proposal_sheet(session: Session, proposal: Proposal) -> ProposalSheet:
    """The proposal's 提案表 values in Simplified Chinese (as stored)."""
    p = proposal
    dept = p.department.name if p.department else ""
    if p.assist:
        dept += "（协办：" + "、".join(d.name for d in p.assist) + "）"
    latest = p.answers[-1] if p.answers else None
    return ProposalSheet(
        title=f"{p.session.name}\n提案表",
        values={
            "编号": p.number or "（未立案）",
            "届次": p.session.name,
            "提案人": p.author.name,
            "附议人": "、".join(c.user.name for c in p.active_cosigners),
            "类别": p.category.name if p.category else "",
            "案由": p.title,
            "理由": p.reason,
            "建议": p.measures,
            "提案委员会意见": committee_opinion(session, p),
            "承办部门": dept,
            "答复": _answers(p),
            "答复类别": label(ANSWER_CLASS, latest.answer_class) if latest else "",
            "评价": _ratings(p),
            "办理状态": get("proposal").states[p.state].label("zh_Hans"),
        })
