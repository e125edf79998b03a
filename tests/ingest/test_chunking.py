"""Chunks fit the embedding model's window and carry their citation metadata."""

from __future__ import annotations

import pytest

from ingest import loaders
from ingest.chunking import chunk_document, split_sentences
from tests.conftest import CORPUS, CORPUS_FILES
from vectorstore.chunk import body_of
from vectorstore.embeddings import MAX_WORD_PIECES, SentenceTransformerEmbeddings


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_chunks_fit_the_model_and_carry_metadata(
    path: object, embeddings: SentenceTransformerEmbeddings
) -> None:
    document = loaders.load(path)  # type: ignore[arg-type]
    chunks = chunk_document(document, source="x", count_tokens=embeddings.count_tokens)
    assert chunks
    for index, chunk in enumerate(chunks):
        assert embeddings.count_tokens(chunk.page_content) <= MAX_WORD_PIECES
        meta = chunk.metadata
        assert meta["doc_id"] == document.doc_id and meta["title"] == document.title
        assert meta["chunk_index"] == index and meta["source"] == "x"
        assert body_of(chunk.page_content, meta).strip()
        assert ("page" in meta) == path.suffix.endswith("pdf")  # type: ignore[attr-defined]


def test_chunks_follow_sections() -> None:
    document = loaders.load(CORPUS / "send-ap-improvement-plan-digest.md")
    chunks = chunk_document(document, source="digest.md")
    places = [c for c in chunks if c.metadata["section"] == "More specialist places"]
    assert len(places) == 1
    assert "33 new special free schools" in body_of(places[0].page_content, places[0].metadata)
    assert places[0].page_content.startswith("More specialist places\n")


@pytest.mark.parametrize(
    ("paragraph", "sentences"),
    [
        ("One. Two three.", ["One.", "Two three."]),
        # a short list label takes its continuation: the item reads whole
        ("Aims:\n1. Fulfil potential. More.", ["Aims:", "1. Fulfil potential. More."]),
        (
            "Plan:\n2. Build trust in the whole system for every family. Next.",
            ["Plan:", "2. Build trust in the whole system for every family.", "Next."],
        ),
        ("Use e.g. Ofsted. Next one.", ["Use e.g. Ofsted.", "Next one."]),
        (
            "- nasen. The association felt encouraged.",
            ["- nasen. The association felt encouraged."],
        ),
        # a table row is one unit: its cells only make sense with each other
        ("In 2023: A. | By 2025: B.", ["In 2023: A. | By 2025: B."]),
    ],
)
def test_split_sentences(paragraph: str, sentences: list[str]) -> None:
    assert split_sentences(paragraph) == sentences
