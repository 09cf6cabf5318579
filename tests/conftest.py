"""Shared fixtures: migrated databases (SQLite always, PostgreSQL when configured), people."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from workflow.db import make_engine, make_sessionmaker
from workflow.migrate import upgrade
from workflow.models import Base, Category, CongressSession, Department

pytest_plugins = ["web_fixtures", "e2e_fixtures"]

PG_URL = os.environ.get("UNIONFLOW_TEST_DATABASE_URL")
PG_SKIP = "UNIONFLOW_TEST_DATABASE_URL is not set (PostgreSQL tests need a server)"


def _migrated_sqlite(path: Path) -> Path:
    """Create an SQLite file at `path` with the schema from the migrations."""
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty SQLite database, copied for every test that needs one."""
    return _migrated_sqlite(tmp_path_factory.mktemp("template") / "empty.db")


@pytest.fixture(scope="session")
def pg_engine() -> Iterator[Engine]:
    """The PostgreSQL test database, schema rebuilt from the migrations once per run."""
    if not PG_URL:
        pytest.skip(PG_SKIP)
    engine = make_engine(PG_URL, pool_size=12, max_overflow=4)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    yield engine
    engine.dispose()


def reset_pg(engine: Engine) -> None:
    """Empty every table of the PostgreSQL test database."""
    names = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        conn.execute(text("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, :h)"),
                     {"h": "0" * 64})


def sqlite_copy(template: Path, tmp_path: Path) -> Engine:
    """An engine on a fresh copy of `template`."""
    path = tmp_path / "test.db"
    shutil.copy(template, path)
    return make_engine(f"sqlite:///{path}")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_engine(request: pytest.FixtureRequest, sqlite_template: Path,
              tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty database: each test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        engine = sqlite_copy(sqlite_template, tmp_path)
        yield engine
        engine.dispose()
    else:
        engine = request.getfixturevalue("pg_engine")
        reset_pg(engine)
        yield engine


@pytest.fixture
def sqlite_engine(sqlite_template: Path, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty SQLite database only."""
    engine = sqlite_copy(sqlite_template, tmp_path)
    yield engine
    engine.dispose()


@pytest.fixture
def session(db_engine: Engine) -> Iterator[Session]:
    """A session on the parametrised database."""
    with make_sessionmaker(db_engine)() as s:
        yield s


def add_people(session: Session, today: date | None = None) -> SimpleNamespace:
    """Departments, categories, a congress session and one user per role."""
    from workflow.users import create_user

    today = today or date.today()
    depts = {n: Department(name=n) for n in ("后勤处", "教务处", "办公室")}
    cats = {n: Category(name=n) for n in ("后勤保障", "教育教学")}
    session.add_all([*depts.values(), *cats.values()])
    congress = CongressSession(name="第一届第一次", year=2026, cosign_threshold=2,
                               answer_deadline_days=10, opens_on=today - timedelta(days=10),
                               closes_on=today + timedelta(days=10))
    session.add(congress)
    session.flush()
    spec = {
        "drafter": ["drafter", "staff"], "drafter2": ["drafter", "staff"],
        "chair": ["chair", "staff"], "committee": ["committee", "staff"],
        "secretary": ["secretary", "staff"], "rep1": ["representative", "staff"],
        "rep2": ["representative", "staff"], "rep3": ["representative", "staff"],
        "rep4": ["representative", "staff"], "staff": ["staff"], "admin": ["admin"],
        "drafting_chair": ["drafter", "chair", "committee"],
    }
    users = {name: create_user(session, name, "secret", roles) for name, roles in spec.items()}
    users["handler"] = create_user(session, "handler", "secret", ["handler", "staff"], "后勤处")
    users["handler2"] = create_user(session, "handler2", "secret", ["handler", "staff"], "教务处")
    session.flush()
    return SimpleNamespace(depts=depts, cats=cats, congress=congress, **users)


@pytest.fixture
def people(session: Session) -> SimpleNamespace:
    """Everyone the workflow tests need, on the parametrised database."""
    return add_people(session)


def _cheap_hash(password: str) -> str:
    """A fast (insecure) password hash, so fixtures with many users stay quick."""
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password, method="pbkdf2:sha256:1")


@pytest.fixture
def fast_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `workflow.users.create_user` hash with one PBKDF2 round (tests only)."""
    monkeypatch.setattr("workflow.users.hash_password", _cheap_hash)


@pytest.fixture(autouse=True)
def _push_request_context() -> Iterator[None]:
    """Replace pytest-flask's shared request context: each client request gets its own
    application context, as in production (so `g` caches never leak between requests)."""
    yield
