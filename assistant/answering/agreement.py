"""Semantic agreement: how close in meaning the best candidate sentences are to the question.

Lexical coverage misses paraphrase and typos ("ed psychs" for educational psychologists);
the embedding model does not. Only the top few candidates are embedded (a few ms each on a
CPU), and their vectors are cached, since documents change far less often than questions.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

from langchain_core.embeddings import Embeddings

from assistant.answering.evidence import HEADING_JOIN

TOP_CANDIDATES = 3
CACHE_SIZE = 4096
CLAUSE_WORDS = 4  # a shorter clause ('It said') says too little to agree with a question
# where a sentence's clauses part: a colon or semicolon, a spaced dash, or an opening
# quotation mark
_CLAUSE = re.compile(r"\s*[:;]\s+|\s+[‘“\"']|\s+[-–] ")


class SemanticAgreement:
    def __init__(
        self,
        embeddings: Embeddings,
        *,
        top: int = TOP_CANDIDATES,
        split: Callable[[str], list[str]] | None = None,
    ) -> None:
        """`split` gives the parts of a candidate that are compared too (default: its
        clauses; bench/agreement_bench.py passes one that gives none, the old path)."""
        self.embeddings = embeddings
        self.top = top
        self.split = split or clauses
        self._vectors: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()  # Slack answers on several threads at once

    def __call__(self, question: str, candidates: Sequence[str]) -> float:
        """Best cosine similarity between the question and the first `top` candidates."""
        texts = list(candidates[: self.top])
        if not texts:
            return 0.0
        texts = list(dict.fromkeys(t for text in texts for t in (text, *self.split(text))))
        query = self.embeddings.embed_query(question)
        vectors = self._embed(texts)
        return max(sum(a * b for a, b in zip(query, v, strict=True)) for v in vectors)

    def _embed(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            found = {t: self._vectors[t] for t in texts if t in self._vectors}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            found.update(zip(missing, self.embeddings.embed_documents(missing), strict=True))
        with self._lock:
            for text in texts:
                self._vectors[text] = found[text]
                self._vectors.move_to_end(text)
            while len(self._vectors) > CACHE_SIZE:
                self._vectors.popitem(last=False)
        return [found[t] for t in texts]


def clauses(text: str) -> list[str]:
    """The clauses of a candidate's sentence (not its heading), when it has more than one:
    'Children's minister Claire Coutinho said' answers 'which minister was quoted?' better
    than the whole sentence with its long quotation."""
    sentence = text.split(HEADING_JOIN, 1)[-1]
    parts = [p.strip() for p in _CLAUSE.split(sentence) if len(p.split()) >= CLAUSE_WORDS]
    return parts if len(parts) > 1 else []
