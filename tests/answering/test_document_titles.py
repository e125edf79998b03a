"""A document's title page and opening lines are evidence for what it is called.

The card (ingest/cards.py) states a document's metadata title; the title a plan was published
under, or a subtitle, is often in its first lines instead. Real embedding model and the bundled
corpus; the questions are in no evaluation set."""

from __future__ import annotations

import pytest

from assistant.answering import question as q
from assistant.answering.documents import asks_how_named
from assistant.answering.pipeline import OPENING_DOCUMENTS, Assistant, with_opening
from vectorstore.chunk import RetrievedChunk


def _chunk(
    chunk_id: str, doc_id: str, rank: int, *, card: bool = False, index: int | None = None
) -> RetrievedChunk:
    metadata: dict[str, object] = {"doc_id": doc_id, "card": 1} if card else {"doc_id": doc_id}
    if index is not None:
        metadata["chunk_index"] = index
    return RetrievedChunk(chunk_id=chunk_id, text=chunk_id, metadata=metadata, rank=rank)


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Under which title was the improvement plan released?", True),
        ("Who is the author of the staff briefing?", True),
        ("What was the LocalGov headline?", True),
        ("When was the roadmap published?", False),  # the card says when
        ("How many special free schools does the plan promise?", False),
    ],
)
def test_questions_that_ask_how_a_document_is_named(question: str, asks: bool) -> None:
    assert asks_how_named(question) is asks


@pytest.mark.parametrize(
    "question",
    [
        "What is the SEND and AP Improvement Plan's official title?",  # a long possessor
        "Tell me the official title of the SEND and AP improvement plan.",
        "Which title did the roadmap come out under?",
    ],
)
def test_a_question_for_a_title_asks_for_a_name_about_the_title(question: str) -> None:
    read = q.read_question(question)

    assert (read.kind, read.focus) == (q.NAME, ("titl",))


def test_the_opening_chunks_of_the_cards_document_follow_the_retrieved_ones() -> None:
    chunks = [_chunk("a1", "a", 1), _chunk("b-card", "b", 2, card=True), _chunk("b0", "b", 3)]
    openings = {"b": [_chunk("b0", "b", 0), _chunk("b1", "b", 0)]}

    extended = with_opening(chunks, lambda doc_id: openings[doc_id])

    # b0 is already there: only b1 is added, ranked after the retrieved chunks
    assert [(c.chunk_id, c.rank) for c in extended] == [
        ("a1", 1),
        ("b-card", 2),
        ("b0", 3),
        ("b1", 4),
    ]


def test_without_a_card_or_a_first_chunk_nothing_is_added() -> None:
    chunks = [_chunk("a1", "a", 1, index=1), _chunk("b3", "b", 2, index=3)]

    assert with_opening(chunks, lambda doc_id: [_chunk("x", doc_id, 0)]) == chunks


def test_every_document_whose_card_or_first_chunk_is_retrieved_is_read_in_rank_order() -> None:
    # the plan's own first chunk outranks another document's card: both openings are read,
    # up to OPENING_DOCUMENTS documents
    chunks = [
        _chunk("plan0", "plan", 1, index=0),
        _chunk("update-card", "update", 2, card=True),
        *(_chunk(f"{d}-card", d, 3 + i, card=True) for i, d in enumerate("xyz")),
    ]
    openings = {
        d: [_chunk(f"{d}0", d, 0), _chunk(f"{d}1", d, 0)] for d in ("plan", "update", *"xyz")
    }

    extended = with_opening(chunks, lambda doc_id: openings[doc_id])
    added = [c.chunk_id for c in extended[len(chunks) :]]

    assert len(added) == 2 * OPENING_DOCUMENTS - 1
    assert added[:3] == ["plan1", "update0", "update1"]


def test_a_documents_opening_is_its_first_body_chunks_in_order(assistant: Assistant) -> None:
    opening = assistant.retriever.opening("send-ap-improvement-plan-digest")  # type: ignore[attr-defined]

    assert [c.metadata["chunk_index"] for c in opening] == [0, 1]
    assert not any(c.metadata.get("card") for c in opening)
    assert "under the title" in opening[1].text


@pytest.mark.parametrize(
    "question",
    [
        "Under which title was the improvement plan released by the DfE?",
        # the next three were refused or answered with the digest's own title before the
        # opening chunks were read and these phrasings read as asking for a title
        "What official title does the SEND and AP improvement plan carry?",
        "Tell me the official title of the SEND and AP improvement plan.",
        "What is the SEND and AP Improvement Plan's official title?",
    ],
)
def test_the_title_a_plan_was_published_under_is_found_in_its_opening(
    assistant: Assistant, question: str
) -> None:
    answer = assistant.ask(question)

    assert not answer.refused, answer.text
    assert "Right support, right place, right time" in answer.text
    assert any(c.section == "About the plan" for c in answer.citations), answer.citations


def test_other_questions_read_only_the_retrieved_chunks(assistant: Assistant) -> None:
    answer = assistant.ask("How many special free schools does the plan promise?")

    assert len(answer.retrieved_chunk_ids) == assistant.k
