"""The `onnx` and `onnx-int8` backends: onnxruntime and the fast tokenizer, never torch.

Questions and the few sentences the refusal rule embeds run on a one-thread session (steady
latency on a small shared machine, as the torch backend's one thread); indexing runs on a
session with `index_threads` (default: one per core), created only when a large batch comes.
Texts of one call are sorted by length before batching, so batches are padded little.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from vectorstore.embeddings import LocalEmbeddings
from vectorstore.onnx_model import INPUTS, ModelLayout, ensure_onnx_file, open_session, pool
from vectorstore.tokenizer import load_tokenizer

if TYPE_CHECKING:
    import numpy as np
    import onnxruntime

QUESTION_CALL = 8  # texts per call up to which a call is question work (one thread)


class OnnxEmbeddings(LocalEmbeddings):
    """Normalised sentence embeddings from an ONNX export of a sentence-transformers model."""

    def __init__(
        self,
        model: str | None = None,
        *,
        cache_dir: Path,
        quantized: bool = False,
        batch_size: int = 64,
        query_threads: int = 1,
        index_threads: int = 0,
    ) -> None:
        super().__init__(model, batch_size=batch_size)
        self.cache_dir = cache_dir
        self.quantized = quantized
        self.backend = "onnx-int8" if quantized else "onnx"
        self.threads = {"query": query_threads, "index": index_threads}
        self._sessions: dict[str, onnxruntime.InferenceSession] = {}
        self._layout: ModelLayout | None = None
        self._lock = threading.Lock()

    @property
    def layout(self) -> ModelLayout:
        if self._layout is None:
            self._layout = ModelLayout.read(self.model_dir)
        return self._layout

    def session(self, purpose: str) -> onnxruntime.InferenceSession:
        """The 'query' or 'index' session, opened (and the model exported) on first use."""
        with self._lock:
            if purpose not in self._sessions:
                path = ensure_onnx_file(
                    self.model_dir, self.cache_dir, quantized=self.quantized, model=self.model_name
                )
                self._sessions[purpose] = open_session(path, threads=self.threads[purpose])
            return self._sessions[purpose]

    def warm_up(self) -> None:
        """Open the question session now, not during the first question."""
        self.embed_query("warm up")

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self.encode(texts).tolist()  # type: ignore[no-any-return]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One normalised vector per text, in order (a float32 array)."""
        import numpy as np

        session = self.session("query" if len(texts) <= QUESTION_CALL else "index")
        tokenizer = load_tokenizer(self.model_dir, max_length=self.layout.max_length)
        encodings = tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        vectors = np.empty((len(texts), 0), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            batch = self._run(session, [encodings[i].ids for i in rows])
            if vectors.shape[1] == 0:
                vectors = np.empty((len(texts), batch.shape[1]), dtype=np.float32)
            vectors[rows] = batch
        return vectors

    def _run(self, session: onnxruntime.InferenceSession, ids: list[list[int]]) -> np.ndarray:
        import numpy as np

        width = max(len(row) for row in ids)
        tokens = np.zeros((len(ids), width), dtype=np.int64)  # padding is masked out
        mask = np.zeros_like(tokens)
        for number, row in enumerate(ids):
            tokens[number, : len(row)] = row
            mask[number, : len(row)] = 1
        feed = dict(zip(INPUTS, (tokens, mask, np.zeros_like(tokens)), strict=True))
        (states,) = session.run(None, feed)
        return pool(states, mask, self.layout)
