"""Running golden questions through a real Assistant with fake retriever and answerer."""

from __future__ import annotations

from collections.abc import Sequence

from eval_support import build_item

from assistant.answering.answer import Answer, Citation, refusal
from assistant.answering.pipeline import Assistant
from assistant.evaluation.runner import RecordingRetriever, run_golden
from assistant.evaluation.suite import evaluate
from vectorstore.chunk import RetrievedChunk

CHUNKS = [
    RetrievedChunk("digest-3", "The plan promises 33 new special free schools.",
                   {"doc_id": "digest", "title": "Digest"}),
    RetrievedChunk("digest-4", "More schools will open by 2026.",
                   {"doc_id": "digest", "title": "Digest"}),
    RetrievedChunk("roadmap-1", "Milestones from 2023 to 2025.",
                   {"doc_id": "roadmap", "title": "Roadmap"}),
]  # fmt: skip


class FixedRetriever:
    """Returns the same chunks for every query, and counts calls."""

    def __init__(self, chunks: Sequence[RetrievedChunk]) -> None:
        self.chunks = list(chunks)
        self.calls = 0

    def retrieve(self, query: str, *, k: int | None = None) -> list[RetrievedChunk]:
        self.calls += 1
        return self.chunks[: k or len(self.chunks)]


class FirstChunkAnswerer:
    """Quotes the first chunk with citation [1]; refuses questions about the weather."""

    name = "fake"

    def answer(self, question: str, chunks: Sequence[RetrievedChunk]) -> Answer:
        if "weather" in question.lower():
            return refusal(question)
        chunk = chunks[0]
        cite = Citation(number=1, doc_id=chunk.doc_id, title=chunk.title,
                        chunk_id=chunk.chunk_id, snippet=chunk.text[:10])  # fmt: skip
        return Answer(
            question=question, text=f"{chunk.text} [1]", citations=[cite], answerer=self.name
        )

    def standalone_question(self, question: str, history: Sequence[str]) -> str:
        return question


def make_assistant(*, max_chars: int = 2000) -> Assistant:
    return Assistant(
        retriever=FixedRetriever(CHUNKS), answerer=FirstChunkAnswerer(), k=5, max_chars=max_chars
    )


def test_results_hold_exactly_what_the_chain_produced() -> None:
    assistant = make_assistant()
    expected = assistant.ask("How many new special free schools?")

    (result,) = run_golden([build_item(question="How many new special free schools?")], assistant)

    assert result.answer == expected.text
    assert result.refused is False
    assert result.retrieved_doc_ids == ["digest", "roadmap"] == expected.retrieved_doc_ids
    assert result.retrieved_chunk_ids == ["digest-3", "digest-4", "roadmap-1"]
    assert result.cited_doc_ids == ["digest"]
    assert result.citations == [c.model_dump(mode="json") for c in expected.citations]
    assert result.answerer == "fake"
    assert set(result.timings) >= {"retrieve_ms", "answer_ms", "total_ms"}
    assert result.latency_ms > 0


def test_runner_keeps_full_chunk_texts_and_restores_the_retriever() -> None:
    original = FixedRetriever(CHUNKS)
    assistant = Assistant(retriever=original, answerer=FirstChunkAnswerer())

    (result,) = run_golden([build_item()], assistant)

    assert result.chunk_texts == {chunk.chunk_id: chunk.text for chunk in CHUNKS}
    assert assistant.retriever is original
    assert original.calls == 1


def test_recording_retriever_passes_other_attributes_through() -> None:
    inner = FixedRetriever(CHUNKS)

    assert RecordingRetriever(inner).chunks is inner.chunks


def test_each_result_keeps_only_its_own_chunks() -> None:
    assistant = make_assistant()
    assistant.retriever = FixedRetriever(CHUNKS[:1])
    items = [build_item(id="q1"), build_item(id="q2")]

    results = run_golden(items, assistant)

    assert [list(r.chunk_texts) for r in results] == [["digest-3"], ["digest-3"]]


def test_refusals_and_rejected_questions_are_recorded() -> None:
    items = [
        build_item(id="w", question="What is the weather tomorrow?", answerable=False),
        build_item(id="long", question="Why? " * 10),
    ]
    seen: list[str] = []

    results = run_golden(items, make_assistant(max_chars=40), on_result=lambda r: seen.append(r.id))

    weather, long = results
    assert seen == ["w", "long"]
    assert weather.refused and weather.citations == [] and weather.error is None
    assert long.refused and long.error is not None and long.error.startswith("QuestionError")
    assert "limit is 40" in long.answer


def test_evaluate_scores_the_run() -> None:
    items = [
        build_item(id="q1", expected_sources=["digest"]),
        build_item(id="q2", question="What is the weather?", answerable=False,
                   expected_sources=[], must_include=[]),
    ]  # fmt: skip

    run = evaluate(items, make_assistant(), config={"retriever": "fake"})

    assert run.name == "fake"
    assert run.overall["hit@1"] == 1.0
    assert run.overall["must_include"] == 1.0
    assert run.overall["citation_validity"] == 1.0
    assert run.overall["refusal_recall"] == 1.0
    assert run.overall["faithfulness"] == 1.0
    assert run.failures() == []
    document = run.to_json()
    assert set(document) == {"config", "summary", "results", "failures", "refusals_by_reason"}
    assert document["results"][0]["id"] == "q1"
