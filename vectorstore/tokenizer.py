"""The model's own word-piece tokenizer, from its `tokenizer.json`, without transformers or torch.

Chunking counts tokens with it and the ONNX backend feeds the model with it. It is the same
Rust tokenizer that transformers wraps (`AutoTokenizer` loads this very file), so the counts
are identical (tests/embeddings/test_tokenizer.py checks it on the corpus).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import ConfigError

if TYPE_CHECKING:
    from tokenizers import Tokenizer


@cache
def load_tokenizer(model_dir: Path, *, max_length: int | None = None) -> Tokenizer:
    """The model's fast tokenizer, without the padding it ships with; it truncates to
    max_length word pieces ([CLS] and [SEP] included) if given, as sentence-transformers does."""
    from tokenizers import Tokenizer

    path = model_dir / "tokenizer.json"
    if not path.is_file():
        raise ConfigError(
            f"{model_dir} has no tokenizer.json (a fast tokenizer file). Set "
            "SENDPLAN_EMBEDDING_MODEL to a sentence-transformers directory that has one, or "
            "unset it to use the packaged all-MiniLM-L6-v2."
        )
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_padding()  # the file ships with max_length 128 and fixed padding
    if max_length is None:
        tokenizer.no_truncation()
    else:
        tokenizer.enable_truncation(max_length)
    return tokenizer


class TokenCounter:
    """Word pieces the model sees for a text, [CLS] and [SEP] included; `many` batch-encodes
    (in parallel, in Rust), which is how ingestion counts a document's pieces."""

    def __init__(self, model_dir: Path) -> None:
        self.model_dir = model_dir

    def __call__(self, text: str) -> int:
        return len(load_tokenizer(self.model_dir).encode(text).ids)

    def many(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        return [len(e.ids) for e in load_tokenizer(self.model_dir).encode_batch(list(texts))]
