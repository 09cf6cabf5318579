"""Flask application factory of unionflow."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, g

from workflow.db import database_url, make_engine, make_sessionmaker

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; "
       "style-src-attr 'unsafe-inline'; script-src 'self'; font-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; `config` overrides settings (tests pass their database URL)."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(
        SECRET_KEY=os.environ.get("UNIONFLOW_SECRET_KEY") or _dev_secret(app),
        DATABASE_URL=database_url(),
        BOOTSTRAP_SERVE_LOCAL=True,
        BABEL_DEFAULT_LOCALE="zh_Hans",
        BABEL_TRANSLATION_DIRECTORIES=os.path.join(app.root_path, "translations"),
        WTF_CSRF_TIME_LIMIT=None,  # tokens live as long as the login session
        WTF_I18N_ENABLED=True,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PER_PAGE=20,
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
    )
    app.config.update(config or {})
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["unionflow.engine"] = engine
    app.extensions["unionflow.sessionmaker"] = make_sessionmaker(engine)
    _extensions(app)
    _blueprints(app)

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db", None)
        if session is not None:
            session.close()

    @app.after_request
    def _headers(response):  # type: ignore[no-untyped-def]
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    return app


def _extensions(app: Flask) -> None:
    """Bind Babel, Bootstrap, CSRF and login."""
    from web.extensions import babel, bootstrap, csrf, login_manager
    from web.i18n import load_wtforms_translations, select_locale

    babel.init_app(app, locale_selector=select_locale)
    app.before_request(load_wtforms_translations)
    bootstrap.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None


def _blueprints(app: Flask) -> None:
    """Register every blueprint, the template helpers and the error pages."""
    from web import (
        admin,
        auth,
        errors,
        exports,
        inbox,
        plans,
        proposals,
        public,
        reports,
        templating,
    )

    templating.init_app(app)
    errors.init_app(app)
    for module in (auth, inbox, plans, proposals, public, admin, exports, reports):
        app.register_blueprint(module.bp)


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
