"""Aggregate metrics over hand-made results, overall and per category."""

from __future__ import annotations

import pytest
from eval_support import build_item, build_result, citation

from assistant.evaluation.metrics import format_value, percentile, summarise
from assistant.evaluation.suite import score_run

REFUSAL = {"refused": True, "answer": "I couldn't find this.", "citations": [], "cited_doc_ids": []}


def mixed_run():
    """Six questions: ranks 1, 2, 4 and a miss, one false refusal, two unanswerable."""
    items = [
        build_item(id="a1", category="number"),
        build_item(id="a2", category="number", expected_sources=["roadmap"]),
        build_item(id="a3", category="fact", expected_sources=["glossary"]),
        build_item(id="a4", category="fact", expected_sources=["missing-doc"]),
        build_item(id="u1", category="out_of_scope", answerable=False, expected_sources=[],
                   must_include=[], must_not_include=["Paris"]),
        build_item(id="u2", category="out_of_scope", answerable=False, expected_sources=[],
                   must_include=[]),
    ]  # fmt: skip
    results = [
        build_result(id="a1", category="number", latency_ms=10.0),
        build_result(id="a2", category="number", latency_ms=20.0,
                     answer="Thirty-three schools [1].",  # misses '33'
                     citations=[citation(1, "digest", "digest-9")]),  # not retrieved
        build_result(id="a3", category="fact", latency_ms=30.0,
                     retrieved_doc_ids=["digest", "roadmap", "sector", "glossary"]),
        build_result(id="a4", category="fact", latency_ms=40.0, **REFUSAL),
        build_result(id="u1", category="out_of_scope", answerable=False, latency_ms=50.0,
                     answer="Paris is the capital [1]."),  # answered and violated
        build_result(id="u2", category="out_of_scope", answerable=False, latency_ms=60.0,
                     **REFUSAL),
    ]  # fmt: skip
    return score_run(items, results)


def test_overall_metrics() -> None:
    overall = mixed_run().overall

    assert overall["n"] == 6
    assert (overall["n_answerable"], overall["n_unanswerable"]) == (4, 2)
    assert overall["hit@1"] == pytest.approx(1 / 4)
    assert overall["hit@3"] == pytest.approx(2 / 4)
    assert overall["hit@5"] == pytest.approx(3 / 4)
    assert overall["mrr"] == pytest.approx((1 + 1 / 2 + 1 / 4 + 0) / 4)
    assert overall["must_include"] == pytest.approx(2 / 4)  # a2 misses, a4 refused
    assert overall["must_not_include_violations"] == 1
    assert overall["citation_validity"] == pytest.approx(5 / 6)
    assert overall["citation_accuracy"] == pytest.approx(1 / 4)  # only a1 cites what it expects
    assert overall["refusal_recall"] == pytest.approx(1 / 2)
    assert overall["false_refusal_rate"] == pytest.approx(1 / 4)
    # a1 and a3 supported; a2 'Thirty-three schools' cites an unknown chunk; u1 unsupported
    assert overall["faithfulness"] == pytest.approx(2 / 4)
    assert overall["latency_p50_ms"] == pytest.approx(35.0)
    assert overall["latency_p95_ms"] == pytest.approx(57.5)


def test_per_category_metrics_and_not_applicable() -> None:
    categories = mixed_run().categories

    assert list(categories) == ["number", "fact", "out_of_scope"]
    assert categories["number"]["hit@5"] == 1.0
    assert categories["number"]["refusal_recall"] is None
    assert categories["fact"]["false_refusal_rate"] == 0.5
    assert categories["out_of_scope"]["hit@5"] is None
    assert categories["out_of_scope"]["must_include"] is None
    assert categories["out_of_scope"]["refusal_recall"] == 0.5
    assert categories["out_of_scope"]["must_not_include_violations"] == 1


def test_empty_set_has_no_rates() -> None:
    summary = summarise([])

    assert summary["n"] == 0
    assert summary["hit@5"] is None
    assert summary["faithfulness"] is None
    assert summary["latency_p50_ms"] is None


def test_questions_without_expected_sources_or_groups_are_not_counted() -> None:
    items = [build_item(id="a1"), build_item(id="a2", expected_sources=[], must_include=[])]
    results = [build_result(id="a1"), build_result(id="a2", retrieved_doc_ids=[])]

    overall = score_run(items, results).overall

    assert overall["hit@5"] == 1.0
    assert overall["must_include"] == 1.0
    assert overall["citation_accuracy"] == 1.0


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([5.0], 95, 5.0),
        ([1.0, 2.0], 50, 1.5),
        ([3.0, 1.0, 2.0], 50, 2.0),
        ([1.0, 2.0, 3.0, 4.0, 5.0], 95, 4.8),
        ([1.0, 2.0, 3.0, 4.0, 5.0], 100, 5.0),
        ([], 50, None),
    ],
)
def test_percentile(values: list[float], q: float, expected: float | None) -> None:
    assert percentile(values, q) == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize(
    ("key", "value", "text"),
    [
        ("hit@5", 0.95, "95.0%"),
        ("hit@5", None, "-"),
        ("must_not_include_violations", 2, "2"),
        ("latency_p95_ms", 1234.4, "1,234 ms"),
        ("unknown", 3, "3"),
    ],
)
def test_format_value(key: str, value: float | None, text: str) -> None:
    assert format_value(key, value) == text
