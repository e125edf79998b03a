"""SQLite store for answers given in Slack and the thumbs-up/down feedback on them.

Answers are kept (for 30 days by default) so a button click can find the question, answer
and cited documents it refers to; feedback rows keep their own copy and never expire.
User ids are stored only as keyed hashes (HMAC-SHA256 with a random key kept in the same
file): a plain hash of a Slack user id can be reversed by hashing the workspace's user list.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import secrets
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, TextIO

from assistant.answering.answer import Answer

Vote = Literal["up", "down"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    channel TEXT NOT NULL,
    answer_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    user_hash TEXT NOT NULL,
    channel TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    cited_doc_ids TEXT NOT NULL,
    vote TEXT NOT NULL,
    answer_id TEXT NOT NULL
);
"""

EXPORT_FIELDS = ("time", "user_hash", "channel", "question", "answer", "cited_doc_ids", "vote")


@dataclass(frozen=True)
class FeedbackRow:
    time: str
    user_hash: str
    channel: str
    question: str
    answer: str
    cited_doc_ids: list[str]
    vote: str
    answer_id: str


def hash_user(user_id: str, key: bytes) -> str:
    return hmac.new(key, user_id.encode("utf-8"), hashlib.sha256).hexdigest()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class FeedbackStore:
    """Answers and feedback in one SQLite file (created on first write)."""

    def __init__(
        self, path: Path, *, retention_days: float = 30, clock: Callable[[], float] = time.time
    ) -> None:
        self.path = Path(path)
        self.retention_seconds = retention_days * 86400
        self._clock = clock

    def hash_user(self, user_id: str) -> str:
        """The user's keyed hash; the key is made on first use and kept in the store."""
        with self._connect(create=True) as db:
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB)")
            db.execute(
                "INSERT OR IGNORE INTO meta (name, value) VALUES ('user_key', ?)",
                (secrets.token_bytes(32),),
            )
            key = db.execute("SELECT value FROM meta WHERE name = 'user_key'").fetchone()[0]
        return hash_user(user_id, bytes(key))

    def save_answer(self, answer: Answer, *, channel: str) -> str:
        """Keep an answer for its buttons; returns the id the buttons carry."""
        answer_id = uuid.uuid4().hex
        now = self._clock()
        with self._connect(create=True) as db:
            db.execute("DELETE FROM answers WHERE created < ?", (now - self.retention_seconds,))
            db.execute(
                "INSERT INTO answers (id, created, channel, answer_json) VALUES (?, ?, ?, ?)",
                (answer_id, now, channel, answer.model_dump_json()),
            )
        return answer_id

    def get_answer(self, answer_id: str) -> Answer | None:
        if not self.path.exists():
            return None
        with self._connect() as db:
            row = db.execute(
                "SELECT answer_json FROM answers WHERE id = ?", (answer_id,)
            ).fetchone()
        return Answer.model_validate_json(row[0]) if row else None

    def add_feedback(
        self, *, user_id: str, channel: str, vote: Vote, answer_id: str, answer: Answer | None
    ) -> FeedbackRow:
        """Store one click. `answer` is None when the answer has expired from the store."""
        row = FeedbackRow(
            time=datetime.fromtimestamp(self._clock(), UTC).isoformat(timespec="seconds"),
            user_hash=self.hash_user(user_id),
            channel=channel,
            question=answer.question if answer else "",
            answer=answer.text if answer else "",
            cited_doc_ids=list(dict.fromkeys(answer.cited_doc_ids)) if answer else [],
            vote=vote,
            answer_id=answer_id,
        )
        values = asdict(row) | {"cited_doc_ids": json.dumps(row.cited_doc_ids)}
        with self._connect(create=True) as db:
            db.execute(
                "INSERT INTO feedback (time, user_hash, channel, question, answer, cited_doc_ids,"
                " vote, answer_id) VALUES (:time, :user_hash, :channel, :question, :answer,"
                " :cited_doc_ids, :vote, :answer_id)",
                values,
            )
        return row

    def feedback(self) -> list[FeedbackRow]:
        """Every feedback row, oldest first ([] when nothing was recorded yet)."""
        if not self.path.exists():
            return []
        with self._connect() as db:
            rows = db.execute(
                "SELECT time, user_hash, channel, question, answer, cited_doc_ids, vote, answer_id"
                " FROM feedback ORDER BY id"
            ).fetchall()
        return [_row(*r) for r in rows]

    @contextmanager
    def _connect(self, *, create: bool = False) -> Iterator[sqlite3.Connection]:
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # closing() closes the file; `with db` makes one transaction, committed on success
        with closing(sqlite3.connect(self.path, timeout=10)) as db, db:
            db.executescript(SCHEMA)
            yield db


def _row(
    time: str, user_hash: str, channel: str, question: str, answer: str, cited: str, vote: str,
    answer_id: str,
) -> FeedbackRow:  # fmt: skip
    return FeedbackRow(
        time, user_hash, channel, question, answer, json.loads(cited), vote, answer_id
    )


def export_feedback(rows: list[FeedbackRow], out: TextIO, *, fmt: Literal["jsonl", "csv"]) -> None:
    """Write rows as JSON lines or CSV (cited doc ids joined with ';' in CSV)."""
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=[*EXPORT_FIELDS, "answer_id"])
        writer.writeheader()
        for row in rows:
            values = asdict(row) | {"cited_doc_ids": ";".join(row.cited_doc_ids)}
            writer.writerow({name: csv_safe(value) for name, value in values.items()})
        return
    for row in rows:
        out.write(json.dumps(asdict(row), ensure_ascii=False) + "\n")
