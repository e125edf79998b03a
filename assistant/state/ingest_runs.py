"""Finished ingestions, for the admin report: when each ran, its summary, the files it could
not read. The CLI's `ingest` and the Slack re-index record their run here; ingestion itself
does not know about it."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import delete, insert, select

from assistant.state.database import StateDB
from assistant.state.tables import ingest_runs

KEEP_RUNS = 50  # per collection; the report shows the latest


@dataclass(frozen=True)
class Failure:
    path: str
    reason: str


@dataclass(frozen=True)
class IngestRun:
    finished_at: float
    summary: str
    failures: list[Failure] = field(default_factory=list)


class FileProblem(Protocol):
    @property
    def path(self) -> str: ...

    @property
    def reason(self) -> str: ...


class Report(Protocol):
    """What is recorded of an `ingest.report.IngestReport`."""

    @property
    def failed(self) -> Sequence[FileProblem]: ...

    def summary(self) -> str: ...


class IngestRuns:
    def __init__(self, state: StateDB, *, clock: Callable[[], float] = time.time) -> None:
        self.state, self._clock = state, clock

    def record_report(self, collection: str, report: Report) -> IngestRun:
        failures = [Failure(f.path, f.reason) for f in report.failed]
        return self.record(collection, summary=report.summary(), failures=failures)

    def record(self, collection: str, *, summary: str, failures: list[Failure]) -> IngestRun:
        """One finished run; only the latest KEEP_RUNS of the collection are kept."""
        run = IngestRun(self._clock(), summary, list(failures))
        rows = json.dumps([{"path": f.path, "reason": f.reason} for f in failures])
        with self.state.begin() as conn:
            conn.execute(
                insert(ingest_runs).values(
                    collection=collection, finished_at=run.finished_at, summary=summary,
                    failures=rows,
                )
            )  # fmt: skip
            kept = (
                select(ingest_runs.c.id)
                .where(ingest_runs.c.collection == collection)
                .order_by(ingest_runs.c.finished_at.desc())
                .limit(KEEP_RUNS)
            )
            conn.execute(
                delete(ingest_runs).where(
                    ingest_runs.c.collection == collection,
                    ingest_runs.c.id.not_in(kept.scalar_subquery()),
                )
            )
        return run

    def latest(self, collection: str) -> IngestRun | None:
        query = (
            select(ingest_runs.c.finished_at, ingest_runs.c.summary, ingest_runs.c.failures)
            .where(ingest_runs.c.collection == collection)
            .order_by(ingest_runs.c.finished_at.desc(), ingest_runs.c.id.desc())
            .limit(1)
        )
        with self.state.begin() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        failures = [Failure(str(f["path"]), str(f["reason"])) for f in json.loads(row.failures)]
        return IngestRun(float(row.finished_at), str(row.summary), failures)
