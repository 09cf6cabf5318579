"""The append-only, hash-chained audit log: append, verify, export.

Format (also in README): hash = sha256(json.dumps(entry_without_hash, sort_keys=True,
ensure_ascii=False, separators=(",", ":")).encode("utf-8")).hexdigest(), where the entry
holds seq, at, actor, kind, doc_id, action, from_state, to_state, comment, data, prev_hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from workflow.models import AuditEntry, AuditHead
from workflow.models.audit import GENESIS

FIELDS = ("seq", "at", "actor", "kind", "doc_id", "action", "from_state", "to_state",
          "comment", "data", "prev_hash")


def canonical(entry: dict[str, Any]) -> bytes:
    """The bytes that are hashed: canonical JSON of every field but `hash`."""
    body = {k: entry[k] for k in FIELDS}
    return json.dumps(body, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def entry_hash(entry: dict[str, Any]) -> str:
    """Lowercase hex SHA-256 of the canonical form."""
    return hashlib.sha256(canonical(entry)).hexdigest()


def as_dict(row: AuditEntry) -> dict[str, Any]:
    """An entry as the plain dict that is exported and hashed (with `hash`)."""
    out = {k: getattr(row, k) for k in FIELDS}
    out["data"] = json.loads(row.data)
    out["hash"] = row.hash
    return out


def now_iso() -> str:
    """The current UTC time as ISO-8601 with microseconds and a Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def ensure_head(session: Session) -> None:
    """Create the single head row if the database has none yet."""
    if session.get(AuditHead, 1) is None:
        session.add(AuditHead(id=1, seq=0, hash=GENESIS))
        session.flush()


def append(session: Session, *, actor: str, kind: str, doc_id: int, action: str,
           from_state: str | None, to_state: str | None, comment: str | None = None,
           data: dict[str, Any] | None = None) -> AuditEntry:
    """Append one entry; the head row's lock serialises concurrent appends."""
    ensure_head(session)
    # The UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite) first, so two
    # transactions can never read the same head.
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + 1))
    seq, prev = session.execute(
        select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).one()
    entry = {
        "seq": seq, "at": now_iso(), "actor": actor, "kind": kind, "doc_id": doc_id,
        "action": action, "from_state": from_state, "to_state": to_state,
        "comment": comment, "data": data or {}, "prev_hash": prev,
    }
    digest = entry_hash(entry)
    row = AuditEntry(**{**entry, "data": json.dumps(entry["data"], sort_keys=True,
                                                    ensure_ascii=False)}, hash=digest)
    session.add(row)
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(hash=digest))
    session.flush()
    return row


@dataclass
class Verdict:
    """Result of verifying the chain."""

    ok: bool
    count: int
    bad_seq: int | None = None
    problem: str = ""


def iter_entries(session: Session, batch: int = 1000) -> Iterator[AuditEntry]:
    """Every entry in `seq` order, fetched in batches."""
    result = session.execute(
        select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=batch))
    yield from result.scalars()


def verify(session: Session) -> Verdict:
    """Check seq has no gaps, every hash matches, and each entry links to the one before."""
    prev, expected, count = GENESIS, 1, 0
    for row in iter_entries(session):
        entry = as_dict(row)
        if row.seq != expected:
            return Verdict(False, count, expected, f"seq {expected} is missing or out of order")
        if row.prev_hash != prev:
            return Verdict(False, count, row.seq, "prev_hash does not match the entry before")
        if entry_hash(entry) != row.hash:
            return Verdict(False, count, row.seq, "hash does not match the entry's content")
        prev, expected, count = row.hash, expected + 1, count + 1
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != count or head.hash != prev):
        return Verdict(False, count, count + 1 if head.seq > count else count,
                       "the chain ends before its recorded head (entries removed at the end)")
    return Verdict(True, count)


def history(session: Session, kind: str, doc_id: int) -> list[AuditEntry]:
    """A document's entries, oldest first."""
    return list(session.scalars(
        select(AuditEntry).where(AuditEntry.kind == kind, AuditEntry.doc_id == doc_id)
        .order_by(AuditEntry.seq)))


def histories(session: Session, kind: str, doc_ids: list[int]) -> dict[int, list[AuditEntry]]:
    """Entries of many documents of one kind in one query, oldest first, by document id."""
    out: dict[int, list[AuditEntry]] = {doc_id: [] for doc_id in doc_ids}
    if doc_ids:
        for row in session.scalars(
                select(AuditEntry).where(AuditEntry.kind == kind, AuditEntry.doc_id.in_(doc_ids))
                .order_by(AuditEntry.seq)):
            out[row.doc_id].append(row)
    return out


def export_lines(session: Session) -> Iterator[str]:
    """One JSON object per line, every field including `hash`."""
    for row in iter_entries(session):
        yield json.dumps(as_dict(row), ensure_ascii=False, sort_keys=True)
