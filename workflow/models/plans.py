"""Annual work plan (工会工作计划): sections and the month schedule."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.base import Base, DocumentMixin
from workflow.models.directory import User

ITEM_STATUSES = ("planned", "in_progress", "done", "cancelled")


class Plan(DocumentMixin, Base):
    """A year's work plan of the union."""

    __tablename__ = "plans"
    kind = "plan"
    title: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer, index=True)
    organisation: Mapped[str] = mapped_column(String(200), default="")
    principles: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[User] = relationship(lazy="joined")
    sections: Mapped[list[PlanSection]] = relationship(
        back_populates="plan", order_by="PlanSection.position", cascade="all, delete-orphan",
        lazy="selectin")
    schedule: Mapped[list[ScheduleEntry]] = relationship(
        back_populates="plan", order_by="ScheduleEntry.position", cascade="all, delete-orphan",
        lazy="selectin")

    def all_items(self) -> list[ScheduleItem]:
        """Every schedule item, in schedule order."""
        return [item for entry in self.schedule for item in entry.items]


class PlanSection(Base):
    """A numbered section (一、…) of tasks."""

    __tablename__ = "plan_sections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(20), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    plan: Mapped[Plan] = relationship(back_populates="sections")
    items: Mapped[list[PlanSectionItem]] = relationship(
        back_populates="section", order_by="PlanSectionItem.position",
        cascade="all, delete-orphan", lazy="selectin")


class PlanSectionItem(Base):
    """One task text inside a section."""

    __tablename__ = "plan_section_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    section_id: Mapped[int] = mapped_column(
        ForeignKey("plan_sections.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    section: Mapped[PlanSection] = relationship(back_populates="items")


class ScheduleEntry(Base):
    """A month heading of the schedule, label as written, months it covers."""

    __tablename__ = "schedule_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(100))
    months: Mapped[list[int]] = mapped_column(JSON, default=list)
    plan: Mapped[Plan] = relationship(back_populates="schedule")
    items: Mapped[list[ScheduleItem]] = relationship(
        back_populates="entry", order_by="ScheduleItem.position", cascade="all, delete-orphan",
        lazy="selectin")


class ScheduleItem(Base):
    """A scheduled task, its owner and tracking status."""

    __tablename__ = "schedule_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("schedule_entries.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default="planned")
    note: Mapped[str] = mapped_column(Text, default="")
    status_at: Mapped[datetime | None] = mapped_column(DateTime)
    entry: Mapped[ScheduleEntry] = relationship(back_populates="items")
    owner: Mapped[User | None] = relationship(lazy="joined")
