"""BM25 engines side by side: the old hand-written one (bench/old_bm25.py) beside bm25s
(vectorstore/bm25.py), build and query, at the bundled corpus, `--copies` and `--large` times
its chunks.

    .venv/bin/python bench/bm25_bench.py                 # embedded Chroma; 1x, 100x, 1000x
    .venv/bin/python bench/bm25_bench.py --server        # through a local `chroma run`

The corpus is ingested once (the only step that loads the model); the larger corpora are made
from its chunks without embedding again: copy n of a chunk gets the id `<id>~n` and its text
with a per-copy word and number added, so the vocabulary and postings grow as in a larger
corpus. At 1x and `--copies` the copies go into a Chroma collection (the chunk's own vector) and
the rebuild a serving process does (Chroma get, then build) is timed too; at `--large` both
engines are built straight from the texts. Queries are the golden questions (top 50, as hybrid
retrieval asks), the two engines' top-50 scores checked to agree. The new engine is also saved
and loaded as a host's keyword cache does (`BM25Index.save`/`load`, memory-mapped), and the
loaded copy's top-50 scores checked against the built one. On demand only, never in `make test`.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from old_bm25 import OldBM25Index
from workspace import GOLDEN, bench_settings, go_offline, workdir

from assistant.factory import make_embeddings
from assistant.settings import Settings
from ingest.pipeline import run_ingestion
from vectorstore.bm25 import BM25Index
from vectorstore.keyword_index import LiveKeywordIndex
from vectorstore.store import make_client

BATCH = 2000  # chunks per Chroma add
TOP = 50  # what hybrid retrieval asks the keyword index for
Engine = Callable[[list[str], list[str], list[dict[str, Any]]], Any]
ENGINES: dict[str, Engine] = {"old": OldBM25Index.build, "new": BM25Index.build}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/bm25_bench.py", description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=100, help="scale kept in Chroma (100)")
    parser.add_argument("--large", type=int, default=1000, help="scale built from texts (1000)")
    parser.add_argument("--repeats", type=int, default=3, help="timings per build figure (3)")
    parser.add_argument("--server", action="store_true", help="use a local `chroma run` server")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the figures to OUT")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    go_offline()
    questions = [json.loads(line)["question"] for line in GOLDEN.read_text().splitlines() if line]
    with workdir() as root:
        server = start_chroma(root / "chroma-server") if args.server else None
        try:
            settings = bench_settings(root / "data")
            if server:
                settings = settings.model_copy(update={"chroma_host": "127.0.0.1",
                                                       "chroma_port": server[1]})  # fmt: skip
            run_ingestion(settings, embeddings=make_embeddings(settings))
            rows = [measure_chroma(settings, n, args.repeats, questions)
                    for n in (1, args.copies)]  # fmt: skip
            rows.append(measure_texts(settings, args.large, args.repeats, questions))
        finally:
            if server:
                server[0].terminate()
                server[0].wait(15)
    print_table(rows, "chroma run (127.0.0.1)" if args.server else "embedded Chroma")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


def measure_chroma(
    settings: Settings, copies: int, repeats: int, questions: list[str]
) -> dict[str, Any]:
    collection = fill_collection(settings, f"bench-x{copies}", copies)
    fetch = lambda: collection.get(include=["documents", "metadatas"])  # noqa: E731
    live = LiveKeywordIndex(fetch)
    stored = fetch()
    row = compare(copies, stored["ids"], stored["documents"], stored["metadatas"], repeats,
                  questions)  # fmt: skip
    row["chroma_get"] = timed(fetch, repeats)
    row["new_rebuild_total"] = timed(live.rebuild, repeats)
    return row


def measure_texts(
    settings: Settings, copies: int, repeats: int, questions: list[str]
) -> dict[str, Any]:
    """`copies` times the chunks, built straight from the texts (nothing embedded or stored)."""
    source = make_client(settings).get_collection(settings.collection, embedding_function=None)
    original = source.get(include=["documents", "metadatas"])
    ids, texts, metas = [], [], []
    for n in range(copies):
        for chunk_id, text, meta in zip(original["ids"], original["documents"],
                                        original["metadatas"], strict=True):  # fmt: skip
            ids.append(f"{chunk_id}~{n}")
            texts.append(vary(text, n))
            metas.append(dict(meta, doc_id=f"{meta['doc_id']}~{n}"))
    return compare(copies, ids, texts, metas, repeats, questions)


def compare(
    copies: int,
    ids: list[str],
    texts: list[str],
    metas: list[dict[str, Any]],
    repeats: int,
    questions: list[str],
) -> dict[str, Any]:
    """Build and query both engines on the same chunks; check they score alike."""
    row: dict[str, Any] = {"copies": copies, "chunks": len(ids)}
    found: dict[str, list[list[float]]] = {}
    for name, build in ENGINES.items():
        row[f"{name}_build"] = timed(lambda: build(ids, texts, metas), repeats)  # noqa: B023
        index = build(ids, texts, metas)
        index.search(questions[0], k=TOP)  # warm
        seconds, found[name] = [], []
        for question in questions:
            started = time.perf_counter()
            hits = index.search(question, k=TOP)
            seconds.append(time.perf_counter() - started)
            found[name].append([round(score, 9) for _, score in hits])
        row[f"{name}_query_ms"] = percentiles(seconds)
    # the same scores, best first (positions may differ only among equal scores, which the old
    # engine left in no particular order)
    row["same_top50"] = sum(a == b for a, b in zip(found["old"], found["new"], strict=True))
    row["questions"] = len(questions)
    return row | saved_copy(BM25Index.build(ids, texts, metas), repeats, questions, found["new"])


def saved_copy(
    index: BM25Index, repeats: int, questions: list[str], built: list[list[float]]
) -> dict[str, Any]:
    """Save and load times of the keyword cache's copy; does the loaded copy score alike?"""
    folder = Path(tempfile.mkdtemp(prefix="sendplan-bm25-copy-")) / "copy"
    row: dict[str, Any] = {"new_save": timed(lambda: index.save(folder), repeats)}
    row["new_load"] = timed(lambda: BM25Index.load(folder), repeats)
    loaded = BM25Index.load(folder)
    scores = [[round(s, 9) for _, s in loaded.search(q, k=TOP)] for q in questions]
    row["loaded_same"] = sum(a == b for a, b in zip(scores, built, strict=True))
    row["saved_mb"] = round(
        sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6, 1
    )
    return row


def percentiles(seconds: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(seconds, n=20, method="inclusive")
    return {"p50": round(statistics.median(seconds) * 1000, 2), "p95": round(cuts[18] * 1000, 2)}


def fill_collection(settings: Settings, name: str, copies: int) -> Any:
    """The ingested corpus, `copies` times over, in collection `name` (vectors reused)."""
    client = make_client(settings)
    source = client.get_collection(settings.collection, embedding_function=None)
    original = source.get(include=["documents", "metadatas", "embeddings"])
    target = client.get_or_create_collection(name, embedding_function=None,
                                             metadata={"hnsw:space": "cosine"})  # fmt: skip
    rows = [
        (f"{chunk_id}~{n}", vary(text, n), dict(meta, doc_id=f"{meta['doc_id']}~{n}"), vector)
        for n in range(copies)
        for chunk_id, text, meta, vector in zip(
            original["ids"],
            original["documents"],
            original["metadatas"],
            original["embeddings"],
            strict=True,
        )  # fmt: skip
    ]
    for start in range(0, len(rows), BATCH):
        ids, texts, metas, vectors = zip(*rows[start : start + BATCH], strict=True)
        target.add(ids=list(ids), documents=list(texts), metadatas=list(metas),
                   embeddings=[list(v) for v in vectors])  # fmt: skip
    return target


def vary(text: str, copy: int) -> str:
    """The chunk as another document might say it: one new word and one new number."""
    return text if copy == 0 else f"{text} Council area {copy}: see annex {copy * 7}."


def timed(work: Callable[[], object], repeats: int) -> dict[str, float]:
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - started)
    return {"median_s": round(statistics.median(seconds), 4), "min_s": round(min(seconds), 4)}


def start_chroma(path: Path) -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    chroma = Path(sys.executable).with_name("chroma")
    process = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1",
                                "--port", str(port)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("chroma run did not start within 60 s")


def print_table(rows: list[dict[str, Any]], where: str) -> None:
    print(f"BM25 engines, old (hand-written) beside new (bm25s); Chroma: {where}")
    print("build: median (min) s of the repeats; query: p50 / p95 ms over the golden questions")
    print("chunks   old build        new build        old query       new query      "
          "same scores  Chroma get     new rebuild      save             load (mmap)     "
          "loaded same  on disk")  # fmt: skip
    for row in rows:
        cells = [f"{row['chunks']:>6}"]
        for key in ("old_build", "new_build"):
            cells.append(f"{row[key]['median_s']:7.3f} ({row[key]['min_s']:.3f})")
        for key in ("old_query_ms", "new_query_ms"):
            cells.append(f"{row[key]['p50']:6.2f} / {row[key]['p95']:6.2f}")
        cells.append(f"{row['same_top50']:>3} of {row['questions']}")
        for key in ("chroma_get", "new_rebuild_total"):
            cells.append(f"{row[key]['median_s']:7.3f} ({row[key]['min_s']:.3f})"
                         if key in row else f"{'(texts only)':>15}")  # fmt: skip
        for key in ("new_save", "new_load"):
            cells.append(f"{row[key]['median_s']:7.3f} ({row[key]['min_s']:.3f})")
        cells.append(f"{row['loaded_same']:>3} of {row['questions']}")
        cells.append(f"{row['saved_mb']:6.1f} MB")
        print("  ".join(cells))


if __name__ == "__main__":
    sys.exit(main())
