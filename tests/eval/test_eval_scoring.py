"""Per-question checks on hand-made results."""

from __future__ import annotations

from typing import Any

import pytest
from eval_support import build_item, build_result, citation

from assistant.evaluation.scoring import (
    doc_rank,
    faithfulness,
    invalid_citations,
    missing_groups,
    score_result,
    violations,
)


@pytest.mark.parametrize(
    ("retrieved", "expected", "rank"),
    [
        (["a", "b", "c"], ["a"], 1),
        (["a", "b", "c"], ["c", "b"], 2),
        (["a", "b", "c"], ["x"], None),
        ([], ["a"], None),
        (["a", "b"], [], None),
    ],
)
def test_doc_rank(retrieved: list[str], expected: list[str], rank: int | None) -> None:
    assert doc_rank(retrieved, expected) == rank


@pytest.mark.parametrize(
    ("answer", "groups", "missing"),
    [
        ("Up to 5000 early years SENCos.", [["5,000", "5000"]], []),
        ("Up to 5,000 early years SENCos.", [["5000"]], []),
        ("Steve CROCKER said go further and faster.", [["Crocker"], ["further and faster"]], []),
        ("Steve Crocker spoke.", [["Crocker"], ["further and faster", "not enough money"]],
         [("further and faster", "not enough money")]),
        ("Anything.", [], []),
        ("The \u2018safety valve\u2019 scheme", [["'safety valve'"]], []),
    ],
)  # fmt: skip
def test_missing_groups(
    answer: str, groups: list[list[str]], missing: list[tuple[str, ...]]
) -> None:
    assert missing_groups(answer, groups) == missing


@pytest.mark.parametrize(
    ("answer", "forbidden", "found"),
    [
        ("It applies to England only.", ["Scotland"], []),
        ("It applies to Scotland too.", ["scotland", "Wales"], ["scotland"]),
        ("Anything.", ["", "  "], []),
    ],
)
def test_violations(answer: str, forbidden: list[str], found: list[str]) -> None:
    assert violations(answer, forbidden) == found


@pytest.mark.parametrize(
    ("cited", "retrieved", "invalid"),
    [
        (["c1", "c2"], ["c1", "c2", "c3"], []),
        (["c1", "c9"], ["c1", "c2"], ["c9"]),
        ([], [], []),
    ],
)
def test_invalid_citations(cited: list[str], retrieved: list[str], invalid: list[str]) -> None:
    assert invalid_citations(cited, retrieved) == invalid


CHUNKS = {
    "c1": "The plan promises 33 new special free schools.",
    "c2": "About 400 educational psychologists will be trained in two cohorts.",
}


@pytest.mark.parametrize(
    ("answer", "citations", "supported", "total"),
    [
        ("The plan promises 33 new special free schools [1].", {1: "c1"}, 1, 1),
        # the sentence cites the wrong chunk
        ("The plan promises 33 new special free schools [1].", {1: "c2"}, 0, 1),
        # each sentence is checked against its own marker
        ("It promises 33 new schools [1]. About 400 psychologists will be trained [2].",
         {1: "c1", 2: "c2"}, 2, 2),
        ("It promises 33 new schools [2]. About 400 psychologists will be trained [1].",
         {1: "c1", 2: "c2"}, 0, 2),
        # a marker closing the line covers the sentences before it
        ("About 400 educational psychologists. The plan promises 33 schools [1].",
         {1: "c1", 2: "c2"}, 1, 2),
        ("The plan promises 33. New special free schools [1].", {1: "c1"}, 2, 2),
        # a line without markers may lean on any chunk the answer cites
        ("About 400 educational psychologists.\nThe plan promises 33 schools [1].",
         {1: "c1", 2: "c2"}, 2, 2),
        # a wrong number is unsupported
        ("The plan promises 34 new special free schools [1].", {1: "c1"}, 0, 1),
        # no citations at all: nothing supports the claim
        ("The plan promises 33 new special free schools.", {}, 0, 1),
        # the cited chunk's text is unknown
        ("The plan promises 33 new special free schools [1].", {1: "c7"}, 0, 1),
        # a marker pointing at no citation leaves the sentence without evidence
        ("The plan promises 33 new special free schools [5].", {1: "c1"}, 0, 1),
        # sentences without content words do not count
        ("Yes. The plan promises 33 new special free schools [1].", {1: "c1"}, 1, 1),
    ],
)  # fmt: skip
def test_faithfulness(answer: str, citations: dict[int, str], supported: int, total: int) -> None:
    result = faithfulness(answer, citations, CHUNKS)

    assert (result.supported, result.total) == (supported, total)
    assert len(result.unsupported) == total - supported


def test_faithfulness_tolerates_a_little_framing() -> None:
    result = faithfulness("The digest: the plan promises 33 new special free schools [1].",
                          {1: "c1"}, CHUNKS)  # fmt: skip

    assert result.score == 1.0


def test_good_answer_passes_every_check() -> None:
    score = score_result(build_result(), build_item())

    assert score.doc_rank == 1
    assert score.must_include_ok
    assert score.cites_expected
    assert score.faithfulness.score == 1.0
    assert score.failures == []


@pytest.mark.parametrize(
    ("item_fields", "result_fields", "reason"),
    [
        ({}, {"answer": "Thirty-three of them [1]."}, "missing: '33'"),
        ({}, {"retrieved_doc_ids": ["roadmap", "glossary"]}, "no expected source in the top 5"),
        ({}, {"retrieved_doc_ids": ["r1", "r2", "r3", "r4", "r5", "digest"]},
         "no expected source in the top 5"),
        ({}, {"cited_doc_ids": ["roadmap"],
              "citations": [citation(1, "roadmap", "roadmap-1")]}, "cites none of the expected"),
        ({}, {"citations": [citation(1, "digest", "digest-9")]}, "not retrieved: digest-9"),
        ({}, {"answer": "The plan promises 33 new academies in Wales [1]."}, "unsupported"),
        ({"must_not_include": ["Wales"]}, {"answer": "33 schools in Wales [1]."},
         "must not include: 'Wales'"),
        ({}, {"refused": True, "answer": "I couldn't find this.", "citations": [],
              "cited_doc_ids": []}, "refused an answerable question"),
        ({"answerable": False, "expected_sources": [], "must_include": []}, {},
         "should refuse"),
    ],
)  # fmt: skip
def test_failures_say_what_went_wrong(
    item_fields: dict[str, Any], result_fields: dict[str, Any], reason: str
) -> None:
    score = score_result(build_result(**result_fields), build_item(**item_fields))

    assert any(reason in failure for failure in score.failures), score.failures


def test_correct_refusal_passes() -> None:
    item = build_item(answerable=False, expected_sources=[], must_include=[])
    result = build_result(
        answerable=False, refused=True, answer="I couldn't find this.", citations=[],
        cited_doc_ids=[], retrieved_doc_ids=["glossary"],
    )  # fmt: skip

    score = score_result(result, item)

    assert score.failures == []
    assert score.faithfulness.total == 0
    assert not score.must_include_ok  # a refusal never covers facts


def test_refused_answer_does_not_cover_facts_even_if_words_match() -> None:
    item = build_item(must_include=[["documents"]])
    result = build_result(refused=True, answer="I couldn't find this in the documents.")

    assert not score_result(result, item).must_include_ok
