"""Tokenising a corpus for the keyword index: the old tokeniser (bench/old_text.py) beside
the current one (vectorstore/text.py), on the same texts, in one run.

Every new process (`sendplan ask`, a bot replica) tokenises every chunk to build its BM25
index, so at 100x the corpus this is the largest cost of a cold start that grows with the
corpus. The texts are the bundled corpus's chunks made `--copies` times with one extra word and
number each (as bench/bm25_bench.py does), so repeated words are as common as in a real corpus.

    .venv/bin/python bench/tokenise_bench.py [--copies 100] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import old_text  # noqa: E402

from vectorstore import text as new_text  # noqa: E402


def corpus_texts(copies: int) -> list[str]:
    from ingest.pipeline import run_ingestion
    from tests.conftest import make_test_settings
    from vectorstore.paging import get_all
    from vectorstore.store import make_client

    data = Path(tempfile.mkdtemp(prefix="sendplan-tokenise-")) / "data"
    settings = make_test_settings(data, corpus_dir=Path(__file__).resolve().parents[1] / "corpus")
    from assistant.factory import make_embeddings

    run_ingestion(settings, embeddings=make_embeddings(settings))
    collection = make_client(settings).get_collection(settings.collection, embedding_function=None)
    texts = get_all(collection, include=["documents"])["documents"]
    return [f"{t} copy{n} {n * 7}" for n in range(copies) for t in texts]


def timed(tokenise: object, texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        tokenise(text)  # type: ignore[operator]
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    texts = corpus_texts(args.copies)
    same = all(old_text.content_tokens(t) == new_text.content_tokens(t) for t in texts)
    old, new = [], []
    for _ in range(args.repeats):  # alternate; clear the caches so each pass starts cold
        old_text.stem.cache_clear()
        old.append(timed(old_text.content_tokens, texts))
        new_text.stem.cache_clear()
        new_text._token.cache_clear()
        new_text._is_content.cache_clear()
        new.append(timed(new_text.content_tokens, texts))
    print(f"{len(texts)} texts ({args.copies}x the bundled chunks); same tokens: {same}")
    print("tokeniser\tmedian s\tmin s")
    print(f"old (bench/old_text.py)\t{statistics.median(old):.3f}\t{min(old):.3f}")
    print(f"new (vectorstore/text.py)\t{statistics.median(new):.3f}\t{min(new):.3f}")
    print(f"speed-up\t{statistics.median(old) / statistics.median(new):.2f}x")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
