"""Alembic migrations: up, down, up again, and the migrated schema equals the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from workflow.db import make_engine
from workflow.migrate import alembic_config, downgrade, upgrade
from workflow.models import Base

MODEL_TABLES = set(Base.metadata.tables)


def _head() -> str:
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def _current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _sqlite_triggers(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())


def _differences(engine: Engine) -> list:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(ctx, Base.metadata)


def test_upgrade_downgrade_upgrade_on_sqlite(tmp_path: Path) -> None:
    """A fresh file goes to head, back to base (no tables left), and to head again."""
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    try:
        upgrade(engine)
        assert _current(engine) == _head()
        assert set(inspect(engine).get_table_names()) == MODEL_TABLES | {"alembic_version"}
        assert _sqlite_triggers(engine) == {"audit_log_no_update", "audit_log_no_delete"}
        with engine.connect() as conn:  # the chain's head row: nothing appended yet
            assert conn.execute(text("SELECT id, seq, hash FROM audit_head")).all() == [
                (1, 0, "0" * 64)]
        upgrade(engine)  # idempotent
        assert _current(engine) == _head()

        downgrade(engine)
        engine.dispose()
        assert _current(engine) is None
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        assert _sqlite_triggers(engine) == set()

        upgrade(engine)
        engine.dispose()
        assert _current(engine) == _head()
        assert set(inspect(engine).get_table_names()) == MODEL_TABLES | {"alembic_version"}
        assert _differences(engine) == []
    finally:
        engine.dispose()


def test_migrated_sqlite_schema_matches_the_models(sqlite_engine: Engine) -> None:
    """alembic's compare_metadata finds nothing between the migrations and the models."""
    assert _differences(sqlite_engine) == []


def test_migrated_postgresql_schema_matches_the_models(pg_engine: Engine) -> None:
    """The same on PostgreSQL (skipped without UNIONFLOW_TEST_DATABASE_URL)."""
    assert _current(pg_engine) == _head()
    assert _differences(pg_engine) == []
    with pg_engine.connect() as conn:
        triggers = set(conn.execute(text(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass "
            "AND NOT tgisinternal")).scalars())
    assert "audit_log_append_only" in triggers
