"""Fresh processes: a worker's JSON figures, and `sendplan ask` cold starts with peak RSS."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
_SCRUBBED = ("SENDPLAN_", "SLACK_", "OPENAI_", "ANTHROPIC_", "LANGSMITH_", "LANGCHAIN_")
COLD_QUESTION = "How many new special free schools does the plan promise?"


def environment(**values: str) -> dict[str, str]:
    """The calling shell's environment without project settings, offline, plus `values`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_SCRUBBED)}
    return env | OFFLINE | {"PYTHONPATH": str(REPO)} | values


def worker(*args: str) -> dict[str, Any]:
    """Run bench/scale/worker.py with args; its JSON figures."""
    done = subprocess.run(
        [sys.executable, str(HERE / "worker.py"), *args],
        capture_output=True,
        text=True,
        env=environment(),
        cwd=tempfile.gettempdir(),
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench: worker {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    stdout: str


def timed_process(command: list[str], env: dict[str, str]) -> Run:
    """Wall time and peak RSS of one process (os.wait4 gives that child's own rusage)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=out, stderr=err, env=env, cwd=tempfile.gettempdir()
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"bench: {command[:3]} failed: {err.read().decode()[-2000:]}")
        return Run(seconds, usage.ru_maxrss / 1024, out.read().decode())


@dataclass
class ColdStart:
    runs: list[Run]
    first_retrieve_ms: float | None
    unsaved: Run | None = None  # the first ask after an ingest: no saved keyword index yet

    @property
    def median_s(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_rss_mb(self) -> float:
        return max(r.peak_rss_mb for r in self.runs)


def sendplan_ask(data_dir: Path, backend: str, *, runs: int, keyword_cache: bool) -> ColdStart:
    """`sendplan ask --json` as a fresh process, `runs` times; the answer must hold '33'.

    With `keyword_cache`, one more run first, with the host's saved keyword index deleted (as
    after an ingest that changed anything), timed apart: it builds and saves the index that
    the `runs` then load. Without it (the old path), every run builds it from Chroma."""
    script = Path(sys.executable).parent / "sendplan"
    env = environment(SENDPLAN_DATA_DIR=str(data_dir), SENDPLAN_EMBEDDING_BACKEND=backend,
                      SENDPLAN_KEYWORD_CACHE=str(keyword_cache).lower())  # fmt: skip
    command = [str(script), "ask", "--json", COLD_QUESTION]
    unsaved = None
    if keyword_cache:
        shutil.rmtree(data_dir / "keyword-index", ignore_errors=True)
        unsaved = timed_process(command, env)
    done = [timed_process(command, env) for _ in range(runs)]
    answer = json.loads(done[0].stdout)
    if "33" not in answer["text"]:
        raise SystemExit(f"bench: the cold-start answer lost its fact: {answer['text'][:200]}")
    return ColdStart(done, answer.get("timings", {}).get("retrieve_ms"), unsaved)


def naive_ask(data_dir: Path, *, runs: int) -> ColdStart:
    command = [sys.executable, str(HERE / "naive.py"), "ask", str(data_dir), COLD_QUESTION]
    return ColdStart([timed_process(command, environment()) for _ in range(runs)], None)


def sendplan_help(*, runs: int) -> float:
    script = Path(sys.executable).parent / "sendplan"
    return statistics.median(
        timed_process([str(script), "--help"], environment()).seconds for _ in range(runs)
    )
