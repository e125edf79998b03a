"""`sendplan ask --json` over the ingested corpus, answering through a local OpenAI stand-in.

The issue's "done when": the stand-in's answer comes back with its citations mapped to the
retrieved sources and [9] dropped; a 500 becomes a clear message without a traceback or the
key; SENDPLAN_LLM_FALLBACK=extractive answers extractively instead.

The 500 runs the real `sendplan` process (tracebacks show there); the others call the CLI's
`main` in this process, which reuses the loaded embedding model (a process takes ~20 s).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.cli import main
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
QUESTION = "How many new special free schools does the plan promise?"
KEY = "test-key-not-secret"  # what the openai_stub fixture puts in OPENAI_API_KEY


@pytest.fixture
def cli_env(
    ingested_settings: Settings,
    openai_stub: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> dict[str, str]:
    """The environment for `sendplan` over the ingested corpus and the stub (also applied to
    this process, whose working directory moves away from the checkout's .env)."""
    values = {
        "SENDPLAN_DATA_DIR": str(ingested_settings.data_dir),
        "SENDPLAN_LLM": "openai:gpt-4o-mini",
        "SENDPLAN_LLM_MAX_RETRIES": "0",
        "OPENAI_BASE_URL": openai_stub.base_url,
        "OPENAI_API_KEY": KEY,
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def ask_in_process(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code = main(["ask", "--json", QUESTION])
    out, err = capsys.readouterr()
    assert code == 0, err
    return dict(json.loads(out))


def test_ask_returns_the_stand_ins_answer_with_mapped_citations(
    cli_env: dict[str, str], openai_stub: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    openai_stub.reply("The plan promises 33 new special free schools [2][9]. More [1].")
    answer = ask_in_process(capsys)
    assert answer["text"] == "The plan promises 33 new special free schools [1]. More [2]."
    assert answer["answerer"] == "openai:gpt-4o-mini"
    assert not answer["refused"]
    retrieved = answer["retrieved_chunk_ids"]
    assert [c["chunk_id"] for c in answer["citations"]] == [retrieved[1], retrieved[0]]
    assert [c["number"] for c in answer["citations"]] == [1, 2]
    assert QUESTION in str(openai_stub.requests[0]["messages"])


def test_ask_falls_back_to_extractive(
    cli_env: dict[str, str],
    openai_stub: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SENDPLAN_LLM_FALLBACK", "extractive")
    openai_stub.reply(status=500, body={"error": {"message": "down"}})
    answer = ask_in_process(capsys)
    assert answer["answerer"] == "extractive (fallback: openai:gpt-4o-mini failed)"
    assert "33" in answer["text"]
    assert answer["citations"]
    assert len(openai_stub.requests) == 1


def test_sendplan_process_turns_a_500_into_a_clear_message(
    cli_env: dict[str, str], openai_stub: Any, tmp_path: Path
) -> None:
    openai_stub.reply(status=500, body={"error": {"message": f"crashed with key {KEY}"}})
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask", "--json", QUESTION],
        env=cli_env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        "sendplan: The LLM provider 'openai' had a server error (HTTP 500, model gpt-4o-mini, "
        f"endpoint http://127.0.0.1:{openai_stub.port})."
    )
    assert "SENDPLAN_LLM_FALLBACK=extractive" in result.stderr
    assert "Traceback" not in result.stderr
    assert KEY not in result.stderr
