"""`unionflow db upgrade|downgrade|current`: the FlaskGroup's migration commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

UNIONFLOW = Path(sys.executable).with_name("unionflow")


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line against the SQLite file `db`."""
    env = {**os.environ, "UNIONFLOW_DATABASE_URL": f"sqlite:///{db}"}
    return subprocess.run([str(UNIONFLOW), *args], env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def test_db_upgrade_downgrade_current(tmp_path):
    db = tmp_path / "x.db"
    assert run(db, "db", "current").stdout.strip() == "(empty)"
    assert run(db, "db", "upgrade").returncode == 0
    assert run(db, "db", "current").stdout.strip() == "0001"
    assert run(db, "db", "upgrade").returncode == 0  # idempotent
    assert run(db, "db", "downgrade", "base").returncode == 0
    assert run(db, "db", "current").stdout.strip() == "(empty)"
    assert run(db, "init").returncode == 0
    assert run(db, "db", "current").stdout.strip() == "0001"
