"""Regenerate tests/reporting/week.jsonl: a recorded week of staff questions (made up here).

Each distinct question is asked once through the real answer chain over the bundled corpus,
so whether it is refused, which documents it cites and how long answering takes are real;
when it was asked, from where, by whom and the votes are drawn from a seeded generator.

    .venv/bin/python -m tests.reporting.make_week   # after `sendplan ingest`
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assistant.reporting.records import (
    IndexedDocumentSummary,
    IndexSummary,
    IngestFailureSummary,
    QuestionRecord,
)

OUT = Path(__file__).with_name("week.jsonl")
INDEX_OUT = Path(__file__).with_name("index.json")
WEEK_START = datetime(2026, 11, 25, tzinfo=UTC)  # Wednesday; the week ends on Tuesday 1 Dec
DAY_WEIGHTS = (1.2, 1.1, 0.8, 0.15, 0.1, 1.4, 1.1)  # Wed..Tue: quiet weekend, busy Monday

# (question, how often it is asked in the week)
QUESTIONS: list[tuple[str, int]] = [
    ("How many new special free schools does the plan promise?", 8),
    ("When will the National Standards be published?", 6),
    ("What is the SENCo NPQ and when does it start?", 6),
    ("What are the three aims of the improvement plan?", 4),
    ("What is the Change Programme?", 4),
    ("How much is being spent on the Change Programme?", 3),
    ("What will the standardised EHCP template change?", 5),
    ("Is mediation going to be mandatory before a tribunal appeal?", 3),
    ("What is the three-tier model for alternative provision?", 4),
    ("How many educational psychologists will be trained?", 3),
    ("What are Regional Expert Partnerships?", 3),
    ("What did council leaders say about the plan?", 3),
    ("How did the sector respond to the improvement plan?", 3),
    ("What are AP Specialist Taskforces?", 3),
    ("How many early years SENCos will be funded?", 3),
    ("What is ordinarily available provision?", 3),
    ("What does the roadmap say will happen by the end of 2025?", 3),
    ("What is a local SEND and AP partnership?", 2),
    ("What are inclusion dashboards?", 2),
    ("What progress has been made on the plan since 2023?", 2),
    ("What does EHCP stand for?", 2),
    ("What does the plan mean for early years settings?", 2),
    ("What should governing boards do about the SENCo qualification?", 2),
    ("Will there be a national AP performance framework?", 2),
    ("What is the Delivering Better Value programme?", 2),
    ("What is the Safety Valve programme?", 2),
    ("How long does a council have to issue an EHCP?", 2),
    ("What does PINS stand for?", 2),
    # what the documents do not cover: the documents to add next
    ("What is our council's home to school transport policy for SEND pupils?", 4),
    ("Who is eligible for free SEND transport to school?", 3),
    ("Can a child with an EHCP get a taxi to school?", 2),
    ("How do parents appeal a school transport decision?", 2),
    ("How long is the wait for an autism assessment in our area?", 4),
    ("What are the waiting times for an ADHD diagnosis?", 3),
    ("How long are autism assessment waiting lists at the moment?", 3),
    ("What's the ADHD assessment waiting list like?", 2),
    ("Can a school refuse support while a child waits for an autism assessment?", 2),
    ("What pay grade are SEN teaching assistants on?", 3),
    ("How much extra are SENCos paid?", 2),
    ("Is there a pay allowance for teachers in special schools?", 2),
    ("Which colleges near us take students with an EHCP after 16?", 3),
    ("What support is there for SEND students at college after year 11?", 2),
    ("What post-16 options are there for young people with an EHCP?", 2),
    ("How do I apply for an emergency SEND panel date?", 3),
    ("When does the SEND panel meet this month?", 2),
    ("Where can I find the SEND panel calendar?", 2),
    ("What Ofsted rating did our local special school get?", 2),
    ("What is the high needs budget for our council in 2026?", 2),
    ("How much top-up funding does a pupil with an EHCP bring in 2026?", 2),
    ("How much high needs funding per pupil will schools get next year?", 2),
    ("What is the deadline for EHCP annual reviews?", 2),
    ("Can you book the training room for Thursday?", 1),
    ("What is the weather in Leeds tomorrow?", 1),
]

USERS = [f"U0{n:02d}STAFF" for n in range(24)]
DOWN_VOTED = {"sector-responses-2023": 0.45, "localgov-2023-03-02-send-plan-reaction": 0.35}


def main() -> None:
    from assistant.factory import build_assistant
    from assistant.settings import Settings

    settings = Settings()  # type: ignore[call-arg]
    assistant = build_assistant(settings)
    rng = random.Random(20261201)
    assistant.ask("What is the plan?")  # loads the model, so no question pays for it
    answers = {q: assistant.ask(q) for q, _ in QUESTIONS}
    asks = [q for q, n in QUESTIONS for _ in range(n)]
    rng.shuffle(asks)
    records = sorted((_record(q, answers[q], rng) for q in asks), key=lambda r: r.asked_at)
    OUT.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    INDEX_OUT.write_text(_index(settings).model_dump_json(indent=1) + "\n", encoding="utf-8")
    refused = sum(r.refused for r in records)
    print(f"{OUT}: {len(records)} questions, {refused} refused")


def _index(settings: object) -> IndexSummary:
    """The bundled corpus as indexed, ingested on the Monday, and one file that failed."""
    from vectorstore.catalog import indexed_documents

    monday = WEEK_START + timedelta(days=5, hours=7, minutes=42)
    documents = [
        IndexedDocumentSummary(
            doc_id=d.doc_id, title=d.title, chunks=d.chunks, last_ingested=monday
        )
        for d in indexed_documents(settings)  # type: ignore[arg-type]
    ]
    failure = IngestFailureSummary(
        path="corpus/send-panel-minutes-2026-11.docx",
        reason="could not be parsed (BadZipFile: File is not a zip file)",
        at=monday,
    )
    return IndexSummary(documents=documents, failures=[failure])


def _record(question: str, answer: object, rng: random.Random) -> QuestionRecord:
    front_end, channel = rng.choices(
        [("slack", "channel"), ("slack", "im"), ("ask", "terminal"), ("chat", "terminal")],
        weights=(45, 25, 12, 18),
    )[0]
    refused = bool(answer.refused)  # type: ignore[attr-defined]
    cited = list(dict.fromkeys(answer.cited_doc_ids))  # type: ignore[attr-defined]
    base = answer.timings.get("total_ms", 60.0)  # type: ignore[attr-defined]
    latency = base * rng.uniform(0.8, 1.6) + (rng.uniform(250, 900) if front_end == "slack" else 0)
    if front_end == "chat" and rng.random() < 0.1:
        latency += rng.uniform(800, 2500)  # first question of a chat loads the model
    return QuestionRecord(
        asked_at=_when(rng),
        front_end=front_end,  # type: ignore[arg-type]
        channel_type=channel,
        question=question,
        refused=refused,
        refusal_reason=_reason(answer),
        cited_doc_ids=cited,
        latency_ms=round(latency, 1),
        **_votes(_vote(front_end, refused, cited, rng)),
        user_hash=hashlib.sha256(rng.choice(USERS).encode()).hexdigest()[:16],
    )


def _when(rng: random.Random) -> datetime:
    day = rng.choices(range(7), weights=DAY_WEIGHTS)[0]
    minutes = int(rng.triangular(8 * 60, 18 * 60, 10.5 * 60))
    return WEEK_START + timedelta(days=day, minutes=minutes, seconds=rng.randrange(60))


def _reason(answer: object) -> str | None:
    reason = getattr(answer, "refusal_reason", None)
    return str(reason.code) if reason is not None else None


def _vote(front_end: str, refused: bool, cited: list[str], rng: random.Random) -> str | None:
    if front_end != "slack" or rng.random() > 0.35:
        return None  # only Slack answers have buttons, and most people do not click
    if refused:
        return "down" if rng.random() < 0.6 else None
    risk = max((DOWN_VOTED.get(doc, 0.1) for doc in cited), default=0.1)
    return "down" if rng.random() < risk else "up"


def _votes(vote: str | None) -> dict[str, int]:
    return {"up": int(vote == "up"), "down": int(vote == "down")}


if __name__ == "__main__":
    main()
