"""The `unionflow` command line, run as a real subprocess against temporary SQLite files."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from workflow.db import make_engine
from workflow.definitions import get
from workflow.models import AuditEntry, Plan, Proposal, User
from workflow.users import authenticate

ROOT = Path(__file__).resolve().parent.parent
EXE = ROOT / ".venv" / "bin" / "unionflow"
DEMO_USERS = {"admin", "drafter", "chair", "committee", "secretary", "rep1", "rep2", "rep3",
              "handler"}


def run(db: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`unionflow ARGS` with UNIONFLOW_DATABASE_URL pointing at `db`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "UNIONFLOW_"))}
    env["UNIONFLOW_DATABASE_URL"] = f"sqlite:///{db}"
    return subprocess.run([str(EXE), *args], cwd=ROOT, env=env, input=stdin or "",
                          capture_output=True, text=True, timeout=120, check=False)


def ok(db: Path, *args: str, stdin: str | None = None) -> str:
    """Run and expect exit 0; the standard output."""
    proc = run(db, *args, stdin=stdin)
    assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
    return proc.stdout


def invoke(db: Path, *args: str, stdin: str | None = None) -> Result:
    """The same command in-process (click's CliRunner): for the cheaper variants."""
    from web.cli import main

    return CliRunner().invoke(main, list(args), input=stdin,
                              env={"UNIONFLOW_DATABASE_URL": f"sqlite:///{db}"})


def session_on(db: Path) -> Session:
    return Session(make_engine(f"sqlite:///{db}"), expire_on_commit=False)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A new file after `init`, `init` again and `demo` (copied by each test); the outputs."""
    db = tmp_path_factory.mktemp("cli") / "sub" / "demo.db"
    outputs = [ok(db, "init"), ok(db, "init"), ok(db, "demo")]
    return db, outputs


@pytest.fixture
def demo(demo_db: tuple[Path, list[str]], tmp_path: Path) -> Path:
    """A private copy of the demo database."""
    path = tmp_path / "x.db"
    shutil.copy(demo_db[0], path)
    return path


def test_init_twice_then_demo(demo_db: tuple[Path, list[str]]) -> None:
    """`init` twice on a new file succeeds both times; `demo` then loads the data."""
    db, (first, second, demo_out) = demo_db
    assert "database ready" in first and "database ready" in second
    assert "demo data loaded" in demo_out
    engine = make_engine(f"sqlite:///{db}")
    assert {"plans", "proposals", "audit_log", "alembic_version"} <= set(
        inspect(engine).get_table_names())
    engine.dispose()


def test_init_on_an_empty_file_gives_an_empty_chain(tmp_path: Path) -> None:
    """`init` in-process on a new file: schema there, chain empty and valid."""
    db = tmp_path / "new" / "x.db"
    assert invoke(db, "init").exit_code == 0
    result = invoke(db, "audit", "verify")
    assert result.exit_code == 0 and "0 entries" in result.output


def test_demo_then_verify_and_demo_again(demo: Path) -> None:
    """`audit verify` prints the count and exits 0; a second `demo` does nothing."""
    with session_on(demo) as s:
        count = s.scalar(select(func.count()).select_from(AuditEntry))
    assert count > 30
    out = ok(demo, "audit", "verify")
    assert re.search(rf"\b{count} entries\b", out), out
    assert "already has users" in ok(demo, "demo")
    with session_on(demo) as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == count
        assert s.scalar(select(func.count()).select_from(User)) == len(DEMO_USERS)


def test_demo_content(demo: Path) -> None:
    """Users with password demo, handler in 后勤处, documents in the promised states."""
    with session_on(demo) as s:
        users = {u.username: u for u in s.scalars(select(User))}
        assert set(users) == DEMO_USERS
        for name in DEMO_USERS:
            assert authenticate(s, name, "demo") is not None, name
        assert authenticate(s, "chair", "wrong") is None
        assert users["handler"].department.name == "后勤处"
        assert "handler" in users["handler"].roles
        plans = s.scalars(select(Plan)).all()
        assert {"draft", "committee_review", "party_review", "published"} <= {
            p.state for p in plans}
        assert any(p.state == "committee_review" and p.author.username == "drafter"
                   for p in plans)
        published = next(p for p in plans if p.state == "published")
        statuses = Counter(i.status for i in published.all_items())
        assert len(statuses) >= 3, statuses
        proposals = s.scalars(select(Proposal)).all()
        assert {"seconding", "committee_review", "handling", "answered", "closed"} <= {
            p.state for p in proposals}
        assert all(p.number for p in proposals if p.state in ("handling", "answered", "closed"))
        assert all(p.title.startswith("关于") for p in proposals)
        actions = set(s.scalars(select(AuditEntry.action)))
        assert {"create", "submit", "second", "forward", "file", "track", "answer",
                "complete"} <= actions


def test_user_create_reads_the_password_from_stdin(demo: Path) -> None:
    """`user create NAME --role R --role R2 --department D`; unknown roles exit 1."""
    out = ok(demo, "user", "create", "wang", "--role", "handler", "--role", "staff",
             "--department", "教务处", stdin="s3cret-pw\n")
    assert "wang" in out
    with session_on(demo) as s:
        user = authenticate(s, "wang", "s3cret-pw")
        assert user is not None
        assert user.roles == {"handler", "staff"}
        assert user.department.name == "教务处"
    bad = run(demo, "user", "create", "li", "--role", "overlord", stdin="s3cret-pw\n")
    assert bad.returncode == 1
    assert "overlord" in bad.stderr
    dup = invoke(demo, "user", "create", "wang", "--role", "staff", stdin="another-pw\n")
    assert dup.exit_code == 1
    short = invoke(demo, "user", "create", "zhao", "--role", "staff", stdin="x\n")
    assert short.exit_code == 1
    with session_on(demo) as s:
        assert s.scalar(select(User).where(User.username.in_(["li", "zhao"]))) is None


def test_workflow_check_and_diagram(tmp_path: Path) -> None:
    """`workflow check` validates states/; `workflow diagram plan` prints Mermaid."""
    db = tmp_path / "x.db"
    out = ok(db, "workflow", "check")
    assert "plan.yaml: ok" in out and "proposal.yaml: ok" in out
    diagram = ok(db, "workflow", "diagram", "plan")
    assert diagram.startswith("stateDiagram-v2")
    for state in get("plan").states:
        assert re.search(rf"\b{state}\b", diagram), state
    en = invoke(db, "workflow", "diagram", "proposal", "--lang", "en")
    assert en.stdout.startswith("stateDiagram-v2") and "Being handled" in en.stdout
    assert invoke(db, "workflow", "diagram", "invoice").exit_code == 1


def test_fire_prints_json_or_the_reason(demo: Path) -> None:
    """`fire` success prints JSON; a refusal prints the reason, exits 1, changes nothing."""
    with session_on(demo) as s:
        plan = s.scalar(select(Plan).where(Plan.state == "committee_review"))
        proposal = s.scalar(select(Proposal).where(Proposal.state == "committee_review"))
        count = s.scalar(select(func.count()).select_from(AuditEntry))
    refused = run(demo, "fire", "plan", str(plan.id), "committee_approve", "--as", "drafter")
    assert refused.returncode == 1
    assert "角色" in refused.stderr  # role_not_allowed, in Chinese
    no_comment = invoke(demo, "fire", "plan", str(plan.id), "committee_return", "--as", "chair")
    assert no_comment.exit_code == 1 and "意见" in no_comment.output
    stale = invoke(demo, "fire", "plan", str(plan.id), "committee_approve", "--as", "chair",
                   "--expected-version", str(plan.version - 1))
    assert stale.exit_code == 1 and "其他人已先处理" in stale.output
    assert invoke(demo, "fire", "plan", str(plan.id), "publish", "--as", "ghost").exit_code == 1
    assert invoke(demo, "fire", "plan", "99999", "publish", "--as", "chair").exit_code == 1
    bad_field = invoke(demo, "fire", "proposal", str(proposal.id), "file", "--as", "chair",
                       "--field", "category")
    assert bad_field.exit_code != 0
    with session_on(demo) as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == count
        assert s.get(Plan, plan.id).version == plan.version
    out = json.loads(ok(demo, "fire", "plan", str(plan.id), "committee_approve", "--as", "chair",
                        "--comment", "同意", "--expected-version", str(plan.version)))
    assert out == {"seq": count + 1, "from": "committee_review", "to": "party_review",
                   "version": plan.version + 1}
    filed = invoke(demo, "fire", "proposal", str(proposal.id), "file", "--as", "committee",
                   "--field", "category=后勤保障", "--field", "department=后勤处",
                   "--field", "assist_departments=教务处,办公室")
    assert filed.exit_code == 0, filed.output
    assert json.loads(filed.stdout)["to"] == "party_review"
    with session_on(demo) as s:
        doc = s.get(Proposal, proposal.id)
        assert doc.department.name == "后勤处"
        assert sorted(d.name for d in doc.assist) == ["办公室", "教务处"]
        assert s.get(Plan, plan.id).state == "party_review"
    verify = invoke(demo, "audit", "verify")
    assert verify.exit_code == 0 and f"{count + 2} entries" in verify.output


def test_audit_export_prints_one_object_per_line(demo: Path) -> None:
    """`audit export`: one JSON object per line with every field."""
    lines = ok(demo, "audit", "export").splitlines()
    entries = [json.loads(line) for line in lines]
    with session_on(demo) as s:
        assert len(entries) == s.scalar(select(func.count()).select_from(AuditEntry))
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    for entry in entries:
        assert set(entry) == {"seq", "at", "actor", "kind", "doc_id", "action", "from_state",
                              "to_state", "comment", "data", "prev_hash", "hash"}
    assert any(re.search("[\u4e00-\u9fff]", line) for line in lines)  # not \\u-escaped
    assert not any("\\u" in line for line in lines)
