"""Flask application factory of unionflow."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, g

from workflow.db import database_url, make_engine, make_sessionmaker


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; `config` overrides settings (tests pass their database URL)."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(
        SECRET_KEY=os.environ.get("UNIONFLOW_SECRET_KEY") or _dev_secret(app),
        DATABASE_URL=database_url(),
    )
    app.config.update(config or {})
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["unionflow.engine"] = engine
    app.extensions["unionflow.sessionmaker"] = make_sessionmaker(engine)

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db", None)
        if session is not None:
            session.close()

    @app.get("/")
    def index() -> str:
        return "unionflow"

    return app


def _dev_secret(app: Flask) -> str:
    """A per-installation secret kept in the instance folder when none is configured."""
    path = os.path.join(app.instance_path, "secret_key")
    try:
        with open(path, encoding="ascii") as fh:
            return fh.read().strip()
    except FileNotFoundError:
        os.makedirs(app.instance_path, exist_ok=True)
        secret = os.urandom(32).hex()
        with open(path, "w", encoding="ascii") as fh:
            fh.write(secret)
        return secret


def db():  # type: ignore[no-untyped-def]
    """The request's database session (opened on first use, closed at teardown)."""
    from flask import current_app

    if "db" not in g:
        g.db = current_app.extensions["unionflow.sessionmaker"]()
    return g.db
