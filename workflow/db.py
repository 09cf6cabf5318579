"""Database engine and sessions, for SQLite and PostgreSQL alike."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{ROOT / 'instance' / 'unionflow.db'}"


def database_url() -> str:
    """The configured database URL (`UNIONFLOW_DATABASE_URL`), SQLite by default."""
    return os.environ.get("UNIONFLOW_DATABASE_URL") or DEFAULT_URL


def _sqlite_setup(engine: Engine) -> None:
    """Foreign keys on, a busy timeout, and real transactions (for SAVEPOINT).

    Every transaction starts with BEGIN IMMEDIATE: SQLite then serialises writers up front
    (waiting up to the busy timeout) instead of failing with "database is locked" when two
    transactions that both read first try to write.
    """

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str | None = None, **kwargs: object) -> Engine:
    """Create an engine for `url` (default: the configured one)."""
    url = url or database_url()
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)  # type: ignore[arg-type]
    if engine.dialect.name == "sqlite":
        _sqlite_setup(engine)
    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to `engine`."""
    return sessionmaker(bind=engine, expire_on_commit=False)
