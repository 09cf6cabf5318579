"""Fixtures for Flask client tests: an app on a copy of a demo database."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from web import create_app
from workflow import demo
from workflow.db import make_engine, make_sessionmaker


@pytest.fixture(scope="session")
def demo_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database with the demo data, made once per run."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with make_sessionmaker(engine)() as session:
        demo.load(session)
        session.commit()
    engine.dispose()
    return path


def _app(demo_template: Path, tmp_path: Path, **config: object) -> Iterator[Flask]:
    """An app on a fresh copy of the demo database."""
    path = tmp_path / "app.db"
    shutil.copy(demo_template, path)
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{path}",
                      "SECRET_KEY": "test-secret", **config})
    yield app
    app.extensions["unionflow.engine"].dispose()


@pytest.fixture
def app(demo_template: Path, tmp_path: Path) -> Iterator[Flask]:
    """The app with demo data; CSRF off so tests can post forms directly."""
    yield from _app(demo_template, tmp_path, WTF_CSRF_ENABLED=False)


@pytest.fixture
def csrf_app(demo_template: Path, tmp_path: Path) -> Iterator[Flask]:
    """The app with CSRF protection on, as in production."""
    yield from _app(demo_template, tmp_path)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client whose requests each end their own contexts, as in production.

    pytest-flask's `client` is used inside `with`, which keeps the last request's context
    (and its database session) pushed; another client's request would then share it.
    """
    return app.test_client()


def login(client: FlaskClient, username: str, password: str = "demo") -> None:
    """Log `username` in through the login form."""
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


@pytest.fixture
def app_session(app: Flask) -> Iterator[object]:
    """A database session on the app's database (for checking what a request changed)."""
    with app.extensions["unionflow.sessionmaker"]() as session:
        yield session
