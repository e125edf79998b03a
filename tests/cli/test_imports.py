"""What each command imports, seen in a fresh process through sys.modules: the question path
of an ONNX backend never loads torch, and --help or a usage error loads nothing heavy."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.settings import Settings
from ingest.pipeline import run_ingestion
from tests.conftest import REPO, make_test_settings
from vectorstore.onnx_embeddings import OnnxEmbeddings

PROBE = Path(__file__).with_name("import_probe.py")
TORCH = {"torch", "transformers", "sentence_transformers"}
QUESTION = "How many educational psychologists will be trained?"


@pytest.fixture(scope="module")
def onnx_index(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The corpus embedded by the onnx-int8 backend."""
    settings = make_test_settings(
        tmp_path_factory.mktemp("onnx-index"), embedding_backend="onnx-int8"
    )
    embeddings = OnnxEmbeddings(cache_dir=settings.model_dir, quantized=True)
    assert run_ingestion(settings, embeddings=embeddings).ok
    return settings


def probe(args: list[str], settings: Settings | None = None, stdin: str = "") -> dict[str, object]:
    env = dict(os.environ) | {"PYTHONPATH": str(REPO), "SENDPLAN_EMBEDDING_BACKEND": "onnx-int8"}
    if settings is not None:
        env |= {"SENDPLAN_DATA_DIR": str(settings.data_dir)}
    done = subprocess.run(
        [sys.executable, str(PROBE), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    result["stdout"] = done.stdout
    return result


@pytest.mark.parametrize(
    ("args", "code"),
    [(["--help"], 0), (["--version"], 0), (["ask", "--bogus"], 2), (["nonsense"], 2)],
)
def test_help_version_and_usage_errors_load_nothing_heavy(args: list[str], code: int) -> None:
    result = probe(args)
    assert result["code"] == code
    assert result["loaded"] == []


def test_ask_with_onnx_never_imports_torch(onnx_index: Settings) -> None:
    result = probe(["ask", QUESTION], onnx_index)
    assert result["code"] == 0 and "400" in str(result["stdout"])
    loaded = set(result["loaded"])  # type: ignore[arg-type]
    assert "onnxruntime" in loaded and "chromadb" in loaded  # it did embed and search
    assert not loaded & TORCH


def test_chat_with_onnx_never_imports_torch(onnx_index: Settings) -> None:
    result = probe(["chat"], onnx_index, stdin=f"{QUESTION}\nWhat is an EHCP?\n")
    assert result["code"] == 0 and "400" in str(result["stdout"])
    assert not set(result["loaded"]) & TORCH  # type: ignore[arg-type]


def test_slack_bot_with_onnx_never_imports_torch(onnx_index: Settings) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = probe(["slack", str(port)], onnx_index)
    assert result["code"] == 0, "the bot did not answer with the expected fact"
    assert "onnxruntime" in result["loaded"]  # type: ignore[operator]
    assert not set(result["loaded"]) & TORCH  # type: ignore[arg-type]
