"""Alembic environment: the URL comes from the config (set by unionflow) or the environment."""

from alembic import context
from sqlalchemy import pool

from workflow.db import database_url, make_engine
from workflow.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    """The database to migrate."""
    return config.get_main_option("sqlalchemy.url") or database_url()


def run_offline() -> None:
    """Emit SQL without a connection."""
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Migrate over a live connection (reused when the caller passed one)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    """Configure and run the migrations in one transaction."""
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
