"""Token counts from the fast tokenizer alone equal transformers' (the counts chunking used
before), on every paragraph, sentence and chunk of the corpus and on awkward text."""

from __future__ import annotations

import pytest
from transformers import AutoTokenizer

from ingest import loaders
from ingest.chunking import chunk_document, split_sentences
from tests.conftest import CORPUS_FILES
from vectorstore.embeddings import default_model_path, load_sentence_transformer
from vectorstore.tokenizer import TokenCounter, load_tokenizer

AWKWARD = [
    "",
    "   ",
    "£2.6 billion – “capital” investment…",
    "Café naïve façade — ÉCOLE",
    "SENCo NPQ: 2024/25 (Sept.) e.g. 5,000+",
    "emoji 👩‍🏫 and CJK 特殊教育",
    "tab\tseparated\nnew\r\nlines\u00a0nbsp\u200bzero-width",
    "word " * 700,  # past the model's 512 positions: counted in full, never cut
]


def corpus_texts() -> list[str]:
    texts: list[str] = []
    for path in CORPUS_FILES:
        document = loaders.load(path)
        for section in document.sections:
            for paragraph in section.text.split("\n\n"):
                texts += [paragraph, *split_sentences(paragraph)]
        texts += [c.page_content for c in chunk_document(document, source=path.name)]
    return texts


@pytest.fixture(scope="module")
def transformers_count() -> object:
    tokenizer = AutoTokenizer.from_pretrained(str(default_model_path()))
    return lambda text: len(tokenizer(text, truncation=False, verbose=False)["input_ids"])


def test_counts_equal_transformers_on_the_corpus(transformers_count: object) -> None:
    counter = TokenCounter(default_model_path())
    texts = corpus_texts() + AWKWARD
    assert len(texts) > 300
    expected = [transformers_count(t) for t in texts]  # type: ignore[operator]
    assert [counter(t) for t in texts] == expected
    assert counter.many(texts) == expected


def test_the_model_window_truncates_like_sentence_transformers() -> None:
    model = load_sentence_transformer()
    window = load_tokenizer(default_model_path(), max_length=256)
    for text in ["word " * 700, "short one", AWKWARD[5]]:
        expected = model.tokenize([text])["input_ids"][0].tolist()
        assert window.encode(text).ids == expected
