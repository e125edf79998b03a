"""Fusing the dense and keyword lists: a rare word the question shares with a few chunks
still brings them in, though the embedding prefers chunks that only share its topic words.
Real embedding model and the bundled corpus; the question is in no evaluation set."""

from __future__ import annotations

from assistant.answering.pipeline import Assistant


def test_a_rare_keyword_brings_its_chunks_into_the_top_k(assistant: Assistant) -> None:
    # 'ladder' is in two chunks; 'SEND' and 'plan' are in nearly all of them, and without a
    # floor their weak keyword ranks outvote the two chunks that hold the rare word
    chunks = assistant.retriever.retrieve(
        "What is this ladder of intervention in the SEND plan?", k=assistant.k
    )

    sections = [c.section or "" for c in chunks]
    assert any("accountability" in s.lower() for s in sections), sections
    assert all(c.bm25_score is None or c.bm25_score > 0 for c in chunks)
