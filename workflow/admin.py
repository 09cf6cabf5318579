"""Administration without Flask: users, departments, congress sessions, categories, calendar.

Every function takes the database session, validates its input and raises
`workflow.errors.FieldError` (message code from workflow/messages.py; the parameter
`input` names the form field concerned) for bad input. The caller commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from workflow.audit import Verdict, verify
from workflow.definitions import ROLES
from workflow.errors import FieldError
from workflow.models import (
    AuditEntry,
    CalendarOverride,
    Category,
    CongressSession,
    Department,
    Proposal,
    User,
)
from workflow.models.proposals import assist_departments
from workflow.users import MIN_PASSWORD, hash_password

NAME_MAX = 100
NOTE_MAX = 100
YEAR_MIN, YEAR_MAX = 2000, 2100
NUMBER_MAX = 1000
NAME_LABELS = {"zh_Hans": "名称", "zh_Hant": "名稱", "en": "Name"}
DISPLAY_LABELS = {"zh_Hans": "姓名", "zh_Hant": "姓名", "en": "Name"}
NOTE_LABELS = {"zh_Hans": "说明", "zh_Hant": "說明", "en": "Note"}


# --- users -------------------------------------------------------------------------------


def list_users(session: Session) -> list[User]:
    """Every user, active ones first, by username."""
    return list(session.scalars(select(User).order_by(User.active.desc(), User.username)))


def _clean_roles(roles: Iterable[str]) -> frozenset[str]:
    """Known, non-empty roles, or a FieldError."""
    chosen = frozenset(r.strip() for r in roles if r and r.strip())
    unknown = sorted(chosen - ROLES)
    if unknown:
        raise FieldError("role_unknown", role=unknown[0], input="roles")
    if not chosen:
        raise FieldError("roles_required", input="roles")
    return chosen


def _department(session: Session, department_id: int | None,
                keep: int | None = None) -> Department | None:
    """The active department with this id (or the one already kept), None for none."""
    if not department_id:
        return None
    dept = session.get(Department, department_id)
    if dept is None or (not dept.active and dept.id != keep):
        raise FieldError("department_unknown", input="department")
    return dept


def _display_name(name: str) -> str:
    """A display name, trimmed and not too long."""
    name = (name or "").strip()
    if len(name) > NAME_MAX:
        raise FieldError("too_long", field=DISPLAY_LABELS, max=NAME_MAX, input="display_name")
    return name


def _password(password: str, field: str = "password") -> str:
    """A hash of an acceptable new password."""
    if len(password or "") < MIN_PASSWORD:
        raise FieldError("password_short", min=MIN_PASSWORD, input=field)
    if len(password) > 200:
        raise FieldError("too_long", field={"zh_Hans": "密码", "zh_Hant": "密碼",
                                            "en": "Password"}, max=200, input=field)
    return hash_password(password)


def create_user(session: Session, *, username: str, display_name: str, password: str,
                roles: Iterable[str], department_id: int | None = None) -> User:
    """Create an active user; refuses a taken or malformed username and unknown roles."""
    username = (username or "").strip()
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        raise FieldError("username_invalid", input="username")
    taken = session.scalar(select(User.id).where(func.lower(User.username) == username.lower()))
    if taken is not None:
        raise FieldError("username_taken", username=username, input="username")
    user = User(username=username, display_name=_display_name(display_name),
                password_hash=_password(password), active=True)
    user.roles = _clean_roles(roles)
    user.department = _department(session, department_id)
    session.add(user)
    session.flush()
    return user


def update_user(session: Session, user: User, actor: User, *, display_name: str,
                roles: Iterable[str], department_id: int | None) -> User:
    """Change a user's display name, roles and department."""
    chosen = _clean_roles(roles)
    if user.id == actor.id and "admin" in user.roles and "admin" not in chosen:
        raise FieldError("cannot_drop_own_admin", input="roles")
    user.display_name = _display_name(display_name)
    user.roles = chosen
    user.department = _department(session, department_id, keep=user.department_id)
    session.flush()
    return user


def set_active(session: Session, user: User, actor: User, active: bool) -> User:
    """Enable or disable a user (a disabled user's sessions end); not oneself."""
    if not active and user.id == actor.id:
        raise FieldError("cannot_disable_self", input="active")
    user.active = active
    session.flush()
    return user


def reset_password(session: Session, user: User, password: str) -> User:
    """Give a user a new password typed by the admin (their older sessions end)."""
    user.password_hash = _password(password)
    session.flush()
    return user


# --- departments -------------------------------------------------------------------------


def _name(name: str) -> str:
    """A required, trimmed name of at most NAME_MAX characters."""
    name = (name or "").strip()
    if not name:
        raise FieldError("name_required", input="name")
    if len(name) > NAME_MAX:
        raise FieldError("too_long", field=NAME_LABELS, max=NAME_MAX, input="name")
    return name


def _unique_name(session: Session, model: Any, name: str, own_id: int | None = None) -> str:
    """`name` cleaned, if no other row of `model` has it."""
    name = _name(name)
    other = session.scalar(select(model.id).where(model.name == name))
    if other is not None and other != own_id:
        raise FieldError("name_taken", name=name, input="name")
    return name


def departments(session: Session, with_inactive: bool = False) -> list[Department]:
    """Departments by name (only active ones unless `with_inactive`)."""
    query = select(Department).order_by(Department.name)
    if not with_inactive:
        query = query.where(Department.active.is_(True))
    return list(session.scalars(query))


def list_departments(session: Session) -> list[tuple[Department, int]]:
    """Departments (active first, by name) with how many records refer to each."""
    depts = list(session.scalars(
        select(Department).order_by(Department.active.desc(), Department.name)))
    return [(d, department_references(session, d)) for d in depts]


def department_references(session: Session, dept: Department) -> int:
    """How many users and proposals (lead or assisting) refer to `dept`."""
    users = session.scalar(select(func.count()).select_from(User)
                           .where(User.department_id == dept.id)) or 0
    props = session.scalar(select(func.count()).select_from(Proposal).where(or_(
        Proposal.department_id == dept.id,
        Proposal.id.in_(select(assist_departments.c.proposal_id)
                        .where(assist_departments.c.department_id == dept.id))))) or 0
    return users + props


def create_department(session: Session, name: str) -> Department:
    """A new, active department."""
    dept = Department(name=_unique_name(session, Department, name), active=True)
    session.add(dept)
    session.flush()
    return dept


def update_department(session: Session, dept: Department, *, name: str,
                      active: bool) -> Department:
    """Rename a department or (de)activate it."""
    dept.name = _unique_name(session, Department, name, dept.id)
    dept.active = active
    session.flush()
    return dept


def delete_department(session: Session, dept: Department) -> None:
    """Delete a department nobody refers to (otherwise deactivate it instead)."""
    _delete_unused(session, dept, department_references(session, dept), "department_in_use")


def _delete_unused(session: Session, row: Department | Category, uses: int, code: str) -> None:
    """Delete `row`; refused with FieldError `code` while `uses` records refer to it."""
    if uses:
        raise FieldError(code, name=row.name, count=uses, input="name")
    session.delete(row)
    session.flush()


# --- categories --------------------------------------------------------------------------


def category_references(session: Session, cat: Category) -> int:
    """How many proposals are in category `cat`."""
    return session.scalar(select(func.count()).select_from(Proposal)
                          .where(Proposal.category_id == cat.id)) or 0


def list_categories(session: Session) -> list[tuple[Category, int]]:
    """Categories by name with how many proposals use each."""
    cats = list(session.scalars(select(Category).order_by(Category.name)))
    return [(c, category_references(session, c)) for c in cats]


def create_category(session: Session, name: str) -> Category:
    """A new proposal category."""
    cat = Category(name=_unique_name(session, Category, name))
    session.add(cat)
    session.flush()
    return cat


def update_category(session: Session, cat: Category, *, name: str) -> Category:
    """Rename a category."""
    cat.name = _unique_name(session, Category, name, cat.id)
    session.flush()
    return cat


def delete_category(session: Session, cat: Category) -> None:
    """Delete a category no proposal uses."""
    _delete_unused(session, cat, category_references(session, cat), "category_in_use")


# --- congress sessions -------------------------------------------------------------------


@dataclass
class SessionInput:
    """What the admin typed for a congress session."""

    name: str
    year: int | None
    opens_on: date | None
    closes_on: date | None
    cosign_threshold: int | None
    answer_deadline_days: int | None


def _check_session(data: SessionInput) -> None:
    """Year in range, window in order, threshold >= 0, deadline >= 1."""
    if data.year is None or not YEAR_MIN <= data.year <= YEAR_MAX:
        raise FieldError("year_range", min=YEAR_MIN, max=YEAR_MAX, input="year")
    if data.opens_on and data.closes_on and data.closes_on < data.opens_on:
        raise FieldError("window_order", input="closes_on")
    if data.cosign_threshold is None or data.cosign_threshold < 0:
        raise FieldError("threshold_negative", input="cosign_threshold")
    if data.cosign_threshold > NUMBER_MAX:
        raise FieldError("value_too_large", max=NUMBER_MAX, input="cosign_threshold")
    if data.answer_deadline_days is None or data.answer_deadline_days < 1:
        raise FieldError("deadline_min", input="answer_deadline_days")
    if data.answer_deadline_days > NUMBER_MAX:
        raise FieldError("value_too_large", max=NUMBER_MAX, input="answer_deadline_days")


def list_sessions(session: Session) -> list[tuple[CongressSession, int]]:
    """Congress sessions, newest first, with their number of proposals."""
    rows = list(session.scalars(select(CongressSession)
                                .order_by(CongressSession.year.desc(), CongressSession.id.desc())))
    return [(s, session_references(session, s)) for s in rows]


def session_references(session: Session, sess: CongressSession) -> int:
    """How many proposals belong to `sess`."""
    return session.scalar(select(func.count()).select_from(Proposal)
                          .where(Proposal.session_id == sess.id)) or 0


def save_session(session: Session, data: SessionInput,
                 sess: CongressSession | None = None) -> CongressSession:
    """Create a congress session (when `sess` is None) or change one."""
    name = _unique_name(session, CongressSession, data.name, sess.id if sess else None)
    _check_session(data)
    if sess is None:
        sess = CongressSession(name=name, year=data.year, filed_count=0)
        session.add(sess)
    sess.name, sess.year = name, data.year  # type: ignore[assignment]
    sess.opens_on, sess.closes_on = data.opens_on, data.closes_on
    sess.cosign_threshold = data.cosign_threshold  # type: ignore[assignment]
    sess.answer_deadline_days = data.answer_deadline_days  # type: ignore[assignment]
    session.flush()
    return sess


# --- calendar overrides ------------------------------------------------------------------


def list_overrides(session: Session) -> list[CalendarOverride]:
    """Every admin-entered calendar correction, newest day first."""
    return list(session.scalars(select(CalendarOverride).order_by(CalendarOverride.day.desc())))


def set_override(session: Session, day: date | None, is_workday: bool,
                 note: str = "") -> CalendarOverride:
    """Mark `day` as a holiday or a make-up workday (replacing an earlier entry)."""
    if day is None:
        raise FieldError("field_required", field={"zh_Hans": "日期", "zh_Hant": "日期",
                                                  "en": "Date"}, input="day")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise FieldError("too_long", field=NOTE_LABELS, max=NOTE_MAX, input="note")
    row = session.get(CalendarOverride, day)
    if row is None:
        row = CalendarOverride(day=day)
        session.add(row)
    row.is_workday, row.note = bool(is_workday), note
    session.flush()
    return row


def delete_override(session: Session, row: CalendarOverride) -> None:
    """Remove a calendar correction (the package's answer applies again)."""
    session.delete(row)
    session.flush()


# --- dashboard and audit -----------------------------------------------------------------


def counts(session: Session) -> dict[str, int]:
    """Numbers shown on the admin dashboard."""
    def n(model: Any, *where: Any) -> int:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0

    return {
        "users": n(User), "active_users": n(User, User.active.is_(True)),
        "departments": n(Department), "sessions": n(CongressSession),
        "categories": n(Category), "overrides": n(CalendarOverride), "audit": n(AuditEntry),
    }


def audit_overview(session: Session, limit: int = 50) -> tuple[Verdict, list[AuditEntry]]:
    """The chain's verification result and the latest `limit` entries, newest first."""
    verdict = verify(session)
    latest = list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())
                                  .limit(limit)))
    return verdict, latest
