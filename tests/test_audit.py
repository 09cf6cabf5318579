"""The audit log: chain format checked independently, append-only triggers, tamper detection."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from click.testing import CliRunner, Result
from helpers import new_plan, plan_in, proposal_in
from sqlalchemy import Engine, exc, text
from sqlalchemy.orm import Session

from workflow import audit, engine

pytestmark = pytest.mark.usefixtures("fast_passwords")

FIELDS = {"seq", "at", "actor", "kind", "doc_id", "action", "from_state", "to_state", "comment",
          "data", "prev_hash", "hash"}
ZEROS = "0" * 64


def _url(session: Session) -> str:
    return session.get_bind().url.render_as_string(hide_password=False)


def _cli(session: Session, *args: str) -> Result:
    """Run `unionflow ARGS` in-process against the test database."""
    from web.cli import main

    session.commit()  # SQLite: no transaction of ours may hold the database lock

    return CliRunner().invoke(main, list(args), env={"UNIONFLOW_DATABASE_URL": _url(session)},
                              catch_exceptions=False)


def _export(session: Session) -> list[dict]:
    result = _cli(session, "audit", "export")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def _my_hash(entry: dict) -> str:
    """The issue's formula, written out independently of workflow.audit."""
    body = {k: v for k, v in entry.items() if k != "hash"}
    raw = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _some_history(session: Session, p: SimpleNamespace) -> int:
    """A few documents and actions of every sort (moves, co-signing, tracking, edits)."""
    plan = plan_in(session, p, "published")
    engine.fire(session, plan, "track", p.staff, fields={
        "item": plan.all_items()[0].id, "status": "done", "note": "已完成“三八”活动"})
    draft = new_plan(session, p, title="2027年计划")
    engine.edit(session, draft, p.drafter, {"title": "2027年学校工会工作计划"}, comment="改标题")
    proposal_in(session, p, "handling")
    session.commit()
    count = audit.verify(session).count
    session.commit()
    return count


def test_export_follows_the_documented_chain_format(session: Session,
                                                    people: SimpleNamespace) -> None:
    """seq 1.., zero genesis, prev_hash links, sha256 of canonical JSON, UTC ISO-8601 `at`."""
    start = datetime.now(UTC)
    count = _some_history(session, people)
    entries = _export(session)
    assert len(entries) == count > 10
    assert [e["seq"] for e in entries] == list(range(1, count + 1))
    assert entries[0]["prev_hash"] == ZEROS
    prev = ZEROS
    for entry in entries:
        assert set(entry) == FIELDS
        assert entry["prev_hash"] == prev
        assert entry["hash"] == _my_hash(entry)
        assert len(entry["hash"]) == 64 and entry["hash"] == entry["hash"].lower()
        assert isinstance(entry["data"], dict)
        at = datetime.fromisoformat(entry["at"])
        assert at.utcoffset() == timedelta(0)
        assert start - timedelta(seconds=5) <= at <= datetime.now(UTC) + timedelta(seconds=5)
        prev = entry["hash"]
    by_action = {e["action"]: e for e in entries}
    assert set(by_action) >= {"create", "submit", "edit", "second", "track", "file", "forward"}
    track = by_action["track"]
    assert (track["actor"], track["kind"], track["from_state"], track["to_state"]) == (
        "staff", "plan", "published", "published")
    assert track["data"]["note"] == "已完成“三八”活动"
    assert track["data"]["status"] == "done"
    create = entries[0]
    assert (create["action"], create["from_state"], create["to_state"], create["comment"]) == (
        "create", None, "draft", None)
    assert by_action["edit"]["comment"] == "改标题"
    assert isinstance(by_action["file"]["data"]["number"], str)
    verify = _cli(session, "audit", "verify")
    assert verify.exit_code == 0
    assert f"{count} entries" in verify.output


def test_empty_chain_verifies(session: Session) -> None:
    """A new database has an empty, valid chain."""
    verdict = audit.verify(session)
    assert (verdict.ok, verdict.count) == (True, 0)
    result = _cli(session, "audit", "verify")
    assert result.exit_code == 0 and "0 entries" in result.output


def test_audit_log_is_append_only(session: Session, people: SimpleNamespace) -> None:
    """The database itself refuses UPDATE and DELETE on audit_log."""
    count = _some_history(session, people)
    bind: Engine = session.get_bind()
    statements = ("UPDATE audit_log SET comment = 'changed' WHERE seq = 2",
                  "UPDATE audit_log SET seq = seq + 100",
                  "DELETE FROM audit_log WHERE seq = 3",
                  "DELETE FROM audit_log")
    for sql in statements:
        with pytest.raises(exc.DBAPIError) as info, bind.begin() as conn:
            conn.execute(text(sql))
        assert "append-only" in str(info.value), sql
    session.expire_all()
    verdict = audit.verify(session)
    assert (verdict.ok, verdict.count) == (True, count)
    session.commit()


@pytest.fixture
def no_triggers(session: Session) -> Iterator[Engine]:
    """Drop the append-only triggers (as an attacker with database access could)."""
    bind: Engine = session.get_bind()
    pg = bind.dialect.name == "postgresql"
    session.commit()
    with bind.begin() as conn:
        if pg:
            conn.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
    try:
        yield bind
    finally:
        if pg:  # the PostgreSQL schema is shared by the whole run: put the trigger back
            with bind.begin() as conn:
                conn.execute(text(
                    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
                    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"))


def _rehash_seq2(conn) -> None:  # type: ignore[no-untyped-def]
    """Change entry 2's comment and recompute its hash consistently (a careful forger)."""
    row = conn.execute(text("SELECT * FROM audit_log WHERE seq = 2")).mappings().one()
    entry = {k: row[k] for k in FIELDS}
    entry["data"] = json.loads(entry["data"])
    entry["comment"] = "伪造的意见"
    conn.execute(text("UPDATE audit_log SET comment = :c, hash = :h WHERE seq = 2"),
                 {"c": entry["comment"], "h": _my_hash(entry)})


TAMPERING = {
    "comment": (["UPDATE audit_log SET comment = '同意' WHERE seq = 4"], 4),
    "data": (["UPDATE audit_log SET data = '{\"forged\": true}' WHERE seq = 5"], 5),
    "actor": (["UPDATE audit_log SET actor = 'admin' WHERE seq = 1"], 1),
    "to_state": (["UPDATE audit_log SET to_state = 'published' WHERE seq = 3"], 3),
    "delete-middle": (["DELETE FROM audit_log WHERE seq = 3"], 3),
    "delete-last": (["DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)"],
                    "last"),
    "swap": (["UPDATE audit_log SET seq = -1 WHERE seq = 3",
              "UPDATE audit_log SET seq = 3 WHERE seq = 4",
              "UPDATE audit_log SET seq = 4 WHERE seq = -1"], 3),
    "rehash": ([_rehash_seq2], 3),
}


@pytest.mark.parametrize("how", list(TAMPERING))
def test_tampering_is_detected(session: Session, people: SimpleNamespace, no_triggers: Engine,
                               how: str) -> None:
    """A row altered, removed or reordered in SQL: verify and the CLI name the first bad seq."""
    count = _some_history(session, people)
    steps, bad = TAMPERING[how]
    bad_seq = count if bad == "last" else bad
    with no_triggers.begin() as conn:
        for step in steps:
            if callable(step):
                step(conn)
            else:
                conn.execute(text(step))
    session.expire_all()
    verdict = audit.verify(session)
    assert not verdict.ok
    assert verdict.bad_seq == bad_seq, verdict.problem
    session.commit()
    result = _cli(session, "audit", "verify")
    assert result.exit_code == 1
    assert f"seq {bad_seq}:" in result.output, result.output
    assert "audit chain ok" not in result.output
