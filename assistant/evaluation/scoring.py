"""Per-question checks: pure functions from one result and its golden item to a score."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assistant.evaluation.golden import GoldenItem
from assistant.evaluation.results import EvalResult
from assistant.evaluation.text import cited_sentences, contains, content_words

# a sentence is supported when its figures and this share of its content words are in the
# chunks it cites
MIN_SUPPORT = 0.8


@dataclass(frozen=True)
class Faithfulness:
    """How many answer sentences the cited chunks support, and which ones they do not."""

    supported: int = 0
    total: int = 0
    unsupported: tuple[str, ...] = ()

    @property
    def score(self) -> float | None:
        return self.supported / self.total if self.total else None


@dataclass(frozen=True)
class QuestionScore:
    """Every check on one answer; None where a check does not apply to the question."""

    id: str
    category: str
    answerable: bool
    refused: bool
    doc_rank: int | None  # 1-based rank of the first expected document retrieved
    has_expected_sources: bool
    missing_groups: tuple[tuple[str, ...], ...] = ()
    has_must_include: bool = False
    violations: tuple[str, ...] = ()
    invalid_citations: tuple[str, ...] = ()
    cites_expected: bool = False
    faithfulness: Faithfulness = field(default_factory=Faithfulness)
    latency_ms: float = 0.0

    def hit(self, k: int) -> bool:
        """Whether an expected document was among the first `k` retrieved."""
        return self.doc_rank is not None and self.doc_rank <= k

    @property
    def must_include_ok(self) -> bool:
        return not self.refused and not self.missing_groups

    @property
    def failures(self) -> list[str]:
        """Why this answer fails, in words a person can act on; empty when it passes."""
        return failure_reasons(self)


def doc_rank(retrieved_doc_ids: Sequence[str], expected: Sequence[str]) -> int | None:
    """The 1-based rank of the first expected document among the retrieved ones."""
    wanted = set(expected)
    return next((i for i, doc in enumerate(retrieved_doc_ids, 1) if doc in wanted), None)


def missing_groups(answer: str, groups: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """The must-include groups none of whose alternatives occur in the answer."""
    return [tuple(group) for group in groups if not any(contains(answer, alt) for alt in group)]


def violations(answer: str, forbidden: Sequence[str]) -> list[str]:
    """The must-not-include phrases that occur in the answer."""
    return [phrase for phrase in forbidden if phrase.strip() and contains(answer, phrase)]


def invalid_citations(
    cited_chunk_ids: Sequence[str], retrieved_chunk_ids: Sequence[str]
) -> list[str]:
    """Cited chunk ids that retrieval did not return (made-up or stale citations)."""
    retrieved = set(retrieved_chunk_ids)
    return [chunk_id for chunk_id in cited_chunk_ids if chunk_id not in retrieved]


def faithfulness(
    answer: str,
    citations: Mapping[int, str],
    chunk_texts: Mapping[str, str],
    *,
    min_support: float = MIN_SUPPORT,
) -> Faithfulness:
    """Share of sentences whose content words are in the chunk(s) they cite.

    A sentence is supported when every number in it, and `min_support` of its content words,
    occur in the chunks it cites (wording may differ a little; figures may not).

    `citations` maps citation number to chunk id. A sentence cites the numbers in its own
    markers, or in the marker closing its line; a sentence with neither is checked against
    every chunk the answer cites.
    Sentences without content words are not counted.
    """
    every_chunk = list(dict.fromkeys(citations.values()))
    supported, total, unsupported = 0, 0, []
    for sentence, numbers in cited_sentences(answer):
        words = content_words(sentence)
        if not words:
            continue
        chunk_ids = [citations[n] for n in numbers if n in citations] if numbers else every_chunk
        evidence = set(content_words(" ".join(chunk_texts.get(c, "") for c in chunk_ids)))
        total += 1
        if is_supported(words, evidence, min_support=min_support):
            supported += 1
        else:
            unsupported.append(sentence)
    return Faithfulness(supported=supported, total=total, unsupported=tuple(unsupported))


def is_supported(words: Sequence[str], evidence: set[str], *, min_support: float) -> bool:
    """Every figure must be in the evidence, and `min_support` of all the content words."""
    if any(word[0].isdigit() and word not in evidence for word in words):
        return False
    return sum(word in evidence for word in words) >= min_support * len(words)


def score_result(result: EvalResult, item: GoldenItem) -> QuestionScore:
    """Run every check on one result against its golden item."""
    cited_chunks = [c.get("chunk_id", "") for c in result.citations]
    numbered = {int(c["number"]): str(c.get("chunk_id", "")) for c in result.citations}
    return QuestionScore(
        id=item.id,
        category=item.category,
        answerable=item.answerable,
        refused=result.refused,
        doc_rank=doc_rank(result.retrieved_doc_ids, item.expected_sources),
        has_expected_sources=bool(item.expected_sources),
        missing_groups=tuple(missing_groups(result.answer, item.must_include)),
        has_must_include=bool(item.must_include),
        violations=tuple(violations(result.answer, item.must_not_include)),
        invalid_citations=tuple(invalid_citations(cited_chunks, result.retrieved_chunk_ids)),
        cites_expected=bool(set(result.cited_doc_ids) & set(item.expected_sources)),
        faithfulness=(
            Faithfulness()
            if result.refused
            else faithfulness(result.answer, numbered, result.chunk_texts)
        ),
        latency_ms=result.latency_ms,
    )


def failure_reasons(score: QuestionScore) -> list[str]:
    """Human-readable reasons a scored answer fails; empty when it passes every check."""
    reasons: list[str] = []
    if not score.answerable:
        if not score.refused:
            reasons.append("answered a question the documents do not cover (should refuse)")
    elif score.refused:
        reasons.append("refused an answerable question")
    if score.answerable and score.has_expected_sources:
        if not score.hit(5):
            reasons.append("no expected source in the top 5 retrieved documents")
        if not score.refused and not score.cites_expected:
            reasons.append("cites none of the expected sources")
    if score.answerable and not score.refused and score.missing_groups:
        missing = "; ".join(
            " or ".join(repr(alt) for alt in group) for group in score.missing_groups
        )
        reasons.append(f"missing: {missing}")
    if score.violations:
        reasons.append(f"must not include: {', '.join(repr(v) for v in score.violations)}")
    if score.invalid_citations:
        reasons.append(
            f"cites chunks that were not retrieved: {', '.join(score.invalid_citations)}"
        )
    for sentence in score.faithfulness.unsupported:
        reasons.append(f"unsupported by its citations: {sentence!r}")
    return reasons
