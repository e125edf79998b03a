"""Builders for hand-made golden items and results used by the evaluation tests."""

from __future__ import annotations

from typing import Any

from assistant.evaluation.golden import GoldenItem
from assistant.evaluation.results import EvalResult


def build_item(**fields: Any) -> GoldenItem:
    """An answerable question expecting 'digest' unless fields say otherwise."""
    defaults: dict[str, Any] = {
        "id": "q1",
        "question": "How many new special free schools does the plan promise?",
        "category": "number",
        "answerable": True,
        "expected_sources": ["digest"],
        "must_include": [["33"]],
    }
    return GoldenItem(**{**defaults, **fields})


def citation(number: int, doc_id: str, chunk_id: str) -> dict[str, Any]:
    return {"number": number, "doc_id": doc_id, "title": doc_id, "chunk_id": chunk_id}


def build_result(**fields: Any) -> EvalResult:
    """A correct, cited, faithful answer to build_item()'s question unless fields say otherwise."""
    defaults: dict[str, Any] = {
        "id": "q1",
        "question": "How many new special free schools does the plan promise?",
        "category": "number",
        "answerable": True,
        "answer": "The plan promises 33 new special free schools [1].",
        "refused": False,
        "retrieved_doc_ids": ["digest", "roadmap"],
        "cited_doc_ids": ["digest"],
        "citations": [citation(1, "digest", "digest-3")],
        "retrieved_chunk_ids": ["digest-3", "roadmap-1"],
        "latency_ms": 100.0,
        "chunk_texts": {
            "digest-3": "The plan promises 33 new special free schools, adding places.",
            "roadmap-1": "Milestones for 2023 to 2025.",
        },
    }
    return EvalResult(**{**defaults, **fields})
