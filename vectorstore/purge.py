"""Erase the text of deleted chunks from an embedded Chroma store's files.

Chroma (1.5.x) deletes a chunk from its collection but keeps its text on disk: in the
operation log (`embeddings_queue`, whose rows keep each add's document and metadata, never
trimmed: chroma-core/chroma#7659), in the full-text index's segments until they are merged,
and in the SQLite file's free pages. `chroma vacuum` does not trim any of it. So, with the
standard library's sqlite3, `purge_chroma_dir`:

1. blanks the metadata (document and metadata JSON) of log rows whose id is no longer in its
   collection. Only rows the metadata segment has already applied (seq_id <= its
   max_seq_id) are touched, and the rows themselves, their seq ids and vectors stay: Chroma
   replays the log from an offset to rebuild its HNSW index, which needs only the vectors;
2. merges the full-text index (`optimize`), which drops deleted rows' entries;
3. rewrites the file (VACUUM, with secure_delete on) and truncates a write-ahead log;
4. zeroes the unused capacity of the HNSW files, which hnswlib writes out from uncleared
   memory that can hold chunk text (vectorstore/hnsw_files.py).

Steps 1-3 work while another process (a Slack bot, `chroma run`) holds the store open: they
are ordinary SQLite transactions, which its next read sees. Step 4 needs that nothing writes
meanwhile (ingestion runs the purge under its lock). The HNSW files keep the deleted chunks'
vectors (chroma-core/chroma#7662): numbers, not text.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import PurgeError
from vectorstore.hnsw_files import zero_unused_capacity

log = logging.getLogger(__name__)

CHROMA_FILE = "chroma.sqlite3"
BUSY_MS = 30_000
CHECKPOINT_TRIES = 20

# log rows of ids their collection's metadata segment no longer holds, already applied
_WITHDRAWN = """
SELECT q.seq_id, q.id, q.metadata FROM embeddings_queue q
JOIN segments s ON s.scope = 'METADATA' AND q.topic LIKE '%/' || s.collection
JOIN max_seq_id m ON m.segment_id = s.id
WHERE q.metadata IS NOT NULL AND q.metadata != '{}' AND q.seq_id <= m.seq_id
  AND NOT EXISTS (
    SELECT 1 FROM embeddings e WHERE e.segment_id = s.id AND e.embedding_id = q.id)
"""


@dataclass
class ChromaPurge:
    """What one purge did: log rows blanked, the chunks (id -> doc_id) they held, sizes."""

    path: Path
    rows_blanked: int = 0
    chunks: dict[str, str] = field(default_factory=dict)
    bytes_before: int = 0
    bytes_after: int = 0
    hnsw_bytes_zeroed: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"erased the text of {len(self.chunks)} deleted chunks ({self.rows_blanked} log "
            f"rows) from {self.path}; {self.bytes_before:,} -> {self.bytes_after:,} bytes "
            f"in {self.seconds:.2f}s"
        )


def purge_chroma_dir(path: Path) -> ChromaPurge:
    """Erase every deleted chunk's text from the Chroma store in `path` (see module doc)."""
    started = time.perf_counter()
    database = Path(path) / CHROMA_FILE
    if not database.is_file():
        raise PurgeError(
            f"No Chroma store in {path} ({CHROMA_FILE} is missing). Pass the folder given "
            "to 'chroma run --path', or the embedded store's folder (SENDPLAN_DATA_DIR/chroma)."
        )
    result = ChromaPurge(Path(path), bytes_before=_size(database))
    try:
        conn = sqlite3.connect(database, isolation_level=None, timeout=BUSY_MS / 1000)
    except sqlite3.Error as exc:
        raise PurgeError(f"Could not open {database} ({exc}). Check its permissions.") from None
    try:
        _blank_log(conn, result)
        compact(conn)
    except sqlite3.Error as exc:
        raise PurgeError(
            f"Could not purge {database} ({exc}). Nothing is lost (each step is one "
            "transaction); run 'sendplan purge' again when no ingestion is writing to it."
        ) from None
    finally:
        conn.close()
    result.hnsw_bytes_zeroed = zero_unused_capacity(Path(path))
    result.bytes_after = _size(database)
    result.seconds = time.perf_counter() - started
    log.info("purge: %s", result.summary())
    return result


def _blank_log(conn: sqlite3.Connection, result: ChromaPurge) -> None:
    conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")
    conn.execute("PRAGMA secure_delete=ON")  # freed and rewritten cells are zeroed
    conn.execute("BEGIN IMMEDIATE")
    try:
        rows = conn.execute(_WITHDRAWN).fetchall()
        for _, chunk_id, metadata in rows:
            result.chunks[chunk_id] = _doc_id(metadata)
        conn.executemany(
            "UPDATE embeddings_queue SET metadata = NULL WHERE seq_id = ?",
            [(seq_id,) for seq_id, _, _ in rows],
        )
        if _has_table(conn, "embedding_fulltext_search"):
            conn.execute(
                "INSERT INTO embedding_fulltext_search(embedding_fulltext_search) "
                "VALUES ('optimize')"
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    result.rows_blanked = len(rows)


def compact(conn: sqlite3.Connection) -> None:
    """Rewrite the database file without its free pages, then empty a write-ahead log
    (whose old frames would otherwise keep erased pages). Other processes may hold it open."""
    conn.execute("PRAGMA secure_delete=ON")
    conn.execute("VACUUM")
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        return
    for attempt in range(CHECKPOINT_TRIES):
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if not busy:
            return
        time.sleep(0.05 * (attempt + 1))  # a reader in another process: let it finish
    raise sqlite3.OperationalError("the write-ahead log stayed busy; readers kept it open")


def _doc_id(metadata: str) -> str:
    try:
        return str(json.loads(metadata).get("doc_id", ""))
    except (ValueError, AttributeError):
        return ""


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    return found is not None


def _size(database: Path) -> int:
    """The database and its journal files, in bytes."""
    siblings = [database, *(database.with_name(database.name + s) for s in ("-wal", "-journal"))]
    return sum(p.stat().st_size for p in siblings if p.exists())
