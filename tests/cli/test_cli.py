"""`sendplan` as a user runs it: real subprocesses over a real ingested index."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.settings import Settings
from tests.conftest import CORPUS

SENDPLAN = [sys.executable, "-m", "assistant.cli"]


def run(
    args: list[str], data_dir: Path, *, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "SENDPLAN_DATA_DIR": str(data_dir),
        "SENDPLAN_CORPUS_DIR": str(CORPUS),
        **env,
    }
    return subprocess.run(
        [*SENDPLAN, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=180,
        check=False,
    )


def test_ask_json_refuses_out_of_scope(ingested_settings: Settings) -> None:
    result = run(["ask", "--json", "What is the capital of France?"], ingested_settings.data_dir)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["refused"] is True and answer["citations"] == []
    assert set(answer) >= {"text", "citations", "refused", "retrieved_doc_ids", "timings"}


def test_ask_answers_with_a_citation(ingested_settings: Settings) -> None:
    result = run(
        ["ask", "How many new special free schools does the plan promise?"],
        ingested_settings.data_dir,
    )
    assert result.returncode == 0, result.stderr
    assert "33" in result.stdout and "[1]" in result.stdout and "Sources:" in result.stdout


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "Please ask a question"),
        ("why " * 600, "the limit is 2,000"),
    ],
)
def test_ask_bad_question_exits_2(ingested_settings: Settings, question: str, message: str) -> None:
    result = run(["ask", question], ingested_settings.data_dir)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_chat_reads_lines_when_stdin_is_not_a_terminal(ingested_settings: Settings) -> None:
    questions = (
        "How many educational psychologists will be trained?\n\nWrite me a poem about cats.\n"
    )
    result = run(["chat"], ingested_settings.data_dir, stdin=questions)
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.split("? Write me a poem")
    assert "400" in first and "[1]" in first
    assert "couldn't find this" in second


def test_sources_lists_documents(ingested_settings: Settings) -> None:
    result = run(["sources"], ingested_settings.data_dir)
    assert result.returncode == 0
    assert "staff-briefing-schools-and-settings" in result.stdout
    assert "7 documents" in result.stdout


def test_ask_without_an_index_says_to_ingest(tmp_path: Path) -> None:
    result = run(["ask", "What is an EHCP?"], tmp_path / "empty")
    assert result.returncode == 1
    assert "Run 'sendplan ingest' first" in result.stderr and "Traceback" not in result.stderr


def test_ingest_reports_a_bad_file_and_exits_nonzero(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "glossary.md", corpus)
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    result = run(["ingest", str(corpus)], tmp_path / "data")
    assert result.returncode == 1
    assert f"Added {corpus} as a source" in result.stdout  # and the bundled corpus is synced
    # the bundled corpus's 7 files and glossary.md; its 5 chunks and card besides the corpus's
    assert "Files: 8 added, 0 changed, 0 removed, 0 unchanged, 1 failed" in result.stdout
    assert "Chunks: 76 embedded, 0 deleted; 76 in the index" in result.stdout
    # the failure is printed once, with its reason (no log warning repeating it)
    assert (result.stdout + result.stderr).count("broken.pdf") == 1
    assert "WARNING" not in result.stderr  # nor pypdf's own warning about the same file
    [failed] = [line for line in result.stderr.splitlines() if "broken.pdf" in line]
    assert failed.startswith("  failed: ") and "could not be parsed" in failed


def test_chat_with_stdin_closed_exits_cleanly(ingested_settings: Settings) -> None:
    environment = {**os.environ, "SENDPLAN_DATA_DIR": str(ingested_settings.data_dir)}
    result = subprocess.run(
        [*SENDPLAN, "chat"],
        stdin=None,
        capture_output=True,
        text=True,
        env=environment,
        timeout=180,
        check=False,
        preexec_fn=lambda: os.close(0),  # noqa: PLW1509
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr
