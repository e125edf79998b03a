"""Counts behind the report: per day, per document, per front end. Pure functions."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from assistant.reporting.records import QuestionRecord

REFUSED_ANSWERS = "(refused answers)"  # votes on a refusal cite no document


@dataclass(frozen=True)
class Day:
    day: date
    answered: int
    refused: int

    @property
    def asked(self) -> int:
        return self.answered + self.refused


@dataclass(frozen=True)
class Votes:
    doc_id: str
    up: int
    down: int


@dataclass(frozen=True)
class Latency:
    front_end: str
    questions: int
    p50: float
    p95: float
    max: float


def local_day(moment: datetime, zone: tzinfo) -> date:
    """The calendar day in `zone` (a time without a zone is taken as UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone).date()


def per_day(records: Sequence[QuestionRecord], *, zone: tzinfo = UTC) -> list[Day]:
    """Every day from the first question to the last (quiet days included), in order."""
    if not records:
        return []
    answered = Counter(local_day(r.asked_at, zone) for r in records if not r.refused)
    refused = Counter(local_day(r.asked_at, zone) for r in records if r.refused)
    first, last = min(answered | refused), max(answered | refused)
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [Day(d, answered[d], refused[d]) for d in days]


def votes_by_document(records: Sequence[QuestionRecord]) -> list[Votes]:
    """Thumbs up and down by each document the voted answer cited; most thumbs-down first."""
    up: Counter[str] = Counter()
    down: Counter[str] = Counter()
    for record in records:
        for doc in set(record.cited_doc_ids) or {REFUSED_ANSWERS}:
            up[doc] += record.up
            down[doc] += record.down
    votes = [Votes(doc, up[doc], down[doc]) for doc in set(up) | set(down) if up[doc] + down[doc]]
    return sorted(votes, key=lambda v: (-v.down, -(v.up + v.down), v.doc_id))


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `share` of values at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def latency_by_front_end(records: Sequence[QuestionRecord]) -> list[Latency]:
    """p50, p95 and max answer time per front end, then for all of them together."""
    groups: dict[str, list[float]] = {}
    for record in records:
        groups.setdefault(record.front_end, []).append(record.latency_ms)
    if len(groups) > 1:
        groups["all"] = [r.latency_ms for r in records]
    return [
        Latency(name, len(ms), percentile(ms, 0.5), percentile(ms, 0.95), max(ms))
        for name, ms in sorted(groups.items(), key=lambda item: (item[0] == "all", item[0]))
    ]


def refusal_reasons(records: Sequence[QuestionRecord]) -> list[tuple[str | None, int]]:
    counts = Counter(r.refusal_reason for r in records if r.refused)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0] or ""))
