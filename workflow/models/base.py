"""Declarative base, naming convention and the document mixin."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Now in UTC, without tzinfo (stored as UTC everywhere)."""
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    """Base of every model."""

    metadata = MetaData(naming_convention=NAMING)


class DocumentMixin:
    """Columns every workflow document has: state, version, author, timestamps."""

    kind: str = ""
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    state_since: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @declared_attr
    def author_id(cls) -> Mapped[int]:
        """The user who wrote the document."""
        return mapped_column(ForeignKey("users.id"), index=True)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        """Optimistic locking: every UPDATE checks the version it read."""
        return {"version_id_col": cls.version, "version_id_generator": False}
