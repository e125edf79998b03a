"""BM25 rebuild: the old path (load bm25.json) beside the new one (read the Chroma collection
and build in memory), at the bundled corpus and at `--copies` times its chunks.

    .venv/bin/python bench/bm25_bench.py                 # embedded Chroma, 1x and 100x
    .venv/bin/python bench/bm25_bench.py --server        # through a local `chroma run`

The corpus is ingested once (the only step that loads the model); the larger collection is
made from its chunks without embedding again: copy n of a chunk gets the id `<id>~n`, the
chunk's own vector, and its text with a per-copy word and number added, so the vocabulary
and postings grow as in a larger corpus. On demand only, never part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workspace import bench_settings, go_offline, workdir

from assistant.factory import make_embeddings
from assistant.settings import Settings
from ingest.pipeline import run_ingestion
from vectorstore.bm25 import BM25Index
from vectorstore.keyword_index import LiveKeywordIndex
from vectorstore.store import make_client

BATCH = 2000  # chunks per Chroma add


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/bm25_bench.py", description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=100, help="the larger scale (default 100)")
    parser.add_argument("--repeats", type=int, default=5, help="timings per figure (default 5)")
    parser.add_argument("--server", action="store_true", help="use a local `chroma run` server")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the figures to OUT")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    go_offline()
    with workdir() as root:
        server = start_chroma(root / "chroma-server") if args.server else None
        try:
            settings = bench_settings(root / "data")
            if server:
                settings = settings.model_copy(update={"chroma_host": "127.0.0.1",
                                                       "chroma_port": server[1]})  # fmt: skip
            run_ingestion(settings, embeddings=make_embeddings(settings))
            rows = [measure(settings, root, copies, args.repeats) for copies in (1, args.copies)]
        finally:
            if server:
                server[0].terminate()
                server[0].wait(15)
    print_table(rows, "chroma run (127.0.0.1)" if args.server else "embedded Chroma")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


def measure(settings: Settings, root: Path, copies: int, repeats: int) -> dict[str, Any]:
    name = f"bench-x{copies}"
    collection = fill_collection(settings, name, copies)
    chunks = collection.count()
    fetch = lambda: collection.get(include=["documents", "metadatas"])  # noqa: E731
    stored = fetch()
    old_file = root / f"bm25-x{copies}.json"  # what ingestion used to write
    old_file.write_text(json.dumps({k: stored[k] for k in ("ids", "documents", "metadatas")}))
    live = LiveKeywordIndex(fetch)
    return {
        "copies": copies,
        "chunks": chunks,
        "bm25_json_mb": round(old_file.stat().st_size / 1e6, 2),
        "old_load_json": timed(lambda: load_old(old_file), repeats),
        "new_chroma_get": timed(fetch, repeats),
        "new_build": timed(
            lambda: BM25Index.build(stored["ids"], stored["documents"], stored["metadatas"]),
            repeats,
        ),  # fmt: skip
        "new_rebuild_total": timed(live.rebuild, repeats),
    }


def load_old(path: Path) -> BM25Index:
    """The old `BM25Index.load`: read the JSON file, then build the postings."""
    payload = json.loads(path.read_text(encoding="utf-8"))
    return BM25Index.build(payload["ids"], payload["documents"], payload["metadatas"])


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
    print(f"BM25 rebuild, {where}; median (min) of the repeats, seconds")
    print("chunks  bm25.json  old: load bm25.json  new: Chroma get  new: build  new: total")
    for row in rows:
        cells = [f"{row['chunks']:>6}", f"{row['bm25_json_mb']:>6.2f} MB"]
        for key in ("old_load_json", "new_chroma_get", "new_build", "new_rebuild_total"):
            cells.append(f"{row[key]['median_s']:.3f} ({row[key]['min_s']:.3f})")
        print("  ".join(cells))


if __name__ == "__main__":
    sys.exit(main())
