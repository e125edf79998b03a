"""Answers given in Slack (kept for their buttons) and the thumbs-up/down votes on them.

Answers are kept for 30 days by default so a click, on whichever replica it lands, finds the
question, answer and cited documents it refers to; feedback rows keep their own copy and never
expire. Users are stored only as keyed hashes (see `users`).
"""

from __future__ import annotations

import csv
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Literal, TextIO

from sqlalchemy import delete, insert, select

from assistant.answering.answer import Answer
from assistant.state.database import StateDB
from assistant.state.tables import answers, feedback
from assistant.state.users import UserHasher

Vote = Literal["up", "down"]

EXPORT_FIELDS = ("time", "user_hash", "channel", "question", "answer", "cited_doc_ids", "vote")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


class FeedbackStore:
    """Answers and feedback in the state database."""

    def __init__(
        self,
        state: StateDB,
        *,
        retention_days: float = 30,
        clock: Callable[[], float] = time.time,
        hasher: UserHasher | None = None,
    ) -> None:
        self.state = state
        self.retention_seconds = retention_days * 86400
        self._clock = clock
        self.hash_user = hasher or UserHasher(state)

    def describe(self) -> str:
        return self.state.describe()

    def save_answer(self, answer: Answer, *, channel: str) -> str:
        """Keep an answer for its buttons; returns the id the buttons carry."""
        answer_id = uuid.uuid4().hex
        now = self._clock()
        with self.state.begin() as conn:
            conn.execute(delete(answers).where(answers.c.created < now - self.retention_seconds))
            conn.execute(
                insert(answers).values(
                    id=answer_id, created=now, channel=channel, answer_json=answer.model_dump_json()
                )
            )
        return answer_id

    def get_answer(self, answer_id: str) -> Answer | None:
        with self.state.begin() as conn:
            found = conn.scalar(select(answers.c.answer_json).where(answers.c.id == answer_id))
        return Answer.model_validate_json(found) if found else None

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
        with self.state.begin() as conn:
            conn.execute(insert(feedback).values(values))
        return row

    def feedback(self) -> list[FeedbackRow]:
        """Every feedback row, oldest first."""
        columns = [feedback.c[name] for name in (*EXPORT_FIELDS, "answer_id")]
        with self.state.begin() as conn:
            rows = conn.execute(select(*columns).order_by(feedback.c.id)).all()
        return [
            FeedbackRow(**(row._asdict() | {"cited_doc_ids": json.loads(row.cited_doc_ids)}))
            for row in rows
        ]


def csv_safe(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


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
