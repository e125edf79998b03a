"""What comparing the question with each clause of a candidate costs: the same assistant
answers the public golden questions with semantic agreement over whole sentences (old) and
over sentences and their clauses (new), alternating, each pass with an empty vector cache
(its cold cost) and then again with the cache it filled (its warm cost).

    .venv/bin/python bench/agreement_bench.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from workspace import GOLDEN, bench_settings, go_offline, replicate_corpus, workdir

from assistant.answering.agreement import SemanticAgreement
from assistant.evaluation.golden import load_golden
from assistant.factory import build_assistant, make_embeddings
from ingest.pipeline import run_ingestion


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench/agreement_bench.py")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    go_offline()
    questions = [item.question for item in load_golden(GOLDEN)]
    paths = {"whole sentences (old)": lambda text: [], "sentences and clauses (new)": None}
    ms: dict[str, dict[str, list[float]]] = {name: {"cold": [], "warm": []} for name in paths}
    embedded: dict[str, int] = {}
    with workdir() as folder:
        settings = bench_settings(folder / "data", replicate_corpus(folder / "corpus", 1))
        embeddings = make_embeddings(settings)
        run_ingestion(settings, embeddings=embeddings)
        assistant = build_assistant(settings, embeddings=embeddings)
        reader = assistant.answerer.reader  # type: ignore[attr-defined]
        for question in questions:  # warm the model, the keyword index and the retriever
            assistant.ask(question)
        for _ in range(args.repeats):
            for name, split in paths.items():
                reader.agreement = SemanticAgreement(embeddings, split=split)
                for phase in ("cold", "warm"):
                    started = time.perf_counter()
                    for question in questions:
                        assistant.ask(question)
                    ms[name][phase].append((time.perf_counter() - started) * 1000 / len(questions))
                embedded[name] = len(reader.agreement._vectors)
    print(
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {len(questions)} questions"
    )
    print("| agreement over | cold ms per question | warm ms per question | texts embedded |")
    print("|---|---:|---:|---:|")
    for name, phases in ms.items():
        cold, warm = (statistics.median(phases[p]) for p in ("cold", "warm"))
        print(f"| {name} | {cold:.1f} | {warm:.1f} | {embedded[name]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
