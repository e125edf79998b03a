"""The questions the documents could not answer, grouped by meaning: the documents to add next.

Greedy clustering on embedding cosine: distinct questions, most asked first, each join the
group whose centroid is most similar if that similarity reaches `threshold`, else start a new
group. A group is labelled by its most central question (the highest count-weighted similarity
to the other members), so the label reads like what people actually asked.

GROUP_SIMILARITY 0.55 is set on all-MiniLM-L6-v2 with the recorded week in
tests/reporting/week.jsonl: paraphrases of one need ("waiting times for an ADHD diagnosis",
"the ADHD assessment waiting list"; "high needs budget", "top-up funding") score 0.57-0.91;
different needs score 0.1-0.54, the closest being pairs that share words ("free SEND
transport" and "SEND students at college", 0.54). 0.5 merged "colleges after 16" with
"top-up funding"; 0.6 split the SEND panel questions into three groups.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.reporting.records import NOT_DOCUMENT_GAPS, QuestionRecord

if TYPE_CHECKING:
    from assistant.settings import Settings

Embed = Callable[[list[str]], Sequence[Sequence[float]]]
GROUP_SIMILARITY = 0.55


@dataclass(frozen=True)
class QuestionGroup:
    label: str
    count: int  # times any question of the group was asked
    examples: list[tuple[str, int]]  # distinct questions and their counts, most asked first
    last_asked: datetime


def unanswered_groups(
    records: Sequence[QuestionRecord],
    *,
    embed: Embed,
    threshold: float = GROUP_SIMILARITY,
    limit: int | None = None,
) -> list[QuestionGroup]:
    """Refused questions grouped by similarity, the most asked group first (refusals that
    are not for want of a document, such as questions not in English, are left out)."""
    refused = [r for r in records if r.refused and r.refusal_reason not in NOT_DOCUMENT_GAPS]
    if not refused:
        return []
    texts, counts, last = _distinct(refused)
    vectors = _unit(np.asarray(embed(texts), dtype=np.float64))
    weights = np.asarray(counts, dtype=np.float64)
    members: list[list[int]] = []
    centroids: list[np.ndarray] = []
    for i in range(len(texts)):
        similarities = [float(c @ vectors[i]) for c in centroids]
        best = int(np.argmax(similarities)) if similarities else -1
        if best >= 0 and similarities[best] >= threshold:
            members[best].append(i)
            rows = members[best]
            centroids[best] = _unit(weights[rows] @ vectors[rows])
        else:
            members.append([i])
            centroids.append(vectors[i])
    groups = [_group(rows, texts, counts, last, vectors, weights) for rows in members]
    groups.sort(key=lambda g: (-g.count, -g.last_asked.timestamp(), g.label))
    return groups[:limit] if limit is not None else groups


class LazyEmbed:
    """An `Embed` over the configured embedding model, loaded on the first call only (a
    history without refusals never needs it). Safe to call from several threads."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._model: Any = None
        self._lock = threading.Lock()

    def __call__(self, texts: list[str]) -> Sequence[Sequence[float]]:
        with self._lock:
            if self._model is None:
                from assistant.factory import make_embeddings

                self._model = make_embeddings(self.settings)
        return self._model.embed_documents(texts)  # type: ignore[no-any-return]


def _distinct(records: Sequence[QuestionRecord]) -> tuple[list[str], list[int], list[datetime]]:
    """Distinct questions (same words, any case or spacing), most asked first."""
    counts: Counter[str] = Counter()
    spelling: dict[str, Counter[str]] = {}
    last: dict[str, datetime] = {}
    for record in records:
        text = " ".join(record.question.split())
        key = text.casefold()
        counts[key] += 1
        spelling.setdefault(key, Counter())[text] += 1
        last[key] = max(last.get(key, record.asked_at), record.asked_at)
    keys = sorted(counts, key=lambda k: (-counts[k], -last[k].timestamp(), k))
    texts = [spelling[k].most_common(1)[0][0] for k in keys]
    return texts, [counts[k] for k in keys], [last[k] for k in keys]


def _group(
    rows: list[int],
    texts: list[str],
    counts: list[int],
    last: list[datetime],
    vectors: np.ndarray,
    weights: np.ndarray,
) -> QuestionGroup:
    centrality = (vectors[rows] @ vectors[rows].T) @ weights[rows]
    label = texts[rows[int(np.argmax(centrality))]]
    examples = [(texts[i], counts[i]) for i in rows]  # rows are already most asked first
    return QuestionGroup(label, sum(counts[i] for i in rows), examples, max(last[i] for i in rows))


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return np.asarray(vectors / np.where(norms == 0, 1.0, norms))
