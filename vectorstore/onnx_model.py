"""The exported model as onnxruntime runs it: where the files are, the sentence-transformers
layout it must reproduce, sessions and pooling. No torch here.

sentence-transformers reads `modules.json` (Transformer, then Pooling, then Normalize) and
`sentence_bert_config.json` (max_seq_length); `ModelLayout` reads the same files, so the
vectors are the torch backend's to float precision (onnx) or close to it (onnx-int8).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import ConfigError
from vectorstore.embeddings import model_label, weights_digest

if TYPE_CHECKING:
    import numpy as np
    import onnxruntime

log = logging.getLogger(__name__)

FLOAT_FILE = "model.onnx"
INT8_FILE = "model-int8.onnx"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
POOLING_MODES = {"pooling_mode_mean_tokens": "mean", "pooling_mode_cls_token": "cls"}
TORCH_INSTEAD = "set SENDPLAN_EMBEDDING_BACKEND=torch for this model"


def export_dir(model_dir: Path, cache_dir: Path, *, model: str | None = None) -> Path:
    """One folder per model weights: another model or new weights never reuse an export."""
    return cache_dir / f"{model_label(model)}-{weights_digest(model_dir)}"


def ensure_onnx_file(
    model_dir: Path, cache_dir: Path, *, quantized: bool, model: str | None = None
) -> Path:
    """The ONNX file for this model, exporting it first if this host has none yet."""
    folder = export_dir(model_dir, cache_dir, model=model)
    target = folder / (INT8_FILE if quantized else FLOAT_FILE)
    if not target.is_file():
        log.warning(
            "No ONNX export of the embedding model in %s yet: exporting it now (one-off, "
            "about 20 s; 'sendplan model export' does it ahead of time).",
            folder,
        )
        from vectorstore.onnx_export import export_model  # torch: only for this one-off

        export_model(model_dir, cache_dir, model=model)
    return target


@dataclass(frozen=True)
class ModelLayout:
    """What sentence-transformers does after the transformer, read from the model folder."""

    max_length: int
    pooling: str  # "mean" or "cls"
    normalize: bool

    @classmethod
    def read(cls, model_dir: Path) -> ModelLayout:
        modules = _json(model_dir / "modules.json")
        kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
        if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
            raise ConfigError(
                f"The ONNX backend runs Transformer, Pooling[, Normalize] models; {model_dir} "
                f"has {', '.join(kinds)}: {TORCH_INSTEAD}."
            )
        pooling = _json(model_dir / modules[1]["path"] / "config.json")
        modes = [mode for key, mode in POOLING_MODES.items() if pooling.get(key)]
        others = [k for k, v in pooling.items() if k.startswith("pooling_mode") and v]
        if len(modes) != 1 or len(others) != 1:
            raise ConfigError(
                f"The ONNX backend supports mean or CLS pooling; {model_dir} uses "
                f"{', '.join(others) or 'none'}: {TORCH_INSTEAD}."
            )
        config = _json(model_dir / "sentence_bert_config.json")
        return cls(int(config["max_seq_length"]), modes[0], kinds[-1] == "Normalize")


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(
            f"Cannot read {path} ({exc}): the ONNX backend needs a complete "
            f"sentence-transformers folder; {TORCH_INSTEAD}, or unset SENDPLAN_EMBEDDING_MODEL."
        ) from None


def open_session(path: Path, *, threads: int) -> onnxruntime.InferenceSession:
    """A CPU session; `threads` intra-op threads (0: one per core)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    if threads == 1:
        # one thread has nobody to wait for: spinning would only burn a shared core
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3  # errors only: no graph-optimisation chatter on stderr
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def pool(states: np.ndarray, mask: np.ndarray, layout: ModelLayout) -> np.ndarray:
    """Sentence vectors from token states, as the model's Pooling (+ Normalize) modules do."""
    import numpy as np

    if layout.pooling == "cls":
        vectors = states[:, 0]
    else:
        weights = mask[..., None].astype(states.dtype)
        counts = np.clip(weights.sum(axis=1), 1e-9, None)  # sentence-transformers' clamp
        vectors = (states * weights).sum(axis=1) / counts
    if layout.normalize:
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = vectors / np.clip(norms, 1e-12, None)  # torch.nn.functional.normalize's eps
    return vectors
