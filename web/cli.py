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


@main.group("db")
def db_group() -> None:
    """Database migrations (Alembic)."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Upgrade the schema to REVISION (default: the newest)."""
    from workflow.migrate import upgrade

    upgrade(_engine(), revision)
    click.echo(f"upgraded to {revision}")


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision: str) -> None:
    """Downgrade the schema to REVISION ('base' removes every table)."""
    from workflow.migrate import downgrade

    downgrade(_engine(), revision)
    click.echo(f"downgraded to {revision}")


@db_group.command("current")
@with_appcontext
def db_current() -> None:
    """Print the schema revision of the database."""
    from alembic.runtime.migration import MigrationContext

    with _engine().connect() as conn:
        click.echo(MigrationContext.configure(conn).get_current_revision() or "(empty)")


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


@main.command("import-plan")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="print the parsed plan; save nothing")
@click.option("--as", "actor", default=None, help="save as this user's draft; print its id")
@click.option("--year", type=int, default=None, help="plan year (default: from the title)")
def import_plan_cmd(file: str, as_json: bool, actor: str | None, year: int | None) -> None:
    """Read a plan from a .txt (UTF-8, GB18030, Big5) or .docx FILE."""
    from pathlib import Path

    from workflow.plan_import import PlanImportError, decode_upload, parse_plan_text

    if as_json == bool(actor):
        _fail("give exactly one of --json or --as USER")
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        _fail(f"cannot read {file}: {exc.strerror}")
    try:
        parsed = parse_plan_text(decode_upload(data, file))
    except PlanImportError as exc:
        _fail(str(exc))
    if as_json:
        click.echo(json.dumps(parsed, ensure_ascii=False))
        return
    _save_imported(parsed, actor or "", year, Path(file).stem if file != "-" else "导入的工作计划")


def _import_attrs(parsed: dict[str, Any], year: int | None, stem: str) -> dict[str, Any]:
    """Draft content for the import; the year comes from the title unless given."""
    from datetime import date

    from workflow.plan_import import draft_content, guess_year

    title = (parsed.get("title") or "").strip() or stem
    return draft_content(parsed, year or guess_year(title, date.today().year), title)


@with_appcontext
def _save_imported(parsed: dict[str, Any], actor: str, year: int | None, stem: str) -> None:
    """Create the imported plan as `actor`'s draft and print its id."""
    from workflow import engine
    from workflow.errors import Refused
    from workflow.users import by_username

    with _session() as session:
        user = by_username(session, actor)
        if user is None:
            _fail(f"unknown user {actor!r}")
        try:
            plan = engine.create(session, "plan", user,
                                 **_import_attrs(parsed, year, stem))
        except Refused as exc:
            session.rollback()
            _fail(exc.message())
        session.commit()
        click.echo(plan.id)


@main.command("export")
@click.argument("kind", type=click.Choice(["plan", "proposal"]))
@click.argument("doc_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["docx", "pdf"]), default="docx")
@click.option("--output", "-o", default=None, help="file to write ('-' for stdout); "
              "default: the document's title in the current directory")
@click.option("--lang", default="zh_Hans", type=click.Choice(["zh_Hans", "zh_Hant"]),
              help="script of the text (zh_Hant converts to Traditional)")
@with_appcontext
def export_cmd(kind: str, doc_id: int, fmt: str, output: str | None, lang: str) -> None:
    """Write plan or proposal DOC_ID as .docx or PDF."""
    from workflow.exports import plan_file, proposal_file
    from workflow.exports.pdf import PdfUnavailable
    from workflow.repo import load_document

    with _session() as session:
        doc = load_document(session, kind, doc_id)
        if doc is None:
            _fail(f"no {kind} with id {doc_id}")
        try:
            export = (plan_file if kind == "plan" else proposal_file)(session, doc, fmt, lang)
        except PdfUnavailable as exc:
            _fail(f"PDF export is not available here: {exc}")
    if output == "-":
        sys.stdout.buffer.write(export.data)
        sys.stdout.buffer.flush()
        return
    path = output or export.filename
    with open(path, "wb") as fh:
        fh.write(export.data)
    click.echo(path)
