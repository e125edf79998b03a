"""The question log: every question a front end answered or refused, for admins.

`record(...)` writes one row; `recent(...)` reads the newest first. Users are keyed hashes.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import insert, select

from assistant.answering.answer import Answer
from assistant.state.database import StateDB
from assistant.state.tables import questions
from assistant.state.users import UserHasher

UNSPECIFIED_REASON = "unspecified"


@dataclass(frozen=True)
class LoggedQuestion:
    asked_at: float
    front_end: str
    channel_type: str
    question: str
    refused: bool
    refusal_reason: str | None
    cited_doc_ids: list[str]
    latency_ms: int
    user_hash: str


def refusal_code(answer: Answer) -> str | None:
    """None for an answer; for a refusal the answerer's reason code when it gives one."""
    if not answer.refused:
        return None
    reason = getattr(answer, "refusal_reason", None)  # a later Answer carries its reason
    code = getattr(reason, "code", reason)
    return str(code) if code else UNSPECIFIED_REASON


class QuestionLog:
    def __init__(
        self,
        state: StateDB,
        *,
        clock: Callable[[], float] = time.time,
        hasher: UserHasher | None = None,
    ) -> None:
        self.state, self._clock = state, clock
        self._hash = hasher or UserHasher(state)

    def record(
        self,
        answer: Answer,
        *,
        front_end: str,
        channel_type: str,
        user_id: str,
        latency_ms: float,
    ) -> LoggedQuestion:
        """Log one answered or refused question."""
        row = LoggedQuestion(
            asked_at=self._clock(),
            front_end=front_end,
            channel_type=channel_type,
            question=answer.question,
            refused=answer.refused,
            refusal_reason=refusal_code(answer),
            cited_doc_ids=list(dict.fromkeys(answer.cited_doc_ids)),
            latency_ms=round(latency_ms),
            user_hash=self._hash(user_id),
        )
        values = row.__dict__ | {"cited_doc_ids": json.dumps(row.cited_doc_ids)}
        with self.state.begin() as conn:
            conn.execute(insert(questions).values(values))
        return row

    def recent(self, *, limit: int = 100, since: float | None = None) -> list[LoggedQuestion]:
        """The newest `limit` questions (asked after `since`, if given), newest first."""
        query = select(*(questions.c[name] for name in LoggedQuestion.__dataclass_fields__))
        if since is not None:
            query = query.where(questions.c.asked_at > since)
        query = query.order_by(questions.c.asked_at.desc(), questions.c.id.desc()).limit(limit)
        with self.state.begin() as conn:
            rows = conn.execute(query).all()
        return [_logged(row._asdict()) for row in rows]


def _logged(values: dict[str, object]) -> LoggedQuestion:
    cited = json.loads(str(values["cited_doc_ids"]))
    return LoggedQuestion(**(values | {"cited_doc_ids": cited, "refused": bool(values["refused"])}))  # type: ignore[arg-type]
