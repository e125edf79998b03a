"""The question log: every question a front end (Slack, `ask`, `chat`) answered or refused.

`record(...)` writes one row (and deletes rows older than the retention period, by default
SENDPLAN_HISTORY_DAYS = 90); `recent(...)` reads the newest first, each with the thumbs up and
down its Slack answer got; `purge(...)` deletes old rows on demand. Users are keyed hashes.
`eval` never writes here: only the front ends call `record`. Small talk ("hello", refused
with reason `small_talk`) asks nothing and is not logged.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, fields, replace

from sqlalchemy import Connection, delete, insert, select

from assistant.answering.answer import Answer
from assistant.state.database import StateDB
from assistant.state.tables import feedback, questions
from assistant.state.users import UserHasher

UNSPECIFIED_REASON = "unspecified"
NOT_A_QUESTION = "small_talk"  # "hello", "thanks": refused, but nothing was asked
DAY_SECONDS = 86400
DEFAULT_RETENTION_DAYS = 90


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
    answer_id: str | None = None  # the Slack answer its feedback buttons refer to
    up: int = 0  # people whose last vote on the answer is a thumbs up
    down: int = 0


_STORED = [f.name for f in fields(LoggedQuestion) if f.name not in ("up", "down")]


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
        retention_days: float = DEFAULT_RETENTION_DAYS,
        clock: Callable[[], float] = time.time,
        hasher: UserHasher | None = None,
    ) -> None:
        self.state, self._clock = state, clock
        self.retention_days = retention_days
        self._hash = hasher or UserHasher(state)

    def describe(self) -> str:
        return self.state.describe()

    def record(
        self,
        answer: Answer,
        *,
        front_end: str,
        channel_type: str,
        user_id: str,
        latency_ms: float,
        answer_id: str | None = None,
    ) -> LoggedQuestion | None:
        """Log one answered or refused question (small talk is none: None); rows past the
        retention period go."""
        if refusal_code(answer) == NOT_A_QUESTION:
            return None
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
            answer_id=answer_id,
        )
        values = {name: getattr(row, name) for name in _STORED}
        values["cited_doc_ids"] = json.dumps(row.cited_doc_ids)
        with self.state.begin() as conn:
            conn.execute(delete(questions).where(questions.c.asked_at < self._cutoff()))
            conn.execute(insert(questions).values(values))
        return row

    def recent(
        self, *, limit: int | None = 100, since: float | None = None, refused: bool | None = None
    ) -> list[LoggedQuestion]:
        """The newest `limit` questions (asked after `since`; only refused or answered ones
        if `refused` says), newest first, with their answers' votes. `limit=None`: all."""
        query = select(questions.c.id, *(questions.c[name] for name in _STORED))
        if since is not None:
            query = query.where(questions.c.asked_at > since)
        if refused is not None:
            query = query.where(questions.c.refused.is_(refused))
        query = query.order_by(questions.c.asked_at.desc(), questions.c.id.desc()).limit(limit)
        with self.state.begin() as conn:
            rows = [row._asdict() for row in conn.execute(query)]
            votes = _votes(conn, since) if any(r["answer_id"] for r in rows) else {}
        return [_with_votes(_logged(row), votes) for row in rows]

    def purge(self, *, older_than_days: float | None = None) -> int:
        """Delete questions asked more than `older_than_days` ago (default: the retention
        period); the number deleted. 0 days deletes every question."""
        cutoff = self._cutoff(older_than_days)
        with self.state.begin() as conn:
            result = conn.execute(delete(questions).where(questions.c.asked_at < cutoff))
        return int(result.rowcount or 0)

    def _cutoff(self, days: float | None = None) -> float:
        return self._clock() - (self.retention_days if days is None else days) * DAY_SECONDS


def _votes(conn: Connection, since: float | None) -> dict[str, tuple[int, int]]:
    """answer id -> (up, down) for the answers of questions asked after `since`: each
    person's last vote counts once (a change of mind replaces the first click)."""
    asked = select(questions.c.answer_id).where(questions.c.answer_id.is_not(None))
    if since is not None:
        asked = asked.where(questions.c.asked_at > since)
    query = (
        select(feedback.c.answer_id, feedback.c.user_hash, feedback.c.vote)
        .where(feedback.c.answer_id.in_(asked.scalar_subquery()))
        .order_by(feedback.c.id)
    )
    last: dict[str, dict[str, str]] = defaultdict(dict)
    for answer_id, user_hash, vote in conn.execute(query):
        last[answer_id][user_hash] = vote
    return {
        answer_id: (sum(v == "up" for v in by.values()), sum(v == "down" for v in by.values()))
        for answer_id, by in last.items()
    }


def _logged(values: dict[str, object]) -> LoggedQuestion:
    stored = {name: values[name] for name in _STORED}
    cited = json.loads(str(stored["cited_doc_ids"]))
    return LoggedQuestion(**(stored | {"cited_doc_ids": cited, "refused": bool(stored["refused"])}))  # type: ignore[arg-type]


def _with_votes(row: LoggedQuestion, votes: dict[str, tuple[int, int]]) -> LoggedQuestion:
    up, down = votes.get(row.answer_id or "", (0, 0))
    return replace(row, up=up, down=down) if up or down else row
