"""Data dirs made before the state database: their files are imported once, then set aside.

- `record_manager.sqlite` (indexing records): imported, so the next ingestion still skips
  every unchanged chunk instead of embedding the corpus again;
- `feedback.sqlite` (or SENDPLAN_FEEDBACK_DB): answers, votes and the user-hash key, so old
  and new hashes of one person stay equal;
- `bm25.json` and `ingest.lock` are deleted: the keyword index is now built from Chroma and the
  lock lives in the database.

An imported file is renamed `*.migrated`. Each import runs in one transaction together with a
marker row named after the file's content hash, so two processes starting at once (or one that
crashed half way) never import a file twice.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, select

from assistant.settings import Settings
from assistant.state.database import StateDB
from assistant.state.tables import answers, feedback, index_records, state_meta
from assistant.state.users import KEY_NAME

log = logging.getLogger(__name__)

Copy = Callable[[StateDB, Connection, sqlite3.Connection], int]


def migrate_data_dir(state: StateDB, settings: Settings) -> list[Path]:
    """Import the old files found in the data dir; returns the files imported."""
    data = settings.data_dir
    imported = [
        path
        for path, copy in (
            (data / "record_manager.sqlite", copy_records),
            (settings.feedback_db or data / "feedback.sqlite", copy_feedback),
        )
        if path.is_file() and import_file(state, path, copy)
    ]
    for leftover in (data / "bm25.json", data / "ingest.lock"):
        if leftover.is_file():
            leftover.unlink()
            log.info("Removed %s: the state database replaces it", leftover)
    return imported


def import_file(state: StateDB, path: Path, copy: Copy) -> bool:
    """Copy one old SQLite file into the state database (once), then rename it."""
    marker = {"name": f"migrated:{_digest(path)}", "value": f"{path} {_now()}"}
    with closing(sqlite3.connect(path, timeout=30)) as old, state.begin() as conn:
        first = state.insert_ignore(conn, state_meta, marker)
        rows = copy(state, conn, old) if first else 0
    target = path.with_name(path.name + ".migrated")
    path.replace(target)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    if first:
        log.warning("Imported %d rows from %s into %s; the old file is now %s",
                    rows, path, state.describe(), target)  # fmt: skip
    return first


def copy_records(state: StateDB, conn: Connection, old: sqlite3.Connection) -> int:
    columns = ("namespace", "key", "group_id", "updated_at")
    rows = [dict(zip(columns, r, strict=True)) for r in old.execute(
        "SELECT namespace, key, group_id, updated_at FROM records")]  # fmt: skip
    state.insert_ignore_many(conn, index_records, rows)
    return len(rows)


def copy_feedback(state: StateDB, conn: Connection, old: sqlite3.Connection) -> int:
    tables = {name for (name,) in old.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    kept = _select(old, "SELECT id, created, channel, answer_json FROM answers", tables)
    state.insert_ignore_many(conn, answers, kept)
    votes = _select(old, "SELECT time, user_hash, channel, question, answer, cited_doc_ids, vote, "
                    "answer_id FROM feedback ORDER BY id", tables)  # fmt: skip
    if votes:
        conn.execute(feedback.insert(), votes)
    if "meta" in tables:
        _adopt_key(state, conn, old)
    return len(kept) + len(votes)


def _adopt_key(state: StateDB, conn: Connection, old: sqlite3.Connection) -> None:
    """The old file's user-hash key becomes the shared one, unless there already is one."""
    found = old.execute("SELECT value FROM meta WHERE name = 'user_key'").fetchone()
    if not found:
        return
    key = bytes(found[0]).hex()
    if state.insert_ignore(conn, state_meta, {"name": KEY_NAME, "value": key}):
        return
    stored = conn.scalar(select(state_meta.c.value).where(state_meta.c.name == KEY_NAME))
    if stored != key:
        log.warning(
            "The imported feedback was hashed with another key than %s uses: its user hashes "
            "cannot be compared with new ones.",
            state.describe(),
        )


def _select(old: sqlite3.Connection, query: str, tables: set[str]) -> list[dict[str, object]]:
    table = query.split(" FROM ")[1].split()[0]
    if table not in tables:
        return []
    cursor = old.execute(query)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    for part in (path, path.with_name(path.name + "-wal")):
        if part.is_file():
            digest.update(part.read_bytes())
    return digest.hexdigest()[:32]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
