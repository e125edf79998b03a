"""`make bench-scale`: issue 11's figures and targets, torch vs onnx vs onnx-int8 vs a naive
LangChain pipeline, on the bundled corpus and varied synthetic corpora at 10x and 100x; 1000x
with a fast stand-in embedding (non-embedding costs only). On demand, never in `make test`.

Every pipeline runs in fresh processes (bench/scale/worker.py, `sendplan ask`), each on its
own copy of each corpus, in a temporary folder; see bench/scale/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import processes
from scale_corpus import build_corpus
from table import PIPELINES, Results, figures_table, stand_in_table, targets, targets_table

REPO = Path(__file__).resolve().parents[2]
SCALES = {"1x": 1, "10x": 10, "100x": 100}


def note(message: str) -> None:
    load = os.getloadavg()[0]
    print(
        f"bench-scale {time.strftime('%H:%M:%S')}: {message} (load {load:.2f})",
        file=sys.stderr,
        flush=True,
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/scale/run.py", description=__doc__.splitlines()[0])
    parser.add_argument("--pipelines", default=",".join(PIPELINES), help="comma-separated subset")
    parser.add_argument(
        "--scales", default="1x,10x,100x", help="comma-separated subset of 1x,10x,100x"
    )
    parser.add_argument(
        "--stand-in-scales",
        default="1000,400",
        help="corpus scales ingested with the stand-in embedding; '' to skip (default 1000,400: "
        "400x shows the costs below Chroma's limit if 1000x hits it)",
    )
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=2, help="warm passes over the golden set")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    return parser.parse_args()


def run_pipeline(
    pipeline: str, scale: str, corpus: Path, work: Path, args: argparse.Namespace
) -> dict[str, Any]:
    """Ingest, re-ingest and warm figures (a worker), then cold starts where the issue asks."""
    own = work / f"{pipeline}-{scale}"
    shutil.copytree(corpus, own / "corpus")
    data = own / "data"
    options = ["--corpus", str(own / "corpus"), "--data", str(data), "--repeats", str(args.repeats)]
    options += ["--eval"] if scale == "1x" else ["--edit"]
    if pipeline == "naive":
        figures = processes.worker(
            "naive", *options, *(["--no-rebuilds"] if scale == "100x" else [])
        )
    else:
        # the torch row is today's path before issue 11: it also reads every file on re-ingest
        # and builds the keyword index from Chroma in every process
        old = ["--no-skip", "--no-keyword-cache"] if pipeline == "torch" else []
        figures = processes.worker("sendplan", "--backend", pipeline, *options, *old)
    if scale in ("1x", "100x"):
        if pipeline == "naive":
            cold = processes.naive_ask(data, runs=args.cold_runs)
        else:
            cold = processes.sendplan_ask(
                data, pipeline, runs=args.cold_runs, keyword_cache=pipeline != "torch"
            )
        figures |= {"cold_s": cold.median_s, "rss_mb": cold.peak_rss_mb}
        if cold.unsaved is not None:
            figures["cold_unsaved_s"] = cold.unsaved.seconds
            figures["rss_mb"] = max(cold.peak_rss_mb, cold.unsaved.peak_rss_mb)
        figures["cold_runs_s"] = [r.seconds for r in cold.runs]
        figures["first_retrieve_ms"] = cold.first_retrieve_ms
    return figures


def save(path: Path | None, results: Results, stand_in: dict[str, Any], **extra: Any) -> None:
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        document = {"results": results, "stand_in": stand_in, **extra}
        path.write_text(json.dumps(document, indent=1) + "\n")


def chosen_backend() -> str:
    from assistant.settings import Settings

    return str(Settings.model_fields["embedding_backend"].default)


def main() -> int:
    args = parse_args()
    pipelines = [p for p in args.pipelines.split(",") if p]
    scales = [s for s in args.scales.split(",") if s]
    before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="sendplan-bench-scale-"))
    results: Results = {p: {} for p in pipelines}
    started = time.perf_counter()
    try:
        for scale in scales:
            note(f"building the {scale} corpus")
            corpus = build_corpus(REPO / "corpus", work / f"corpus-{scale}", scale=SCALES[scale])
            for pipeline in pipelines:
                note(f"{pipeline} at {scale}")
                results[pipeline][scale] = run_pipeline(pipeline, scale, corpus, work, args)
                save(args.json, results, {})  # a later failure loses nothing
        stand_in: dict[str, Any] = {}
        for scale_text in [x for x in args.stand_in_scales.split(",") if x]:
            label = f"{scale_text}x"
            note(f"building the {label} corpus (stand-in embedding)")
            corpus = build_corpus(REPO / "corpus", work / f"corpus-{label}", scale=int(scale_text))
            options = ["--corpus", str(corpus), "--data", str(work / f"stand-in-{label}")]
            try:
                stand_in[label] = processes.worker("stand-in", *options, "--edit", "--repeats", "1")
            except SystemExit as failure:  # a limit reached is a figure too: report, go on
                stand_in[label] = {"error": str(failure).strip().splitlines()[-1]}
            shutil.rmtree(corpus, ignore_errors=True)
            save(args.json, results, stand_in)
        help_s = processes.sendplan_help(runs=args.cold_runs)
    finally:
        if args.keep:
            note(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    after = os.getloadavg()
    chosen = chosen_backend()
    loads = " / ".join(" ".join(f"{x:.2f}" for x in load) for load in (before, after))
    minutes = (time.perf_counter() - started) / 60
    print(f"machine: {os.cpu_count()} CPUs; load average (1, 5, 15 min) before / after: {loads}")
    print(f"took {minutes:.0f} min\n")
    print(figures_table(results, help_s))
    print(f"\nTargets (issue 11) for the default backend, {chosen}:\n")
    rows = targets(results, chosen)
    print(targets_table(rows, chosen))
    for label, figures in stand_in.items():
        print()
        print(stand_in_table(figures, label))
    save(args.json, results, stand_in, help_s=help_s, load=[before, after])
    return 0 if all(r.ok is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
