"""What `ask` and `chat` record (and `eval` does not), `sendplan history show | purge`, and
the ingest run `sendplan ingest` records for the report: real subprocesses over a copy of
the session's ingested data dir."""

from __future__ import annotations

import getpass
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.settings import Settings
from assistant.state import open_state
from assistant.state.ingest_runs import IngestRuns
from assistant.state.questions import QuestionLog
from assistant.state.users import UserHasher
from tests.conftest import CORPUS, GOLDEN

SENDPLAN = [sys.executable, "-m", "assistant.cli"]


@pytest.fixture
def data_copy(ingested_settings: Settings, tmp_path: Path) -> Settings:
    """Its own copy of the ingested index and state database, with no question in it."""
    data = tmp_path / "data"
    shutil.copytree(ingested_settings.data_dir, data)
    settings = ingested_settings.model_copy(update={"data_dir": data})
    QuestionLog(open_state(settings)).purge(older_than_days=0)
    return settings


def run(
    args: list[str], settings: Settings, *, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SENDPLAN_DATA_DIR": str(settings.data_dir),
           "SENDPLAN_CORPUS_DIR": str(settings.corpus_dir)}  # fmt: skip
    return subprocess.run(
        [*SENDPLAN, *args], input=stdin, capture_output=True, text=True, env=env, timeout=180,
        check=False,
    )  # fmt: skip


def test_ask_and_chat_are_recorded_and_eval_is_not(data_copy: Settings, tmp_path: Path) -> None:
    golden = tmp_path / "golden.jsonl"
    golden.write_text(GOLDEN.read_text(encoding="utf-8").splitlines()[0] + "\n")

    asked = run(["ask", "How many new special free schools does the plan promise?"], data_copy)
    chatted = run(["chat"], data_copy, stdin="What is an EHCP?\nWrite me a poem about cats.\n")
    evaluated = run(["eval", "--golden", str(golden)], data_copy)
    empty = run(["ask", ""], data_copy)  # not a question: exit 2, nothing recorded

    assert asked.returncode == chatted.returncode == evaluated.returncode == 0, evaluated.stderr
    assert empty.returncode == 2
    state = open_state(data_copy)
    poem, ehcp, schools = QuestionLog(state).recent()
    assert [(q.front_end, q.channel_type) for q in (schools, ehcp, poem)] == [
        ("ask", "terminal"), ("chat", "terminal"), ("chat", "terminal"),
    ]  # fmt: skip
    assert not schools.refused and "send-ap-improvement-plan-digest" in schools.cited_doc_ids
    assert poem.refused and poem.refusal_reason and poem.cited_doc_ids == []
    assert 0 < schools.latency_ms < 60_000
    me = UserHasher(state)(f"terminal:{getpass.getuser()}")
    assert {q.user_hash for q in (schools, ehcp, poem)} == {me}


def test_history_show_and_purge(data_copy: Settings) -> None:
    run(["chat"], data_copy, stdin="What is an EHCP?\nWrite me a poem about cats.\n")

    shown = run(["history", "show"], data_copy)
    refused = run(["history", "show", "--refused", "--json"], data_copy)
    purged = run(["history", "purge", "--older-than", "0"], data_copy)
    after = run(["history", "show"], data_copy)

    header, poem, ehcp = shown.stdout.splitlines()
    assert header.split("\t")[:4] == ["asked_at", "front_end", "channel_type", "result"]
    assert poem.split("\t")[1:4] == [
        "chat",
        "terminal",
        f"refused: {poem.split(': ')[1].split()[0]}",
    ]
    assert ehcp.split("\t")[3] == "answered" and ehcp.endswith("\tWhat is an EHCP?")
    [record] = [json.loads(line) for line in refused.stdout.splitlines()]
    assert record["question"] == "Write me a poem about cats." and record["refused"] is True
    assert purged.returncode == 0 and purged.stdout.startswith("Deleted 2 questions")
    assert after.stdout == "" and "no questions recorded" in after.stderr


def test_ingest_records_its_run_and_failures(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "glossary.md", corpus)
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", corpus_dir=corpus)  # type: ignore[call-arg]

    done = run(["ingest"], settings)

    assert done.returncode == 1
    run_ = IngestRuns(open_state(settings)).latest(settings.collection)
    files = "1 added, 0 changed, 0 removed, 0 unchanged, 1 failed"
    assert f"Files: {files}\nChunks: 6 embedded, 0 deleted; 6 in the index" in done.stdout
    assert run_ is not None and run_.summary.startswith(f"files: {files}; chunks: 6 embedded")
    [failure] = run_.failures
    assert failure.path.endswith("broken.pdf") and "could not be parsed" in failure.reason
