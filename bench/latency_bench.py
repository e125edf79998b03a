"""Cold start of `sendplan ask` (a fresh process) and warm answer latency (one Assistant)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from workspace import GOLDEN, subprocess_env

from assistant.answering.answer import Answer
from assistant.answering.pipeline import Assistant
from assistant.evaluation.golden import load_golden
from assistant.factory import build_assistant, make_embeddings
from assistant.settings import Settings
from vectorstore.embeddings import LocalEmbeddings

COLD_QUESTION = "How many new special free schools does the plan promise?"
COLD_EXPECTED = "33"  # the answer must still be right, or the timing means nothing
WARM_UP_QUESTION = "What does the plan change for children who need alternative provision?"
TIMING_KEYS = ("total_ms", "retrieve_ms", "answer_ms", "condense_ms")


@dataclass
class ColdStart:
    seconds: list[float]
    answered: bool

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def best(self) -> float:
        return min(self.seconds)


@dataclass
class Samples:
    """Wall time and Answer.timings of every ask in one kind of pass."""

    wall_ms: list[float] = field(default_factory=list)
    timings: dict[str, list[float]] = field(
        default_factory=lambda: {key: [] for key in TIMING_KEYS}
    )
    refused: int = 0

    def add(self, answer: Answer, wall_ms: float) -> None:
        self.wall_ms.append(wall_ms)
        self.refused += answer.refused
        for key in TIMING_KEYS:
            self.timings[key].append(answer.timings.get(key, 0.0))


@dataclass
class WarmLatency:
    questions: int
    repeats: int
    new: Samples = field(default_factory=Samples)  # each question new to its assistant
    repeated: Samples = field(default_factory=Samples)  # asked again: answer caches are hot


def sendplan_command() -> list[str]:
    """The `sendplan` console script of the interpreter running the bench (the project venv)."""
    script = Path(sys.executable).parent / "sendplan"
    if not script.exists():
        raise SystemExit(f"bench: {script} not found: run 'make install' first")
    return [str(script)]


def cold_start(settings: Settings, workdir: Path, *, runs: int) -> ColdStart:
    """Time `sendplan ask` end to end as a new process, `runs` times."""
    command = [*sendplan_command(), "ask", COLD_QUESTION]
    env = subprocess_env(settings)
    seconds: list[float] = []
    answered = True
    for _ in range(runs):
        started = time.perf_counter()
        # cwd=workdir: the user's .env in the repo must not change what is measured
        done = subprocess.run(
            command, cwd=workdir, env=env, capture_output=True, text=True, check=False
        )
        seconds.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(f"bench: `sendplan ask` failed ({done.returncode}): {done.stderr}")
        answered = answered and COLD_EXPECTED in done.stdout
    return ColdStart(seconds=seconds, answered=answered)


def warm_latency(settings: Settings, embeddings: LocalEmbeddings, *, repeats: int) -> WarmLatency:
    """Every golden question `repeats` times in a warm process, then once more repeated.

    Each pass gets a new assistant over new embeddings (the model itself stays loaded), so no
    question is answered from the query or sentence caches of an earlier pass: a warm process
    meeting a question it has not seen. The extra pass re-asks them of the last assistant.
    """
    questions = [item.question for item in load_golden(GOLDEN)]
    if WARM_UP_QUESTION in questions:
        raise SystemExit("bench: the warm-up question must not be a golden question")
    result = WarmLatency(questions=len(questions), repeats=repeats)
    for _ in range(repeats):
        fresh = make_embeddings(settings)  # torch keeps its model loaded; onnx, its files
        assistant = build_assistant(settings, embeddings=fresh)
        assistant.ask(WARM_UP_QUESTION)
        _ask_all(assistant, questions, result.new)
    _ask_all(assistant, questions, result.repeated)
    return result


def _ask_all(assistant: Assistant, questions: list[str], samples: Samples) -> None:
    for question in questions:
        started = time.perf_counter()
        answer = assistant.ask(question)
        samples.add(answer, (time.perf_counter() - started) * 1000)
