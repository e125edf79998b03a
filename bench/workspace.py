"""A throwaway place to benchmark in: temporary data dirs, a replicated corpus, a clean env.

Nothing here touches the user's `.data/` or reads their `.env`: every Settings is built from
explicit values, and subprocesses run in the temporary folder with the SENDPLAN_* variables
of the calling shell removed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
GOLDEN = REPO / "tests" / "eval" / "golden.jsonl"
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
}
_SCRUBBED = ("SENDPLAN_", "SLACK_", "OPENAI_", "ANTHROPIC_", "OLLAMA_", "LANGSMITH_", "LANGCHAIN_")


def go_offline() -> None:
    """Never reach for the Hugging Face hub, in this process or its children."""
    os.environ.update(OFFLINE_ENV)


@contextmanager
def workdir(*, keep: bool = False) -> Iterator[Path]:
    """A temporary folder for data dirs and corpus copies, removed afterwards unless keep."""
    path = Path(tempfile.mkdtemp(prefix="sendplan-bench-"))
    try:
        yield path
    finally:
        if not keep:
            shutil.rmtree(path, ignore_errors=True)


def bench_settings(
    data_dir: Path, corpus_dir: Path = CORPUS, *, backend: str | None = None
) -> Settings:
    """Settings from explicit values only: no environment, no .env file."""
    values: dict[str, object] = {"data_dir": data_dir, "corpus_dir": corpus_dir}
    if backend:
        values["embedding_backend"] = backend
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def replicate_corpus(target: Path, copies: int, *, source: Path = CORPUS) -> Path:
    """`copies` copies of the corpus under target/copy-01, copy-02, ...

    The same file in another folder is another source (its relative path is its source id), so
    each copy is chunked and embedded again: a corpus big enough for a throughput figure.
    """
    for number in range(1, copies + 1):
        shutil.copytree(source, target / f"copy-{number:02d}")
    return target


def subprocess_env(settings: Settings) -> dict[str, str]:
    """The calling shell's environment, minus project and provider settings, pointed at
    the settings' data dir and embedding backend."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_SCRUBBED)}
    env.update(OFFLINE_ENV)
    env["SENDPLAN_DATA_DIR"] = str(settings.data_dir)
    env["SENDPLAN_CORPUS_DIR"] = str(CORPUS)
    env["SENDPLAN_EMBEDDING_BACKEND"] = settings.embedding_backend
    return env
