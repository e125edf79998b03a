"""What a threshold fit costs with and without remembering each record's fact check: the
same records (read once through the real assistant) are fitted both ways, alternating, in
one process.

    .venv/bin/python bench/calibrate_bench.py [--repeats 3] [--set tests/eval/golden.jsonl ...]

A fit tries every candidate threshold; a record's answer only changes with which of its
parts are answered, so the new path matches must_include once per such pattern, where the
old path matched it again for every candidate.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from workspace import bench_settings, go_offline, replicate_corpus, workdir

from assistant.answering.refusal import RefusalRule
from assistant.evaluation import load_golden
from assistant.evaluation.calibrate import Record, collect, fit
from assistant.evaluation.text import contains
from assistant.factory import build_assistant, make_embeddings
from ingest.pipeline import run_ingestion

ROOT = Path(__file__).resolve().parent.parent
SETS = ("golden", "extra", "dev-a", "dev-b", "dev-c", "dev-d")


@dataclass(frozen=True)
class UncachedRecord(Record):
    """The old fact check: the answer is rebuilt and matched for every candidate threshold."""

    def facts_ok(self, rule: RefusalRule) -> bool:
        if self.refused(rule):
            return False
        text = self.answer(rule)
        return all(any(contains(text, alt) for alt in group) for group in self.item.must_include)


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench/calibrate_bench.py")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--set", type=Path, action="append", dest="sets")
    args = parser.parse_args()
    paths = args.sets or [ROOT / "tests" / "eval" / f"{name}.jsonl" for name in SETS]
    go_offline()
    with workdir() as folder:
        settings = bench_settings(folder / "data", replicate_corpus(folder / "corpus", 1))
        embeddings = make_embeddings(settings)
        run_ingestion(settings, embeddings=embeddings)
        sets = {path.stem: load_golden(path) for path in paths}
        records = collect(build_assistant(settings, embeddings=embeddings), sets)
    old = [UncachedRecord(r.set_name, r.item, r.parts, r.fixed, r.citations_valid) for r in records]
    seconds: dict[str, list[float]] = {"rebuilt per candidate (old)": [], "remembered (new)": []}
    fitted: dict[str, set[float]] = {name: set() for name in seconds}
    for _ in range(args.repeats):
        for name, rows in zip(seconds, (old, records), strict=True):
            fresh = [type(r)(r.set_name, r.item, r.parts, r.fixed, r.citations_valid) for r in rows]
            started = time.perf_counter()
            fitted[name].add(fit(fresh).min_evidence)
            seconds[name].append(time.perf_counter() - started)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {len(records)} records")
    print("| fact check | median s per fit | fitted min_evidence |\n|---|---:|---:|")
    for name, values in seconds.items():
        print(f"| {name} | {statistics.median(values):.2f} | {sorted(fitted[name])} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
