"""The recorded week (tests/reporting/week.jsonl and index.json), its rendered report, and
`record_week`, which writes the week into a real state database as the front ends would.

.venv/bin/python -m tests.reporting.week report.html   # render it to look at
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from assistant.answering.answer import Answer, Citation
from assistant.reporting import IndexSummary, QuestionRecord, render_report
from assistant.reporting.gaps import Embed
from assistant.state import StateDB
from assistant.state.feedback import FeedbackStore
from assistant.state.questions import QuestionLog
from assistant.state.users import UserHasher

HERE = Path(__file__).parent
GENERATED_AT = datetime(2026, 12, 2, 8, 30, tzinfo=UTC)


def load_week() -> list[QuestionRecord]:
    lines = (HERE / "week.jsonl").read_text(encoding="utf-8").splitlines()
    return [QuestionRecord.model_validate_json(line) for line in lines if line.strip()]


def load_index() -> IndexSummary:
    return IndexSummary.model_validate_json((HERE / "index.json").read_text(encoding="utf-8"))


def render_week(embed: Embed) -> str:
    return render_report(load_week(), load_index(), embed=embed, generated_at=GENERATED_AT)


class ReasonedAnswer(Answer):
    """An Answer with the refusal reason the answer-quality branch adds (read with getattr)."""

    refusal_reason: str | None = None


def record_week(state: StateDB, records: list[QuestionRecord] | None = None) -> None:
    """Log each question at its time, as its front end did, with its Slack votes."""
    moment = [0.0]
    hasher = UserHasher(state)
    log = QuestionLog(state, clock=lambda: moment[0], hasher=hasher)
    store = FeedbackStore(state, clock=lambda: moment[0], hasher=hasher)
    for record in records if records is not None else load_week():
        moment[0] = record.asked_at.timestamp()
        answer = ReasonedAnswer(
            question=record.question, text="...", refused=record.refused,
            refusal_reason=record.refusal_reason,
            citations=[Citation(number=n, doc_id=doc, title=doc, chunk_id=f"{doc}#1")
                       for n, doc in enumerate(record.cited_doc_ids, start=1)],
        )  # fmt: skip
        answer_id = store.save_answer(answer, channel="C1") if record.front_end == "slack" else None
        log.record(
            answer, front_end=record.front_end, channel_type=record.channel_type,
            user_id=str(record.user_hash), latency_ms=record.latency_ms, answer_id=answer_id,
        )  # fmt: skip
        votes = ["up"] * record.up + ["down"] * record.down
        for n, vote in enumerate(votes):  # the asker first, then others
            store.add_feedback(user_id=f"{record.user_hash}:{n}", channel="C1", vote=vote,  # type: ignore[arg-type]
                               answer_id=str(answer_id), answer=answer)  # fmt: skip


if __name__ == "__main__":
    from assistant.factory import make_embeddings
    from assistant.settings import Settings

    embeddings = make_embeddings(Settings(_env_file=None))  # type: ignore[call-arg]
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "report.html")
    out.write_text(render_week(embeddings.embed_documents), encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")
