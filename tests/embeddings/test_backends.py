"""The ONNX backends reproduce the torch backend: vectors (cosine on every corpus chunk and
golden question, floors measured on this model) and the golden-set metrics."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import ConfigError
from assistant.evaluation import EvalRun, evaluate, load_golden
from assistant.factory import build_assistant
from assistant.settings import Settings
from ingest.pipeline import run_ingestion
from tests.conftest import GOLDEN, make_test_settings
from vectorstore.embeddings import LocalEmbeddings, default_model_path
from vectorstore.onnx_embeddings import OnnxEmbeddings
from vectorstore.onnx_model import ModelLayout

# Measured on the bundled corpus (63 chunks) and golden questions (58): onnx agrees with torch
# to float precision (min cosine 1.00000); onnx-int8 min 0.9848 (chunks) and 0.9900
# (questions), mean 0.9933. The floors leave a little room below those.
FLOORS = {"onnx": (0.9999, 0.9999, 0.9999), "onnx-int8": (0.980, 0.985, 0.990)}
SAME_METRICS = ("hit@5", "must_include", "refusal_recall", "false_refusal_rate")
INSTALLED = Settings(_env_file=None).model_dir  # type: ignore[call-arg] # make install's export


@pytest.mark.parametrize("backend", ["onnx", "onnx-int8"])
def test_vectors_agree_with_torch(
    backend: str, corpus_vectors: dict[str, tuple[np.ndarray, np.ndarray]]
) -> None:
    chunk_floor, question_floor, mean_floor = FLOORS[backend]
    (torch_chunks, torch_questions), (chunks, asked) = (
        corpus_vectors["torch"],
        corpus_vectors[backend],
    )
    chunk_cosines = (chunks * torch_chunks).sum(axis=1)
    question_cosines = (asked * torch_questions).sum(axis=1)
    assert len(chunk_cosines) > 50 and len(question_cosines) > 50
    assert chunk_cosines.min() >= chunk_floor and question_cosines.min() >= question_floor
    assert chunk_cosines.mean() >= mean_floor


def test_batching_order_and_session_do_not_change_vectors(corpus_chunks: list[str]) -> None:
    """Length-sorted batches are put back in order; the one-thread question session and the
    indexing session give the same vectors."""
    reference = OnnxEmbeddings(cache_dir=INSTALLED, batch_size=64)
    texts = corpus_chunks[:40]
    shuffled = random.Random(1).sample(texts, len(texts))
    small_batches = OnnxEmbeddings(cache_dir=INSTALLED, batch_size=7, index_threads=1)
    got = dict(zip(shuffled, small_batches.embed_documents(shuffled), strict=True))
    one_by_one = [reference.embed_documents([t])[0] for t in texts]
    np.testing.assert_allclose([got[t] for t in texts], one_by_one, atol=1e-5)
    np.testing.assert_allclose(reference.embed_documents(texts), one_by_one, atol=1e-5)


@pytest.fixture(scope="module")
def runs(
    backends: dict[str, LocalEmbeddings], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, EvalRun]:
    """The golden set through the real assistant, the corpus ingested by each backend."""
    found = {}
    for backend, embeddings in backends.items():
        settings = make_test_settings(tmp_path_factory.mktemp(backend), embedding_backend=backend)
        assert run_ingestion(settings, embeddings=embeddings).ok
        assistant = build_assistant(settings, embeddings=embeddings)
        found[backend] = evaluate(load_golden(GOLDEN), assistant)
    return found


@pytest.mark.parametrize("backend", ["onnx", "onnx-int8"])
def test_golden_metrics_match_torch(backend: str, runs: dict[str, EvalRun]) -> None:
    torch, onnx = runs["torch"].overall, runs[backend].overall
    assert {k: onnx[k] for k in SAME_METRICS} == {k: torch[k] for k in SAME_METRICS}
    # the targets are hit@5 and must-include; rank order may move a little (int8: +-0.03)
    assert abs(onnx["mrr"] - torch["mrr"]) <= 0.03  # type: ignore[operator]
    print(json.dumps({backend: onnx, "torch": torch}, default=str))


def test_onnx_export_happens_on_first_use(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, corpus_chunks: list[str]
) -> None:
    """A host without an export (no `make install` step ran) exports once, says so, and
    embeds exactly as the installed export does."""
    fresh = OnnxEmbeddings(cache_dir=tmp_path / "models", quantized=True)
    with caplog.at_level("WARNING"):
        got = fresh.embed_documents(corpus_chunks[:5])
    assert "No ONNX export of the embedding model" in caplog.text
    assert "sendplan model export" in caplog.text
    assert sorted(p.name for p in next((tmp_path / "models").iterdir()).iterdir()) == [
        "model-int8.onnx",
        "model.onnx",
    ]
    installed = OnnxEmbeddings(cache_dir=INSTALLED, quantized=True)
    np.testing.assert_allclose(got, installed.embed_documents(corpus_chunks[:5]), atol=1e-6)


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        ("modules.json", lambda m: m[:1], "has Transformer"),
        ("modules.json", lambda m: [*m, {"type": "x.Dense", "path": "2_Dense"}], "Dense"),
        ("1_Pooling/config.json", lambda c: c | {"pooling_mode_max_tokens": True}, "max_tokens"),
    ],
)
def test_layouts_the_onnx_backend_cannot_reproduce_are_refused(
    tmp_path: Path, file: str, change: object, message: str
) -> None:
    model = tmp_path / "model"
    shutil.copytree(default_model_path(), model, ignore=shutil.ignore_patterns("*.safetensors"))
    target = model / file
    target.write_text(json.dumps(change(json.loads(target.read_text()))))  # type: ignore[operator]
    with pytest.raises(ConfigError, match=message) as caught:
        ModelLayout.read(model)
    assert "SENDPLAN_EMBEDDING_BACKEND=torch" in str(caught.value)


def test_the_packaged_layout() -> None:
    assert ModelLayout.read(default_model_path()) == ModelLayout(256, "mean", True)
