"""Export the local sentence-transformers model to ONNX once per host, offline.

`sendplan model export` runs it at `make install`; an ONNX backend that finds no export runs
it on first use (onnx_model.py). This is the only module of the ONNX backends that imports
torch. The graph is the bare transformer (token states out); pooling and normalisation
happen in onnx_model.py, as the model's modules.json says. The int8 model is onnxruntime's
dynamic quantisation with one scale per output channel (per-tensor scales cost about 5 points
of cosine agreement with torch on the corpus; per channel, about 1).
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from onnxruntime.quantization import QuantType, quantize_dynamic

from assistant.errors import ConfigError
from assistant.settings import use_offline_models
from vectorstore.onnx_model import FLOAT_FILE, INPUTS, INT8_FILE, export_dir

log = logging.getLogger(__name__)

OPSET = 17
MAX_STATE_DIFFERENCE = 1e-3  # exported vs torch token states on a padded check batch


def export_model(model_dir: Path, cache_dir: Path, *, model: str | None = None) -> list[Path]:
    """Write the float32 and int8 ONNX files (replacing any); their paths."""
    folder = export_dir(model_dir, cache_dir, model=model)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"Cannot create {folder} for the ONNX model ({exc.strerror or exc}). Set "
            "SENDPLAN_MODEL_CACHE_DIR to a writable folder, or SENDPLAN_EMBEDDING_BACKEND=torch."
        ) from None
    started = time.perf_counter()
    float_path = folder / FLOAT_FILE
    _atomically(float_path, lambda tmp: _export_float(model_dir, tmp))
    _atomically(folder / INT8_FILE, lambda tmp: _quantize(float_path, tmp))
    log.info("exported %s to %s in %.1f s", model_dir, folder, time.perf_counter() - started)
    return [float_path, folder / INT8_FILE]


def _atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder, then rename: a process that
    exports at the same time, or a reader, never sees half a file."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        temporary.chmod(0o644)  # mkstemp's 0600 would hide it from other users of the venv
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _export_float(model_dir: Path, target: Path) -> None:
    use_offline_models()
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    # eager attention traces to plain ops that every onnxruntime build runs
    encoder = TokenStates(AutoModel.from_pretrained(str(model_dir), attn_implementation="eager"))
    encoder.eval()
    sample = _sample_batch(rows=2, length=16)
    with torch.no_grad(), warnings.catch_warnings():
        # the TorchScript exporter (dynamo=False) is deprecated in favour of torch.export, but
        # needs no extra package and gives a graph that runs faster here; torch is pinned
        warnings.simplefilter("ignore")
        torch.onnx.export(
            encoder,
            sample,
            str(target),
            input_names=list(INPUTS),
            output_names=["token_states"],
            dynamic_axes={name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "token_states")},
            opset_version=OPSET,
            dynamo=False,
        )
    _check_export(encoder, target)


def _check_export(encoder: TokenStates, path: Path) -> None:
    """Run the export on another, padded batch shape and compare with torch: a trace that
    froze a shape or dropped the mask fails here, not silently in answers."""
    import onnxruntime

    batch = _sample_batch(rows=3, length=40)
    with torch.no_grad():
        expected = encoder(*batch).numpy()
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    got = session.run(None, dict(zip(INPUTS, (t.numpy() for t in batch), strict=True)))[0]
    mask = batch[1].numpy().astype(bool)
    difference = float(abs(got - expected)[mask].max())
    if difference > MAX_STATE_DIFFERENCE:
        raise ConfigError(
            f"The ONNX export of the embedding model differs from torch by {difference:.2g}. "
            "Use SENDPLAN_EMBEDDING_BACKEND=torch, and report this with your torch version."
        )


def _sample_batch(*, rows: int, length: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Token ids with padding in every row but the first, so the mask is traced as data."""
    generator = torch.Generator().manual_seed(0)
    ids = torch.randint(1000, 20000, (rows, length), generator=generator)
    mask = torch.ones_like(ids)
    for row in range(1, rows):
        mask[row, length - 3 * row :] = 0
    ids = ids * mask
    return ids, mask, torch.zeros_like(ids)


def _quantize(source: Path, target: Path) -> None:
    quantize_logger = logging.getLogger()  # it logs a "consider pre-processing" hint at root
    level = quantize_logger.level
    quantize_logger.setLevel(logging.ERROR)
    try:
        quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, per_channel=True)
    finally:
        quantize_logger.setLevel(level)


class TokenStates(torch.nn.Module):
    """The transformer alone, called with keywords (BertModel's positional order changed
    across transformers versions), returning the last layer's token states."""

    def __init__(self, model: Any) -> None:
        super().__init__()
        self.model = model

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        output = self.model(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        )
        return output.last_hidden_state  # type: ignore[no-any-return]
