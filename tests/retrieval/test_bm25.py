"""The bm25s-backed index scores exactly as BM25 is written down (k1 = 1.2, b = 0.75,
idf = log(1 + (N - n + 0.5) / (n + 0.5)), the formula the hand-written engine used), checked
against a direct computation over the bundled corpus's real chunks, read back from Chroma."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.settings import Settings
from tests.conftest import GOLDEN
from vectorstore.bm25 import BM25Index
from vectorstore.store import make_client
from vectorstore.text import content_tokens

K = 50  # what hybrid retrieval asks for
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def chunks(ingested_settings: Settings) -> dict[str, Any]:
    client = make_client(ingested_settings, create=False)
    collection = client.get_collection(ingested_settings.collection, embedding_function=None)
    stored: dict[str, Any] = collection.get(include=["documents", "metadatas"])
    assert len(stored["ids"]) > 20
    return stored


@pytest.fixture(scope="module")
def index(chunks: dict[str, Any]) -> BM25Index:
    return BM25Index.build(chunks["ids"], chunks["documents"], chunks["metadatas"])


def questions() -> list[str]:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def reference_scores(texts: list[str], query: str) -> dict[int, float]:
    """BM25 straight from its definition, one chunk at a time."""
    documents = [Counter(content_tokens(text)) for text in texts]
    lengths = [sum(terms.values()) for terms in documents]
    average = sum(lengths) / len(lengths)
    scores: dict[int, float] = {}
    for term in set(content_tokens(query)):
        n = sum(1 for terms in documents if term in terms)
        idf = math.log(1 + (len(texts) - n + 0.5) / (n + 0.5))
        for position, terms in enumerate(documents):
            if tf := terms[term]:
                norm = 1.2 * (1 - 0.75 + 0.75 * lengths[position] / average)
                scores[position] = scores.get(position, 0.0) + idf * tf * 2.2 / (tf + norm)
    return scores


@pytest.mark.parametrize("question", questions())
def test_top_k_and_scores_equal_the_definition(
    index: BM25Index, chunks: dict[str, Any], question: str
) -> None:
    expected = reference_scores(chunks["documents"], question)
    best = sorted(expected.items(), key=lambda item: (-item[1], item[0]))[:K]
    found = index.search(question, k=K)
    assert [s for _, s in found] == pytest.approx([s for _, s in best], abs=1e-6, rel=0)
    # chunks with equal scores (a repeated sentence) may come in either order: compare the
    # positions within each score, and exactly outside the last (cut-off) score
    last = best[-1][1] if best else 0.0
    assert ties(found, last) == ties(best, last)


def ties(ranked: list[tuple[int, float]], last: float) -> list[frozenset[int]]:
    groups: dict[float, set[int]] = {}
    for position, score in ranked:
        if abs(score - last) > 1e-6:
            groups.setdefault(round(score, 6), set()).add(position)
    return [frozenset(groups[s]) for s in sorted(groups, reverse=True)]


def test_idf_frequencies_and_knows_follow_the_chunks(
    index: BM25Index, chunks: dict[str, Any]
) -> None:
    documents = [set(content_tokens(text)) for text in chunks["documents"]]
    expected = Counter(term for terms in documents for term in terms)
    assert index.frequencies() == dict(expected)
    total = len(documents)
    for term in ("ehcp", "tribunal", "2027", "never-indexed-word"):
        n = expected.get(term, 0)
        assert index.knows(term) is (n > 0)
        assert index.idf(term) == pytest.approx(math.log(1 + (total - n + 0.5) / (n + 0.5)))
    assert index.idf("never-indexed-word") > max(index.idf(t) for t in expected)


def test_equal_scores_come_in_position_order_and_misses_are_left_out() -> None:
    texts = ["Tribunal appeals rise.", "Funding for schools.", "Tribunal appeals rise."] * 20
    index = BM25Index.build([f"c{n}" for n in range(60)], texts, [{}] * 60)
    found = index.search("tribunal appeals", k=5)
    assert [p for p, _ in found] == [0, 2, 3, 5, 6]
    assert len({s for _, s in found}) == 1
    assert len(index.search("tribunal", k=100)) == 40  # only the chunks that use the term


@pytest.mark.parametrize(
    ("texts", "query"),
    [([], "tribunal"), (["the and of", "it is"], "what is it"), (["Tribunal."], "the of")],
)
def test_nothing_to_match_finds_nothing(texts: list[str], query: str) -> None:
    index = BM25Index.build([f"c{n}" for n in range(len(texts))], texts, [{}] * len(texts))
    assert index.search(query) == [] and len(index) == len(texts)


def test_scores_are_bm25s_own_to_the_bit(index: BM25Index, chunks: dict[str, Any]) -> None:
    import bm25s
    from bm25s.tokenization import Tokenized

    vocabulary: dict[str, int] = {}
    documents = [[vocabulary.setdefault(t, len(vocabulary)) for t in content_tokens(text)]
                 for text in chunks["documents"]]  # fmt: skip
    engine = bm25s.BM25(k1=1.2, b=0.75, method="atire", idf_method="lucene", dtype="float64",
                        backend="numpy", csc_backend="numpy")  # fmt: skip
    engine.index(Tokenized(ids=documents, vocab=vocabulary), show_progress=False,
                 create_empty_token=False)  # fmt: skip
    for question in questions():
        columns = sorted({vocabulary[t] for t in content_tokens(question) if t in vocabulary})
        if columns:
            assert index._scores(columns).tolist() == engine.get_scores_from_ids(columns).tolist()


def test_a_saved_index_loads_without_bm25s_and_searches_the_same(
    index: BM25Index, tmp_path: Path
) -> None:
    index.save(tmp_path / "saved")
    program = (
        "import json, sys; from pathlib import Path; from vectorstore.bm25 import BM25Index; "
        f"i = BM25Index.load(Path({str(tmp_path / 'saved')!r})); "
        "print(json.dumps([i.search(q, k=50) for q in json.loads(sys.stdin.read())] "
        "+ [sorted(m for m in sys.modules if m.split('.')[0] in ('bm25s', 'scipy'))]))"
    )
    done = subprocess.run([sys.executable, "-c", program], input=json.dumps(questions()),
                          capture_output=True, text=True, check=True, cwd=REPO)  # fmt: skip
    *found, imported = json.loads(done.stdout)
    assert imported == []
    assert found == [[list(hit) for hit in index.search(q, k=50)] for q in questions()]


def test_a_damaged_saved_index_is_refused(index: BM25Index, tmp_path: Path) -> None:
    index.save(tmp_path / "saved")
    np.save(tmp_path / "saved" / "indptr.npy", np.arange(3))
    with pytest.raises(ValueError, match="does not match"):
        BM25Index.load(tmp_path / "saved")
