"""Floors and baseline comparison (the logic; the gate itself is test_eval_gate.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from eval_support import build_item, build_result

from assistant.evaluation.errors import BaselineError
from assistant.evaluation.gate import (
    BASELINE_KEYS,
    Drift,
    compare_to_baseline,
    failed_floors,
    load_baseline,
    offenders,
    write_baseline,
)
from assistant.evaluation.suite import score_run

PASSING = {
    "hit@5": 0.96,
    "must_include": 0.9,
    "citation_validity": 1.0,
    "refusal_recall": 1.0,
    "false_refusal_rate": 0.0,
    "must_not_include_violations": 0,
}


@pytest.mark.parametrize(
    ("changes", "failed"),
    [
        ({}, []),
        ({"hit@5": 0.95, "false_refusal_rate": 0.05}, []),
        ({"hit@5": 0.9}, ["hit@5 is 90.0%, needs >= 95.0%"]),
        ({"citation_validity": 0.98}, ["citation_validity is 98.0%, needs == 100.0%"]),
        ({"false_refusal_rate": 0.06}, ["false_refusal_rate is 6.0%, needs <= 5.0%"]),
        ({"must_not_include_violations": 1}, ["must_not_include_violations is 1, needs == 0"]),
        ({"refusal_recall": None}, []),  # no unanswerable questions: not applicable
    ],
)
def test_failed_floors(changes: dict[str, Any], failed: list[str]) -> None:
    assert failed_floors({**PASSING, **changes}) == failed


@pytest.mark.parametrize(
    ("key", "baseline", "current", "regressed"),
    [
        ("hit@5", 0.98, 0.96, False),
        ("hit@5", 0.98, 0.95, False),  # exactly 3 points is allowed
        ("hit@5", 0.98, 0.94, True),
        ("hit@5", 0.90, 1.00, False),
        ("false_refusal_rate", 0.00, 0.03, False),
        ("false_refusal_rate", 0.00, 0.04, True),
        ("false_refusal_rate", 0.10, 0.00, False),
        ("must_not_include_violations", 0, 1, True),
        ("must_not_include_violations", 2, 1, False),
    ],
)
def test_drift_regression(key: str, baseline: float, current: float, regressed: bool) -> None:
    assert Drift(key, baseline, current).regressed is regressed


@pytest.mark.parametrize(
    ("drift", "text"),
    [
        (Drift("hit@5", 0.98, 0.94), "hit@5: 94.0% vs baseline 98.0% (-4.0 points)"),
        (Drift("mrr", 0.5, 0.75), "mrr: 0.750 vs baseline 0.500 (+0.250)"),
        (Drift("must_not_include_violations", 0, 2), "must_not_include_violations: 2 vs "
         "baseline 0 (+2)"),
    ],
)  # fmt: skip
def test_drift_describes_the_difference(drift: Drift, text: str) -> None:
    assert drift.describe() == text


def test_compare_skips_metrics_missing_on_either_side() -> None:
    drifts = compare_to_baseline(
        {"hit@5": 0.9, "mrr": None, "latency_p50_ms": 9.0},
        {"hit@5": 1.0, "mrr": 0.8, "refusal_recall": 1.0, "latency_p50_ms": 1.0},
    )

    assert drifts == [Drift("hit@5", 1.0, 0.9)]


def test_baseline_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "eval" / "baseline.json"
    summary = {**PASSING, "mrr": 0.123456, "latency_p50_ms": 12.0}

    write_baseline(path, summary, {"retriever": "hybrid", "k": 5})
    document = load_baseline(path)

    assert document["config"] == {"retriever": "hybrid", "k": 5}
    assert set(document["metrics"]) == set(BASELINE_KEYS)
    assert "latency_p50_ms" not in document["metrics"]
    assert document["metrics"]["mrr"] == 0.1235
    assert compare_to_baseline(summary, document["metrics"])
    assert not any(d.regressed for d in compare_to_baseline(summary, document["metrics"]))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "No baseline at .*sendplan eval --write-baseline"),
        ("{not json", "not valid JSON"),
        (json.dumps({"config": {}}), "no 'metrics' object"),
    ],
)
def test_load_baseline_errors(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")

    with pytest.raises(BaselineError, match=message):
        load_baseline(path)


def test_offenders_name_the_questions_behind_a_floor() -> None:
    items = [build_item(id="a1"), build_item(id="a2"), build_item(id="u1", answerable=False)]
    results = [
        build_result(id="a1"),
        build_result(id="a2", retrieved_doc_ids=["roadmap"], refused=True),
        build_result(id="u1", answerable=False),
    ]
    scores = score_run(items, results).scores

    assert offenders(scores, "hit@5") == ["a2"]
    assert offenders(scores, "false_refusal_rate") == ["a2"]
    assert offenders(scores, "refusal_recall") == ["u1"]
    assert offenders(scores, "mrr") == []
