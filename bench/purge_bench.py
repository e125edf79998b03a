"""What erasing withdrawn text costs: ingestion that removes a file, and the purge alone.

`.venv/bin/python bench/purge_bench.py [--scales 1 10]` copies the bundled corpus SCALE times
(each copy another source, as in bench/workspace.py), ingests it with the real embedder, then
prints for each scale:

- the unchanged re-ingest (nothing deleted, so no purge) and a re-ingest after one file was
  removed (its chunks deleted, their text erased: the purge runs inside it);
- `purge_chroma_dir` alone after another file's chunks were deleted straight through chromadb
  (log rows blanked, full-text index merged, VACUUM), with the file size before and after;
- `erase_free_pages` alone on the SQLite state database (VACUUM and WAL truncation).

Each figure is the median of --repeats runs on fresh copies of the ingested data dir.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.factory import make_embeddings  # noqa: E402
from assistant.state import open_state  # noqa: E402
from assistant.state.withdrawn import erase_free_pages  # noqa: E402
from bench.workspace import bench_settings, go_offline, replicate_corpus, workdir  # noqa: E402
from ingest.pipeline import run_ingestion  # noqa: E402
from vectorstore.purge import purge_chroma_dir  # noqa: E402
from vectorstore.store import make_client  # noqa: E402

REMOVED = "glossary.md"  # removed from copy-01 before the second re-ingest
DELETED = "sector-responses-2023.md"  # its chunks deleted through chromadb before the purge


def measure(root: Path, scale: int, *, repeats: int, embeddings: object) -> dict[str, float]:
    corpus = replicate_corpus(root / f"corpus-{scale}", scale)
    pristine = root / f"pristine-{scale}"
    report = run_ingestion(bench_settings(pristine, corpus), embeddings=embeddings)  # type: ignore[arg-type]
    runs: dict[str, list[float]] = {}
    for number in range(repeats):
        data = root / f"run-{scale}-{number}"
        shutil.copytree(pristine, data)
        work = root / f"corpus-{scale}-{number}"
        shutil.copytree(corpus, work)
        for name, value in one_run(data, work, embeddings).items():
            runs.setdefault(name, []).append(value)
    figures = {name: statistics.median(values) for name, values in runs.items()}
    return figures | {"chunks": report.chunks}


def one_run(data: Path, corpus: Path, embeddings: object) -> dict[str, float]:
    settings = bench_settings(data, corpus)
    started = time.perf_counter()
    run_ingestion(settings, embeddings=embeddings)  # type: ignore[arg-type]
    unchanged = time.perf_counter() - started
    (corpus / "copy-01" / REMOVED).unlink()
    started = time.perf_counter()
    removal = run_ingestion(settings, embeddings=embeddings)  # type: ignore[arg-type]
    removing = time.perf_counter() - started
    collection = make_client(settings).get_collection(settings.collection)
    doomed = collection.get(where={"source": f"copy-01/{DELETED}"}, include=[])["ids"]
    collection.delete(ids=doomed)
    purged = purge_chroma_dir(settings.chroma_dir)
    state = open_state(settings)
    started = time.perf_counter()
    erase_free_pages(state)
    state_seconds = time.perf_counter() - started
    state.close()
    return {
        "unchanged_s": unchanged, "removal_s": removing, "erased": removal.erased,
        "purge_s": purged.seconds, "purged_chunks": len(purged.chunks),
        "mb_before": purged.bytes_before / 1e6, "mb_after": purged.bytes_after / 1e6,
        "state_s": state_seconds,
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    go_offline()
    with workdir() as root:
        embeddings = make_embeddings(bench_settings(root / "unused"))
        print("scale\tchunks\tunchanged re-ingest s\tre-ingest removing a file s\terased\t"
              "purge s\tpurged chunks\tsqlite MB before\tafter\tstate vacuum s")  # fmt: skip
        for scale in args.scales:
            f = measure(root, scale, repeats=args.repeats, embeddings=embeddings)
            print(f"{scale}x\t{f['chunks']:.0f}\t{f['unchanged_s']:.3f}\t{f['removal_s']:.3f}\t"
                  f"{f['erased']:.0f}\t{f['purge_s']:.3f}\t{f['purged_chunks']:.0f}\t"
                  f"{f['mb_before']:.2f}\t{f['mb_after']:.2f}\t{f['state_s']:.3f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
