"""One pipeline on one corpus, in a fresh process: first ingest, unchanged re-ingest, one edited
file, warm answer latency and (optionally) the golden metrics. Prints one JSON object.

    python bench/scale/worker.py sendplan --backend onnx-int8 --corpus C --data D [--eval]
    python bench/scale/worker.py naive --corpus C --data D       # the LangChain tutorial way
    python bench/scale/worker.py stand-in --corpus C --data D    # no model: non-embedding costs

Only the CLI's public functions are used (make_embeddings, run_ingestion, build_assistant,
evaluate), so the figures follow whatever those do next.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from naive import NaivePipeline
from scale_corpus import edit_one_file
from stand_in import StandInEmbeddings

from assistant.settings import Settings

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "eval" / "golden.jsonl"
WARM_UP = "What does the plan change for children who need alternative provision?"


def settings_for(args: argparse.Namespace) -> Settings:
    values: dict[str, Any] = {"data_dir": args.data, "corpus_dir": args.corpus}
    values["keyword_cache"] = getattr(args, "keyword_cache", True)
    if args.backend:
        values["embedding_backend"] = args.backend
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def questions() -> list[str]:
    from assistant.evaluation import load_golden

    return [item.question for item in load_golden(GOLDEN)]


def timed(work: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def sendplan(args: argparse.Namespace, *, stand_in: bool = False) -> dict[str, Any]:
    from assistant.factory import build_assistant, make_embeddings
    from ingest.pipeline import run_ingestion
    from vectorstore.store import open_store

    settings = settings_for(args)

    def embedder() -> Any:
        return StandInEmbeddings() if stand_in else make_embeddings(settings)

    first, _ = timed(lambda: run_ingestion(settings, embeddings=embedder()))
    store = open_store(settings, embeddings=embedder())
    figures: dict[str, Any] = {"first_ingest_s": first, "chunks": store._collection.count()}
    figures["files"] = len(list(args.corpus.iterdir()))
    skip = args.skip  # --no-skip: read every file again, as ingestion did before fingerprints

    def reingest() -> Any:
        return run_ingestion(settings, embeddings=embedder(), skip_unchanged=skip)

    figures["unchanged_s"], _ = timed(reingest)
    if stand_in:  # the non-embedding cost both ways, side by side
        figures["unchanged_read_all_s"], _ = timed(
            lambda: run_ingestion(settings, embeddings=embedder(), skip_unchanged=False)
        )
    if args.edit:
        edit_one_file(args.corpus)
        figures["edited_s"], _ = timed(reingest)
    figures["data_mb"] = _size_mb(args.data)
    figures["bm25_mb"] = None  # measured after the first question saved it (if it does)
    warm: list[float] = []
    for _ in range(args.repeats):  # a new assistant a pass: no answer cache carries over
        assistant = build_assistant(settings, embeddings=embedder())
        assistant.ask(WARM_UP)
        for question in questions():
            seconds, _ = timed(lambda q=question, a=assistant: a.ask(q))
            warm.append(seconds * 1000)
    figures["warm_ms"] = warm
    if settings.keyword_cache_dir.is_dir():  # the host's saved keyword index
        figures["bm25_mb"] = _size_mb(settings.keyword_cache_dir)
    if args.eval:
        figures["eval"] = golden_metrics(build_assistant(settings, embeddings=embedder()))
    return figures


def golden_metrics(assistant: Any) -> dict[str, Any]:
    from assistant.evaluation import evaluate, load_golden

    run = evaluate(load_golden(GOLDEN), assistant)
    return {key: run.overall[key] for key in ("hit@5", "must_include", "refusal_recall")}


def naive(args: argparse.Namespace) -> dict[str, Any]:
    pipeline = NaivePipeline(args.data)
    first, chunks = timed(lambda: pipeline.ingest(args.corpus))
    figures: dict[str, Any] = {"first_ingest_s": first, "chunks": chunks}
    figures["files"] = len(list(args.corpus.iterdir()))
    # a tutorial pipeline has no incremental indexing: any re-ingest rebuilds the collection
    # (at 100x, --no-rebuilds reports the first ingest for it instead of timing it twice more)
    if not args.rebuilds:
        figures["unchanged_s"] = figures["edited_s"] = first
    else:
        figures["unchanged_s"], _ = timed(lambda: pipeline.ingest(args.corpus))
    if args.edit and args.rebuilds:
        edit_one_file(args.corpus)
        figures["edited_s"], _ = timed(lambda: pipeline.ingest(args.corpus))
    figures["data_mb"] = _size_mb(args.data)
    warm: list[float] = []
    for _ in range(args.repeats):
        pipeline.search(WARM_UP)
        for question in questions():
            seconds, _ = timed(lambda q=question: pipeline.search(q))
            warm.append(seconds * 1000)
    figures["warm_ms"] = warm
    if args.eval:
        figures["eval"] = pipeline.golden_metrics(GOLDEN)
    return figures


def _size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(prog="worker.py")
    parser.add_argument("pipeline", choices=("sendplan", "naive", "stand-in"))
    parser.add_argument("--backend", choices=("torch", "onnx", "onnx-int8"))
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--edit", action="store_true", help="also re-ingest one edited file")
    parser.add_argument("--eval", action="store_true", help="also score the golden set")
    parser.add_argument(
        "--no-skip", dest="skip", action="store_false", help="re-ingests read every file"
    )
    parser.add_argument(
        "--no-keyword-cache", dest="keyword_cache", action="store_false",
        help="build the keyword index from Chroma in every process (the old path)",
    )  # fmt: skip
    parser.add_argument(
        "--no-rebuilds", dest="rebuilds", action="store_false", help="naive: time no rebuild"
    )
    args = parser.parse_args()
    if args.pipeline == "naive":
        figures = naive(args)
    else:
        figures = sendplan(args, stand_in=args.pipeline == "stand-in")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
