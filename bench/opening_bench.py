"""What reading a document's opening costs a title question: the same assistant answers each
question with and without its `opening` collaborator, alternating, in one process.

    .venv/bin/python bench/opening_bench.py [--repeats 5] [--copies 1]

`--copies N` ingests N copies of the corpus, so the scan over the keyword index's metadata
(which finds a document's first chunks) meets N times as many chunks.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from workspace import bench_settings, go_offline, replicate_corpus, workdir

from assistant.answering.pipeline import Assistant
from assistant.factory import build_assistant, make_embeddings
from ingest.pipeline import run_ingestion

QUESTIONS = (  # ask how a document is named: the opening is read for these only
    "What is the SEND and AP Improvement Plan's official title?",
    "Under which title was the improvement plan released by the DfE?",
    "Who is the author of the staff briefing?",
    "What was the LocalGov headline?",
)
EXPECTED = "Right support, right place, right time"  # the first two must find it


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench/opening_bench.py")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--copies", type=int, default=1)
    args = parser.parse_args()
    go_offline()
    with workdir() as folder:
        corpus = replicate_corpus(folder / "corpus", args.copies)
        settings = bench_settings(folder / "data", corpus)
        embeddings = make_embeddings(settings)
        run_ingestion(settings, embeddings=embeddings)
        new = build_assistant(settings, embeddings=embeddings)
        old = Assistant(  # the same collaborators, without the one that reads openings
            retriever=new.retriever,
            answerer=new.answerer,
            k=new.k,
            max_chars=new.max_chars,
            correct=new.correct,
            search_terms=new.search_terms,
        )
        ms: dict[str, list[float]] = {"without opening (old)": [], "with opening (new)": []}
        found = {name: 0 for name in ms}
        for question in QUESTIONS:  # warm both: caches of the model and the keyword index
            new.ask(question)
            old.ask(question)
        for _ in range(args.repeats):
            for name, assistant in zip(ms, (old, new), strict=True):
                for question in QUESTIONS:
                    started = time.perf_counter()
                    answer = assistant.ask(question)
                    ms[name].append((time.perf_counter() - started) * 1000)
                    found[name] += EXPECTED in answer.text
        chunks = len(new.retriever.bm25.ids)  # type: ignore[attr-defined]
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {chunks} chunks")
    print("| path | median ms | p95 ms | answers with the title |\n|---|---:|---:|---:|")
    for name, values in ms.items():
        p95 = statistics.quantiles(values, n=20)[-1]
        total = len(values) // len(QUESTIONS) * 2
        print(f"| {name} | {statistics.median(values):.1f} | {p95:.1f} | {found[name]}/{total} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
