"""Chunking tokenises each text once, in batches, and its chunks are exactly those of the
chunker before that change counting with transformers' tokenizer."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from langchain_core.documents import Document
from transformers import AutoTokenizer

from ingest import loaders
from ingest.chunking import approximate_tokens, chunk_document
from ingest.document import Section, SourceDocument
from tests.conftest import CORPUS_FILES
from tests.ingest.chunking_reference import reference_chunks
from vectorstore.embeddings import default_model_path
from vectorstore.tokenizer import TokenCounter


class RecordingCounter(TokenCounter):
    """The real counter, keeping every text it was asked to count."""

    def __init__(self) -> None:
        super().__init__(default_model_path())
        self.seen: list[str] = []

    def __call__(self, text: str) -> int:
        self.seen.append(text)
        return super().__call__(text)

    def many(self, texts: Sequence[str]) -> list[int]:
        self.seen.extend(texts)
        return super().many(texts)


@pytest.fixture(scope="module")
def transformers_count() -> object:
    tokenizer = AutoTokenizer.from_pretrained(str(default_model_path()))
    return lambda text: len(tokenizer(text, truncation=False, verbose=False)["input_ids"])


def awkward_document() -> SourceDocument:
    """Tiny sections to merge, an over-long paragraph, a run-on sentence, a page change."""
    long_paragraph = " ".join(f"Sentence {n} says something about SEND places." for n in range(60))
    run_on = "and then " * 200 + "the end."
    sections = [
        Section(("Intro",), "A title line."),
        Section(("Intro", "Aims"), f"Short aim.\n\n{long_paragraph}"),
        Section(("Run-on",), run_on),
        Section(("Tiny",), "One line.", page=2),
        Section(("Next",), "Another short line on page two.", page=2),
        Section(("Last",), "Closing words."),
    ]
    return SourceDocument("awkward", Path("awkward.md"), "Awkward", sections)


def documents() -> list[SourceDocument]:
    return [loaders.load(p) for p in CORPUS_FILES] + [awkward_document()]


def without_card(chunks: list[Document]) -> list[Document]:
    """The body chunks: the reference chunker predates the document card (ingest/cards.py),
    which comes last, once per document."""
    assert [bool(c.metadata.get("card")) for c in chunks].count(True) == 1
    assert chunks[-1].metadata.get("card")
    return chunks[:-1]


def as_pairs(docs: list[object]) -> list[tuple[str, dict[str, object]]]:
    return [(d.page_content, d.metadata) for d in docs]  # type: ignore[attr-defined]


@pytest.mark.parametrize("document", documents(), ids=lambda d: d.doc_id)
def test_same_chunks_as_before(document: SourceDocument, transformers_count: object) -> None:
    before = reference_chunks(document, source="s", count_tokens=transformers_count)  # type: ignore[arg-type]
    after = chunk_document(document, source="s", count_tokens=TokenCounter(default_model_path()))
    assert len(after) >= 1
    assert as_pairs(without_card(after)) == as_pairs(before)


@pytest.mark.parametrize("document", documents(), ids=lambda d: d.doc_id)
def test_same_chunks_with_the_approximate_counter(document: SourceDocument) -> None:
    before = reference_chunks(document, source="s", count_tokens=approximate_tokens)
    after = chunk_document(document, source="s", count_tokens=approximate_tokens)
    assert as_pairs(without_card(after)) == as_pairs(before)


def test_each_text_is_tokenised_once() -> None:
    for document in documents():
        counter = RecordingCounter()
        chunk_document(document, source="s", count_tokens=counter)
        repeated = {t for t in counter.seen if counter.seen.count(t) > 1}
        assert not repeated, f"{document.doc_id}: counted again: {sorted(repeated)[:3]}"
