"""Aggregate per-question scores into the suite's metrics, overall and per category.

Who counts for what:
- hit@k, MRR, citation accuracy: answerable questions with expected_sources;
- must-include coverage: answerable questions with must_include groups (a refusal covers none);
- false-refusal rate: answerable questions; refusal recall: unanswerable ones;
- citation validity, must-not-include violations (a count), latency: every question;
- faithfulness: every sentence of every answer that is not a refusal, pooled.

A metric is None when no question in the set is eligible for it (for example refusal recall
on a category with no unanswerable questions).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from assistant.evaluation.scoring import QuestionScore

Summary = dict[str, float | int | None]


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    short: str  # column heading in the per-category tables
    kind: str = "rate"  # "rate" (share, 0..1), "score" (0..1, not a share), "count" or "ms"
    higher_is_better: bool = True


METRICS: tuple[Metric, ...] = (
    Metric("hit@1", "Retrieval hit@1", "hit@1"),
    Metric("hit@3", "Retrieval hit@3", "hit@3"),
    Metric("hit@5", "Retrieval hit@5", "hit@5"),
    Metric("mrr", "Retrieval MRR", "MRR", "score"),
    Metric("must_include", "Must-include coverage", "must-include"),
    Metric("must_not_include_violations", "Must-not-include violations", "violations", "count",
           higher_is_better=False),
    Metric("citation_validity", "Citation validity", "cite valid"),
    Metric("citation_accuracy", "Citation accuracy", "cite acc"),
    Metric("refusal_recall", "Refusal recall", "refusal rec"),
    Metric("false_refusal_rate", "False-refusal rate", "false ref", higher_is_better=False),
    Metric("faithfulness", "Faithfulness", "faithful"),
    Metric("latency_p50_ms", "Latency p50", "p50", "ms", higher_is_better=False),
    Metric("latency_p95_ms", "Latency p95", "p95", "ms", higher_is_better=False),
)  # fmt: skip
JUDGE_METRICS: tuple[Metric, ...] = (
    Metric("judge_correctness", "Judge: correctness", "judge correct"),
    Metric("judge_faithfulness", "Judge: faithfulness", "judge faithful"),
)
BY_KEY = {metric.key: metric for metric in METRICS + JUDGE_METRICS}


def share(values: Iterable[bool]) -> float | None:
    """The share of true values; None for none at all."""
    flags = list(values)
    return sum(flags) / len(flags) if flags else None


def mean(values: Iterable[float]) -> float | None:
    numbers = list(values)
    return sum(numbers) / len(numbers) if numbers else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation, as numpy's default."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarise(scores: Sequence[QuestionScore]) -> Summary:
    """Every metric over a set of scored questions."""
    answerable = [s for s in scores if s.answerable]
    sourced = [s for s in answerable if s.has_expected_sources]
    answered = [s for s in scores if not s.refused]
    sentences = sum(s.faithfulness.total for s in answered)
    latencies = [s.latency_ms for s in scores]
    return {
        "n": len(scores),
        "n_answerable": len(answerable),
        "n_unanswerable": len(scores) - len(answerable),
        "hit@1": share(s.hit(1) for s in sourced),
        "hit@3": share(s.hit(3) for s in sourced),
        "hit@5": share(s.hit(5) for s in sourced),
        "mrr": mean(1 / s.doc_rank if s.doc_rank else 0.0 for s in sourced),
        "must_include": share(s.must_include_ok for s in answerable if s.has_must_include),
        "must_not_include_violations": sum(bool(s.violations) for s in scores),
        "citation_validity": share(not s.invalid_citations for s in scores),
        "citation_accuracy": share(s.cites_expected for s in sourced),
        "refusal_recall": share(s.refused for s in scores if not s.answerable),
        "false_refusal_rate": share(s.refused for s in answerable),
        "faithfulness": (
            sum(s.faithfulness.supported for s in answered) / sentences if sentences else None
        ),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
    }


def by_category(
    scores: Sequence[QuestionScore],
    summarise_fn: Callable[[Sequence[QuestionScore]], Summary] = summarise,
) -> dict[str, Summary]:
    """`summarise` for each category, in order of first appearance."""
    categories = dict.fromkeys(s.category for s in scores)
    return {c: summarise_fn([s for s in scores if s.category == c]) for c in categories}


def format_value(key: str, value: float | int | None) -> str:
    """'95.0%' for rates, '0.875' for scores, '3' for counts, '120 ms', '-' when not applicable."""
    if value is None:
        return "-"
    kind = BY_KEY[key].kind if key in BY_KEY else "count"
    if kind == "rate":
        return f"{value:.1%}"
    if kind == "score":
        return f"{value:.3f}"
    if kind == "ms":
        return f"{value:,.0f} ms"
    return f"{value:g}"
