"""Where the report's data comes from: the question log, the Chroma collection's metadata and
the state database, each read by one small function (the only ones that know those stores)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from assistant.reporting.records import (
    IndexedDocumentSummary,
    IndexSummary,
    IngestFailureSummary,
    QuestionRecord,
)
from assistant.settings import Settings
from assistant.state.database import StateDB
from assistant.state.ingest_runs import IngestRuns
from assistant.state.questions import LoggedQuestion, QuestionLog
from assistant.state.tables import index_records


def question_records(questions: QuestionLog, *, since: float | None = None) -> list[QuestionRecord]:
    """Every logged question asked after `since` (default: all kept), oldest first."""
    return [to_record(row) for row in reversed(questions.recent(limit=None, since=since))]


def to_record(row: LoggedQuestion) -> QuestionRecord:
    return QuestionRecord(
        asked_at=_utc(row.asked_at),
        front_end=row.front_end,  # type: ignore[arg-type]  # only slack, ask and chat log
        channel_type=row.channel_type,
        question=row.question,
        refused=row.refused,
        refusal_reason=row.refusal_reason,
        cited_doc_ids=row.cited_doc_ids,
        latency_ms=row.latency_ms,
        up=row.up,
        down=row.down,
        user_hash=row.user_hash,
    )


def index_summary(settings: Settings, *, state: StateDB, client: Any = None) -> IndexSummary:
    """The documents in the collection (title, chunks, when an ingestion last saw each file)
    and the latest ingestion's failures. Reads only."""
    from vectorstore.catalog import indexed_documents

    seen = last_ingested(state, settings.collection)
    documents = [
        IndexedDocumentSummary(
            doc_id=d.doc_id,
            title=d.title,
            chunks=d.chunks,
            last_ingested=_utc(seen[d.source]) if d.source in seen else None,
        )
        for d in indexed_documents(settings, client=client)
    ]
    run = IngestRuns(state).latest(settings.collection)
    if run is None:
        return IndexSummary(documents=documents)
    failures = [
        IngestFailureSummary(path=f.path, reason=f.reason, at=_utc(run.finished_at))
        for f in run.failures
    ]
    return IndexSummary(
        documents=documents,
        failures=failures,
        last_run_at=_utc(run.finished_at),
        last_run_summary=run.summary,
    )


def last_ingested(state: StateDB, collection: str) -> dict[str, float]:
    """Source file -> when an ingestion last indexed or checked its chunks (LangChain's
    record manager refreshes an unchanged chunk's time on every run)."""
    namespace = f"chroma/{collection}"  # as ingest.pipeline names its record manager
    query = (
        select(index_records.c.group_id, func.max(index_records.c.updated_at))
        .where(index_records.c.namespace == namespace)
        .group_by(index_records.c.group_id)
    )
    with state.begin() as conn:
        return {str(group): float(when) for group, when in conn.execute(query) if group}


def _utc(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
