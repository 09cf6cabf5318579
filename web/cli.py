"""The `unionflow` command line: a FlaskGroup, so `run` and `db upgrade` work too."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from web import create_app


def _session():  # type: ignore[no-untyped-def]
    """A new database session for one command."""
    return current_app.extensions["unionflow.sessionmaker"]()


def _engine():  # type: ignore[no-untyped-def]
    """The app's database engine."""
    return current_app.extensions["unionflow.engine"]


def _fail(message: str) -> None:
    """Print `message` to stderr and exit 1."""
    click.echo(message, err=True)
    sys.exit(1)


@click.group(cls=FlaskGroup, create_app=create_app)
def main() -> None:
    """unionflow: work plans and staff-congress proposals of the school trade union."""


@main.command("init")
@with_appcontext
def init_cmd() -> None:
    """Create or upgrade the database schema (idempotent)."""
    from workflow.migrate import upgrade

    upgrade(_engine())
    click.echo(f"database ready: {_engine().url.render_as_string(hide_password=True)}")


@main.command("demo")
@with_appcontext
def demo_cmd() -> None:
    """Load demo data if the database has no users yet (idempotent)."""
    from workflow import demo
    from workflow.migrate import upgrade

    upgrade(_engine())
    with _session() as session:
        if demo.load(session):
            session.commit()
            click.echo("demo data loaded; users: " + ", ".join(u[0] for u in demo.USERS)
                       + f" (password: {demo.PASSWORD})")
        else:
            click.echo("database already has users; demo data not loaded")


@main.group("user")
def user_group() -> None:
    """Manage users."""


@user_group.command("create")
@click.argument("name")
@click.option("--role", "roles", multiple=True, required=True, help="a role; repeat for more")
@click.option("--department", default=None, help="department (created if new)")
@click.option("--display-name", default="", help="name shown in the UI")
@with_appcontext
def user_create(name: str, roles: tuple[str, ...], department: str | None,
                display_name: str) -> None:
    """Create user NAME; the password is read from standard input."""
    from workflow.errors import Refused
    from workflow.users import create_user

    password = sys.stdin.readline().rstrip("\r\n")
    with _session() as session:
        try:
            user = create_user(session, name, password, roles, department, display_name)
        except Refused as exc:
            _fail(exc.message())
        session.commit()
        click.echo(f"created user {user.username} ({' '.join(sorted(user.roles))})")


@main.group("workflow")
def workflow_group() -> None:
    """Workflow definitions in states/."""


@workflow_group.command("check")
def workflow_check() -> None:
    """Validate every definition file in states/."""
    from workflow.definitions import DefinitionError, load_all

    try:
        defs = load_all()
    except DefinitionError as exc:
        _fail(str(exc))
    for d in defs.values():
        click.echo(f"{d.path}: ok ({len(d.states)} states, {len(d.actions)} actions)")


@workflow_group.command("diagram")
@click.argument("kind")
@click.option("--lang", default="zh_Hans", type=click.Choice(["zh_Hans", "zh_Hant", "en"]))
def workflow_diagram(kind: str, lang: str) -> None:
    """Print the Mermaid diagram of KIND (plan or proposal)."""
    from workflow.definitions import definitions
    from workflow.diagram import mermaid

    if kind not in definitions():
        _fail(f"unknown kind {kind!r}; known: {', '.join(definitions())}")
    click.echo(mermaid(definitions()[kind], lang), nl=False)


@main.group("audit")
def audit_group() -> None:
    """The hash-chained audit log."""


@audit_group.command("verify")
@with_appcontext
def audit_verify() -> None:
    """Check the whole chain; exit 1 naming the first bad seq."""
    from workflow.audit import verify

    with _session() as session:
        verdict = verify(session)
    if not verdict.ok:
        _fail(f"audit chain broken at seq {verdict.bad_seq}: {verdict.problem}")
    click.echo(f"audit chain ok: {verdict.count} entries")


@audit_group.command("export")
@with_appcontext
def audit_export() -> None:
    """Print every entry as one JSON object per line."""
    from workflow.audit import export_lines

    with _session() as session:
        for line in export_lines(session):
            click.echo(line)


def _parse_fields(pairs: tuple[str, ...]) -> dict[str, Any]:
    """`k=v` pairs; a key given twice (or a value with commas for lists) becomes a list."""
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected key=value, got {pair!r}", param_hint="--field")
        key = key.strip()
        if key in out:
            out[key] = [*out[key], value] if isinstance(out[key], list) else [out[key], value]
        else:
            out[key] = value.split(",") if key.endswith("departments") else value
    return out


@main.command("fire")
@click.argument("kind")
@click.argument("doc_id", type=int)
@click.argument("action")
@click.option("--as", "actor", required=True, help="username of the person acting")
@click.option("--comment", default=None)
@click.option("--field", "fields", multiple=True, help="key=value; repeat for more")
@click.option("--expected-version", type=int, default=None)
@with_appcontext
def fire_cmd(kind: str, doc_id: int, action: str, actor: str, comment: str | None,
             fields: tuple[str, ...], expected_version: int | None) -> None:
    """Take ACTION on document DOC_ID of KIND as a user; refusals exit 1 with the reason."""
    from workflow import engine
    from workflow.errors import Refused
    from workflow.repo import load_document
    from workflow.users import by_username

    with _session() as session:
        user = by_username(session, actor)
        if user is None:
            _fail(f"unknown user {actor!r}")
        doc = load_document(session, kind, doc_id)
        if doc is None:
            _fail(f"no {kind} with id {doc_id}")
        try:
            entry = engine.fire(session, doc, action, user, comment=comment,
                                fields=_parse_fields(fields), expected_version=expected_version)
        except Refused as exc:
            session.rollback()
            _fail(exc.message())
        session.commit()
        click.echo(json.dumps({"seq": entry.seq, "from": entry.from_state, "to": entry.to_state,
                               "version": doc.version}, ensure_ascii=False))
