"""People and reference data: users, departments, congress sessions, categories."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.base import Base, utcnow


class Department(Base):
    """A school department that may handle proposals (e.g. 后勤处)."""

    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class User(Base):
    """A person who logs in; roles are a space-separated list."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    roles_text: Mapped[str] = mapped_column("roles", String(255), default="")
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    department: Mapped[Department | None] = relationship(lazy="joined")

    @property
    def roles(self) -> frozenset[str]:
        """The roles this user holds."""
        return frozenset(self.roles_text.split())

    @roles.setter
    def roles(self, value: object) -> None:
        self.roles_text = " ".join(sorted(set(value)))  # type: ignore[call-overload]

    @property
    def name(self) -> str:
        """Name to show: display name, else username."""
        return self.display_name or self.username

    # The session-login protocol (is_authenticated, is_active, get_id) without importing it.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        """Disabled users cannot log in."""
        return bool(self.active)

    def get_id(self) -> str:
        """Identifier kept in the login session: id plus a slice of the password hash."""
        return f"{self.id}:{self.password_hash[-12:]}"


class CongressSession(Base):
    """A staff-congress session (届次) collecting proposals."""

    __tablename__ = "congress_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    cosign_threshold: Mapped[int] = mapped_column(Integer, default=2)
    answer_deadline_days: Mapped[int] = mapped_column(Integer, default=20)
    filed_count: Mapped[int] = mapped_column(Integer, default=0)


class Category(Base):
    """A proposal category (教学科研, 后勤保障, …)."""

    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class CalendarOverride(Base):
    """An admin-entered correction: a holiday or a make-up workday (调休)."""

    __tablename__ = "calendar_overrides"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(100), default="")


class Notification(Base):
    """A message to one user (e.g. their co-signature lapsed), rendered in their language."""

    __tablename__ = "notifications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    doc_id: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
