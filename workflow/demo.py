"""Demo data for a new installation, made by firing real actions (so the audit log is real)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow import engine
from workflow.models import Category, CongressSession, Department, Plan, User
from workflow.users import create_user

PASSWORD = "demo"
DEPARTMENTS = ("后勤处", "教务处", "办公室", "人事处", "学生处")
CATEGORIES = ("教育教学", "后勤保障", "福利待遇", "民主管理", "其他")
USERS = (
    ("admin", "系统管理员", ["admin", "staff"], None),
    ("drafter", "王丽（工会干事）", ["drafter", "staff"], None),
    ("chair", "李建国（工会主席）", ["chair", "staff", "representative"], None),
    ("committee", "张敏（工会委员）", ["committee", "staff"], None),
    ("secretary", "陈志强（党支部书记）", ["secretary", "staff"], None),
    ("rep1", "刘芳（语文组）", ["representative", "staff"], None),
    ("rep2", "赵磊（数学组）", ["representative", "staff"], None),
    ("rep3", "孙静（英语组）", ["representative", "staff"], None),
    ("handler", "周强（后勤处）", ["handler", "staff"], "后勤处"),
)

PLAN_2026: dict[str, Any] = {
    "title": "2026年学校工会工作计划", "year": 2026, "organisation": "XX中学工会委员会",
    "principles": "坚持以习近平新时代中国特色社会主义思想为指导，在学校党支部的领导下，"
                  "围绕学校教育教学中心工作，认真履行维护、建设、参与、教育四项职能，"
                  "团结带领全体教职工为办人民满意的教育贡献力量。",
    "sections": [
        {"number": "一", "title": "加强民主管理，推进校务公开",
         "items": ["按期召开教职工代表大会，做好提案征集与办理工作。",
                   "坚持校务公开，重大事项经教代会审议。"]},
        {"number": "二", "title": "关心教职工生活，做好服务工作",
         "items": ["做好节日慰问、困难教职工帮扶工作。", "组织教职工健康体检。"]},
        {"number": "三", "title": "丰富文体活动，建设教工之家",
         "items": ["组织教职工趣味运动会和登山活动。", "办好教工书屋。"]},
    ],
    "schedule": [
        {"label": "二月份", "months": [2], "items": [
            {"text": "制定本年度工会工作计划。", "owner": "drafter"},
            {"text": "春节前走访慰问困难和退休教职工。", "owner": "chair"}]},
        {"label": "三、四月份", "months": [3, 4], "items": [
            {"text": "开展“三八”妇女节系列活动。", "owner": "committee"},
            {"text": "召开第五届教代会第三次会议，征集提案。", "owner": "chair"}]},
        {"label": "五月份", "months": [5], "items": [
            {"text": "举办教职工趣味运动会。", "owner": "committee"}]},
        {"label": "七至八月份", "months": [7, 8], "items": [
            {"text": "组织教职工暑期健康体检。", "owner": "drafter"},
            {"text": "暑期疗休养活动。", "owner": "committee"}]},
        {"label": "九月份", "months": [9], "items": [
            {"text": "庆祝教师节，表彰优秀教职工。", "owner": "chair"},
            {"text": "新教师入会，调整工会小组。", "owner": "drafter"}]},
        {"label": "十二月份", "months": [12], "items": [
            {"text": "年终工作总结，评选先进工会小组。", "owner": "drafter"}]},
    ],
}


def _plan(year: int, title: str, schedule_labels: list[tuple[str, list[int], list[str]]]) -> dict:
    """A smaller plan for the other demo states."""
    return {
        "title": title, "year": year, "organisation": "XX中学工会委员会",
        "principles": "围绕学校中心工作，发挥工会桥梁纽带作用，维护教职工合法权益。",
        "sections": [{"number": "一", "title": "加强教职工思想政治建设",
                      "items": ["组织教职工学习《工会法》《教师法》。"]}],
        "schedule": [{"label": label, "months": months, "items": items}
                     for label, months, items in schedule_labels],
    }


def is_empty(session: Session) -> bool:
    """True when the database has no users yet."""
    return not session.scalar(select(func.count()).select_from(User))


def load(session: Session, today: date | None = None) -> bool:
    """Load the demo data into an empty database; False (and nothing done) otherwise."""
    if not is_empty(session):
        return False
    today = today or date.today()
    for name in DEPARTMENTS:
        session.add(Department(name=name))
    for name in CATEGORIES:
        session.add(Category(name=name))
    session.flush()
    users = {u: create_user(session, u, PASSWORD, roles, dept, display)
             for u, display, roles, dept in USERS}
    _plans(session, users)
    _proposals(session, users, today)
    return True


def _plans(session: Session, u: dict[str, User]) -> None:
    """Plans in draft, committee review, party review and published."""
    fire = engine.fire
    engine.create(session, "plan", u["drafter"], **_plan(
        2027, "2027年学校工会工作计划（草稿）",
        [("二月份", [2], ["制定年度工作计划。"]), ("三月份", [3], ["庆祝“三八”妇女节。"])]))
    review = engine.create(session, "plan", u["drafter"], **_plan(
        2026, "2026年秋季学期工会工作安排",
        [("九月份", [9], ["庆祝教师节。", "新会员入会。"]),
         ("十月份", [10], ["重阳节慰问退休教职工。"]),
         ("十一、十二月份", [11, 12], ["教职工冬季长跑比赛。", "学期工作总结。"])]))
    fire(session, review, "submit", u["drafter"])
    party = engine.create(session, "plan", u["drafter"], **_plan(
        2026, "2026年女教职工工作计划",
        [("三月份", [3], ["“三八”节女教职工座谈会。"]),
         ("六月份", [6], ["女教职工专项体检。"])]))
    fire(session, party, "submit", u["drafter"])
    fire(session, party, "committee_return", u["committee"],
         comment="请补充女教职工体检的具体安排。")
    engine.edit(session, party, u["drafter"], {"schedule": [
        {"label": "三月份", "months": [3], "items": ["“三八”节女教职工座谈会。"]},
        {"label": "六月份", "months": [6],
         "items": ["女教职工专项体检（6月中旬，市妇幼保健院）。"]}]})
    fire(session, party, "submit", u["drafter"], comment="已按意见补充体检安排。")
    fire(session, party, "committee_approve", u["chair"], comment="同意。")
    published = engine.create(session, "plan", u["drafter"], **PLAN_2026)
    fire(session, published, "submit", u["drafter"])
    fire(session, published, "committee_approve", u["chair"], comment="同意提交党支部审批。")
    fire(session, published, "party_approve", u["secretary"], comment="同意。")
    fire(session, published, "publish", u["chair"])
    _track(session, published, u)


def _track(session: Session, plan: Plan, u: dict[str, User]) -> None:
    """Move some schedule items along so the tracking board shows every status."""
    statuses = ["done", "done", "done", "in_progress", "done", "in_progress", "cancelled"]
    for item, status in zip(plan.all_items(), statuses, strict=False):
        actor = u[item.owner.username] if item.owner else u["chair"]
        engine.fire(session, plan, "track", actor, fields={"item": item.id, "status": status},
                    comment="已按计划完成。" if status == "done" else None)


def _proposals(session: Session, u: dict[str, User], today: date) -> None:
    """Proposals in draft, seconding, committee review, handling, answered and closed."""
    fire = engine.fire
    sess = CongressSession(name="第五届教职工代表大会第三次会议", year=today.year,
                           opens_on=today - timedelta(days=60),
                           closes_on=today + timedelta(days=120), cosign_threshold=2,
                           answer_deadline_days=20)
    session.add(sess)
    session.flush()
    cat = {c.name: c for c in session.scalars(select(Category))}
    dept = {d.name: d for d in session.scalars(select(Department))}

    def new(author: str, title: str, reason: str, measures: str) -> Any:
        return engine.create(session, "proposal", u[author], session_id=sess.id, title=title,
                             reason=reason, measures=measures)

    def to_committee(doc: Any, cosigners: tuple[str, str]) -> None:
        fire(session, doc, "submit", doc.author)
        for name in cosigners:
            fire(session, doc, "second", u[name])
        fire(session, doc, "forward", doc.author)

    def to_handling(doc: Any, category: str, department: str) -> None:
        fire(session, doc, "file", u["chair"],
             fields={"category": cat[category].id, "department": dept[department].id})
        fire(session, doc, "party_approve", u["secretary"])

    new("rep3", "关于增设教师休息室的建议", "各年级组办公室拥挤，教师课间没有休息的地方。",
        "利用三楼空置教室改建教师休息室，配备饮水机和沙发。")
    seconding = new("rep1", "关于改善教职工午餐质量的建议",
                    "近期教职工食堂菜品单一，口味较重，教职工意见较多。",
                    "成立伙食管理小组，每月征求一次意见，增加清淡菜品。")
    fire(session, seconding, "submit", u["rep1"])
    fire(session, seconding, "second", u["rep2"])
    review = new("rep2", "关于完善青年教师培养机制的建议",
                 "青年教师比例逐年增加，现有师徒结对流于形式。",
                 "制定青年教师三年成长规划，落实师徒结对考核。")
    to_committee(review, ("rep1", "rep3"))
    handling = new("rep1", "关于维修教学楼饮水设备的建议",
                   "教学楼二、三层饮水机多次故障，影响师生饮水。",
                   "全面检修饮水设备，建立定期维护和水质检测制度。")
    to_committee(handling, ("rep2", "rep3"))
    to_handling(handling, "后勤保障", "后勤处")
    answered = new("rep3", "关于增加校园夜间照明的建议",
                   "晚自习后校园西侧道路照明不足，存在安全隐患。",
                   "在西侧道路加装路灯，并定期检查维护。")
    to_committee(answered, ("rep1", "rep2"))
    to_handling(answered, "后勤保障", "后勤处")
    fire(session, answered, "answer", u["handler"],
         fields={"answer": "已完成现场勘查，计划在西侧道路加装6盏太阳能路灯。",
                 "answer_class": "B", "measures": "纳入本学期后勤维修计划。",
                 "completion_date": (today + timedelta(days=30)).isoformat()})
    closed = new("rep1", "关于更换办公室老旧电脑的建议",
                 "部分办公室电脑使用超过八年，运行缓慢，影响备课。",
                 "分批更换使用年限超过六年的办公电脑。")
    to_committee(closed, ("rep2", "rep3"))
    to_handling(closed, "后勤保障", "后勤处")
    fire(session, closed, "answer", u["handler"],
         fields={"answer": "已采购40台办公电脑，分两批完成更换。", "answer_class": "A"})
    fire(session, closed, "accept", u["rep1"], fields={"rating": "satisfied"}, comment="感谢！")
    fire(session, closed, "note", u["chair"], comment="第一批20台已于本月安装到位。")
    fire(session, closed, "complete", u["chair"], comment="已全部更换完毕。")
