"""A fast stand-in embedding for the 1000x corpus: what ingestion and answering cost besides
the model. Deterministic hashed bag of words, normalised, 384 dimensions like the real one."""

from __future__ import annotations

import hashlib
import re

import numpy as np
from langchain_core.embeddings import Embeddings

DIMENSIONS = 384
_WORD = re.compile(r"\w+")


class StandInEmbeddings(Embeddings):
    """Not a model: similar texts share words, so vectors are comparable, at ~no cost."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(text) for text in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)

    @staticmethod
    def _vector(text: str) -> list[float]:
        vector = np.zeros(DIMENSIONS, dtype=np.float32)
        for word in _WORD.findall(text.lower()):
            vector[
                int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest()) % DIMENSIONS
            ] += 1
        norm = float(np.linalg.norm(vector)) or 1.0
        return (vector / norm).tolist()
