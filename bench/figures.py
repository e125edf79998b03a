"""Turning measurements into the printed table (with targets) and the JSON figures."""

from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass
from typing import Any

from ingest_bench import IngestFigures
from latency_bench import ColdStart, Samples, WarmLatency

# Targets from issue 2.
WARM_P50_MS = 100.0
WARM_P95_MS = 250.0
INGEST_RATIO = 0.80
LOAD_WARNING = 1.5  # the machine has 2 cores: above this, something else competes for them


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), interpolating linearly between closest ranks."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def spread(values: list[float]) -> dict[str, float]:
    return {"p50": percentile(values, 50), "p95": percentile(values, 95), "max": max(values)}


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()


@dataclass
class Row:
    label: str
    value: str
    target: str = ""
    ok: bool | None = None

    @property
    def verdict(self) -> str:
        return "" if self.ok is None else ("PASS" if self.ok else "MISS")


def ingest_rows(figures: IngestFigures) -> list[Row]:
    best = figures.best()
    raw = figures.best_raw_cps()
    ratio = best.ingest_cps / raw
    rows = [
        Row(f"ingestion, full rebuild ({best.chunks} chunks)", f"{best.ingest_cps:7.1f} chunks/s"),
        Row(f"raw encoder, same texts (batch {figures.batch_size})", f"{raw:7.1f} chunks/s"),
        Row(
            "  raw encoder, one call per ingestion batch",
            f"{figures.best_raw_batched_cps():7.1f} chunks/s",
        ),
        Row(
            "ingestion / raw encoder",
            f"{ratio:7.0%}",
            f">= {INGEST_RATIO:.0%}",
            ratio >= INGEST_RATIO,
        ),
        Row(
            "  time embedding inside ingestion",
            f"{best.embed_seconds_in_ingest:7.2f} s of {best.ingest_seconds:.2f} s",
        ),
        Row("  parse + chunk alone (tokenizer counts)", f"{best.load_chunk_seconds:7.2f} s"),
    ]
    if figures.reingest is not None:
        again = figures.reingest
        rows.append(
            Row(
                f"re-ingest unchanged: texts embedded ({again.skipped} skipped, "
                f"{again.seconds:.1f} s)",
                f"{again.embedded:7d}",
                "0",
                again.embedded == 0 and again.added == 0 and again.updated == 0,
            )
        )
    return rows


def cold_rows(cold: ColdStart) -> list[Row]:
    answered = "" if cold.answered else "  (answer lacked '33'!)"
    return [
        Row(
            f"cold start `sendplan ask`, {len(cold.seconds)} runs (median / min)",
            f"{cold.median:7.2f} s / {cold.best:.2f} s{answered}",
        )
    ]


def warm_rows(warm: WarmLatency) -> list[Row]:
    new = warm.new
    rows: list[Row] = []
    for name, values in (("wall", new.wall_ms), ("total_ms", new.timings["total_ms"])):
        figures = spread(values)
        rows += [
            Row(
                f"warm {name} p50",
                f"{figures['p50']:7.1f} ms",
                f"<= {WARM_P50_MS:.0f} ms",
                figures["p50"] <= WARM_P50_MS,
            ),
            Row(
                f"warm {name} p95",
                f"{figures['p95']:7.1f} ms",
                f"<= {WARM_P95_MS:.0f} ms",
                figures["p95"] <= WARM_P95_MS,
            ),
            Row(f"warm {name} max", f"{figures['max']:7.1f} ms"),
        ]
    for key in ("retrieve_ms", "answer_ms"):
        rows.append(Row(f"  {key} p50 / p95 / max", _triple(new.timings[key])))
    rows.append(Row("  same questions again, caches hot: wall", _triple(warm.repeated.wall_ms)))
    return rows


def _triple(values: list[float]) -> str:
    figures = spread(values)
    return f"{figures['p50']:7.1f} / {figures['p95']:.1f} / {figures['max']:.1f} ms"


def render(rows: list[Row]) -> str:
    width = max(len(r.label) for r in rows)
    value_width = max(len(r.value) for r in rows)
    lines = [
        f"{'figure':<{width}}  {'value':<{value_width}}  {'target':<9}  result",
        "-" * (width + value_width + 25),
    ]
    lines += [
        f"{r.label:<{width}}  {r.value:<{value_width}}  {r.target:<9}  {r.verdict}".rstrip()
        for r in rows
    ]
    return "\n".join(lines)


def as_json(
    *,
    machine: dict[str, Any],
    ingest: IngestFigures | None,
    cold: ColdStart | None,
    warm: WarmLatency | None,
    rows: list[Row],
) -> dict[str, Any]:
    """Every figure, raw samples included, for comparing runs."""
    data: dict[str, Any] = {
        "machine": machine,
        "results": [{**asdict(r), "verdict": r.verdict} for r in rows],
    }
    if ingest is not None:
        data["ingestion"] = {
            "files": ingest.files,
            "batch_size": ingest.batch_size,
            "model_load_seconds": ingest.model_load_seconds,
            "rounds": [r.as_dict() for r in ingest.rounds],
            "ratio": ingest.best().ingest_cps / ingest.best_raw_cps(),
            "reingest": asdict(ingest.reingest) if ingest.reingest else None,
        }
    if cold is not None:
        data["cold_start"] = {
            "seconds": cold.seconds,
            "median": cold.median,
            "min": cold.best,
            "answered": cold.answered,
        }
    if warm is not None:
        data["warm"] = {
            "questions": warm.questions,
            "repeats": warm.repeats,
            "new": _samples_json(warm.new),
            "repeated": _samples_json(warm.repeated),
        }
    return data


def _samples_json(samples: Samples) -> dict[str, Any]:
    return {
        "refused": samples.refused,
        "wall_ms": spread(samples.wall_ms),
        **{key: spread(values) for key, values in samples.timings.items()},
        "samples_wall_ms": samples.wall_ms,
    }
