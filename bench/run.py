"""Benchmark: ingestion throughput, re-ingestion, cold start and warm answer latency.

Run on demand with `make bench` (never part of `make test`); `--help` lists the options.
Everything happens in a temporary folder: the user's `.data/` and `.env` are never used.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from figures import (
    LOAD_WARNING,
    Row,
    as_json,
    cold_rows,
    ingest_rows,
    load_average,
    render,
    warm_rows,
)
from ingest_bench import IngestFigures, ingest_round, reingest, warm_up
from latency_bench import ColdStart, WarmLatency, cold_start, warm_latency
from workspace import CORPUS, bench_settings, go_offline, replicate_corpus, workdir

from assistant.factory import make_embeddings
from ingest.pipeline import discover, run_ingestion
from vectorstore.embeddings import LocalEmbeddings

T = TypeVar("T")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--copies",
        type=int,
        default=8,
        help="copies of corpus/ ingested for the throughput figure (default 8)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="full-rebuild ingestions (each followed by the raw encoder); "
        "the best of each side counts (default 2)",
    )
    parser.add_argument(
        "--cold-runs", type=int, default=3, help="`sendplan ask` processes to time (default 3)"
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="times each golden question is asked warm (default 3)",
    )
    parser.add_argument(
        "--torch-threads",
        type=int,
        metavar="N",
        help="torch intra-op threads in this process (default: torch's own, one per core); "
        "for comparing, e.g. 1 on a busy 2-core machine",
    )
    parser.add_argument(
        "--backend",
        choices=("torch", "onnx", "onnx-int8"),
        help="embedding backend (default: the settings default); bench/scale compares them all",
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every figure to OUT")
    parser.add_argument(
        "--profile",
        choices=("ingest", "warm"),
        help="also print where the time goes in one phase (cProfile)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder and print its path"
    )
    args = parser.parse_args(argv)
    for name in ("copies", "rounds", "cold_runs", "repeats"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.torch_threads is not None and args.torch_threads < 1:
        parser.error("--torch-threads must be at least 1")
    return args


def note(message: str) -> None:
    """Progress on stderr, with the 1-minute load average each phase started under."""
    print(f"bench: {message} (load {load_average()[0]:.2f})", file=sys.stderr, flush=True)


def profiled(enabled: bool, work: Callable[[], T]) -> T:
    """Run work, printing its 25 costliest calls (cumulative) when enabled."""
    if not enabled:
        return work()
    profile = cProfile.Profile()
    result = profile.runcall(work)
    pstats.Stats(profile, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    return result


def bench_ingestion(
    root: Path,
    embeddings: LocalEmbeddings,
    args: argparse.Namespace,
    model_load: float,
) -> IngestFigures:
    corpus = replicate_corpus(root / "corpus", args.copies)
    settings = bench_settings(root / "data-throughput", corpus, backend=args.backend)
    figures = IngestFigures(
        files=len(discover(corpus)),
        model_load_seconds=model_load,
        batch_size=settings.embedding_batch_size,
    )
    for number in range(1, args.rounds + 1):
        note(
            f"ingestion round {number}/{args.rounds}: {figures.files} files, full rebuild, "
            "then the raw encoder"
        )
        figures.rounds.append(
            profiled(args.profile == "ingest", lambda: ingest_round(settings, embeddings))
        )
    note("re-ingesting the unchanged corpus")
    figures.reingest = reingest(settings, embeddings)
    return figures


def machine(before: tuple[float, ...], after: tuple[float, ...]) -> dict[str, Any]:
    import torch

    return {
        "cpus": os.cpu_count(),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "python": platform.python_version(),
        "load_before": list(before),
        "load_after": list(after),
    }


def describe(info: dict[str, Any]) -> str:
    lines = [
        f"machine: {info['cpus']} CPUs, torch {info['torch']} on "
        f"{info['torch_threads']} threads, Python {info['python']}"
    ]
    for when in ("before", "after"):
        load = info[f"load_{when}"]
        lines.append(
            f"load average {when}: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1, 5, 15 min)"
        )
    worst = max(info["load_before"][0], info["load_after"][0])
    if worst > LOAD_WARNING:
        lines.append(
            f"WARNING: load average {worst:.2f} > {LOAD_WARNING}: other processes are "
            "competing for the CPUs, so these figures are pessimistic. Run again on "
            "an idle machine before drawing conclusions."
        )
    return "\n".join(lines)


def measure(args: argparse.Namespace, root: Path) -> tuple[IngestFigures, ColdStart, WarmLatency]:
    embeddings = make_embeddings(bench_settings(root / "data", backend=args.backend))
    assert isinstance(embeddings, LocalEmbeddings)
    note("loading the embedding model")
    ingest = bench_ingestion(root, embeddings, args, warm_up(embeddings, CORPUS))

    settings = bench_settings(root / "data", backend=args.backend)  # the bundled corpus
    note("ingesting the bundled corpus for the latency figures")
    run_ingestion(settings, embeddings=embeddings)
    note(f"cold start: {args.cold_runs} runs of `sendplan ask`")
    cold = cold_start(settings, root, runs=args.cold_runs)
    note(f"warm latency: the golden questions x {args.repeats}")
    warm = profiled(
        args.profile == "warm", lambda: warm_latency(settings, embeddings, repeats=args.repeats)
    )
    return ingest, cold, warm


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    go_offline()  # nothing has imported transformers yet: the model loads lazily
    if args.torch_threads is not None:
        import torch

        torch.set_num_threads(args.torch_threads)
    before = load_average()
    with workdir(keep=args.keep) as root:
        ingest, cold, warm = measure(args, root)
        if args.keep:
            note(f"kept {root}")
    info = machine(before, load_average())
    rows: list[Row] = [*ingest_rows(ingest), *cold_rows(cold), *warm_rows(warm)]
    print(describe(info))
    print(
        f"model load + first batch: {ingest.model_load_seconds:.2f} s; warm questions: "
        f"{warm.questions} x {warm.repeats}, each pass on a new assistant "
        f"({warm.new.refused // warm.repeats} refusals a pass)\n"
    )
    print(render(rows))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        figures = as_json(machine=info, ingest=ingest, cold=cold, warm=warm, rows=rows)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
        note(f"figures written to {args.json}")
    return 0 if all(r.ok is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
