"""Staff-congress proposal (教代会提案) and what hangs off it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.base import Base, DocumentMixin, utcnow
from workflow.models.directory import Category, CongressSession, Department, User

ANSWER_CLASSES = ("A", "B", "C", "D")
RATINGS = ("satisfied", "basically_satisfied", "unsatisfied")

assist_departments = Table(
    "proposal_assist_departments",
    Base.metadata,
    Column("proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("departments.id"), primary_key=True),
)


class Proposal(DocumentMixin, Base):
    """A proposal to the staff congress."""

    __tablename__ = "proposals"
    __table_args__ = (UniqueConstraint("session_id", "number"),)
    kind = "proposal"
    session_id: Mapped[int] = mapped_column(ForeignKey("congress_sessions.id"), index=True)
    number: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text, default="")
    measures: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    handling_since: Mapped[datetime | None] = mapped_column(DateTime)
    author: Mapped[User] = relationship(lazy="joined")
    session: Mapped[CongressSession] = relationship(lazy="joined")
    category: Mapped[Category | None] = relationship(lazy="joined")
    department: Mapped[Department | None] = relationship(lazy="joined")
    assist: Mapped[list[Department]] = relationship(secondary=assist_departments, lazy="selectin")
    cosignatures: Mapped[list[Cosignature]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", lazy="selectin",
        order_by="Cosignature.signed_at")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="Answer.id")
    ratings: Mapped[list[Rating]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="Rating.id")
    notes: Mapped[list[ProgressNote]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProgressNote.id")

    @property
    def active_cosigners(self) -> list[Cosignature]:
        """Co-signatures that still count."""
        return [c for c in self.cosignatures if c.lapsed_at is None]


class Cosignature(Base):
    """A representative's co-signature (附议); lapses when the text changes."""

    __tablename__ = "cosignatures"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    lapsed_at: Mapped[datetime | None] = mapped_column(DateTime)
    proposal: Mapped[Proposal] = relationship(back_populates="cosignatures")
    user: Mapped[User] = relationship(lazy="joined")


class Answer(Base):
    """A handling department's answer (答复)."""

    __tablename__ = "answers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    measures: Mapped[str] = mapped_column(Text, default="")
    completion_date: Mapped[date | None] = mapped_column(Date)
    answer_class: Mapped[str] = mapped_column(String(1))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    proposal: Mapped[Proposal] = relationship(back_populates="answers")
    author: Mapped[User] = relationship(lazy="joined")
    department: Mapped[Department | None] = relationship(lazy="joined")


class Rating(Base):
    """The author's rating of an answer."""

    __tablename__ = "ratings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id"))
    rating: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    proposal: Mapped[Proposal] = relationship(back_populates="ratings")


class ProgressNote(Base):
    """A note on how implementation is going."""

    __tablename__ = "progress_notes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    proposal: Mapped[Proposal] = relationship(back_populates="notes")
    author: Mapped[User] = relationship(lazy="joined")
