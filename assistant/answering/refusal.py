"""When to say "I couldn't find this": evidence features, then fitted thresholds.

Every question gets a small feature vector (`Evidence`), computed once:
- coverage: the IDF-weighted share of the question's content words found in the best
  *eligible* sentence (one that holds the kind of answer asked for, fits the question's dates
  and names what it asks about; see evidence.py), with its heading;
- dense: the best cosine similarity between the question and any retrieved chunk;
- agreement: the best cosine similarity between the question and the top eligible sentences
  (it rescues paraphrases and typos whose words differ from the documents' words);
- reason: a refusal that needs no threshold: no eligible sentence at all (the documents mention
  the topic but hold no count, date, name... of what is asked), a name the documents never
  mention, or nothing retrieved.

evidence = coverage + dense_weight * dense + agreement, refused below min_evidence (without an
embedding model, agreement is dropped and min_evidence_lexical applies). The two thresholds are
fitted by `sendplan eval --calibrate` (assistant/evaluation/calibrate.py) with
cross-validation over every question set; the defaults below are its last fit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.answering import question as q
from assistant.answering.evidence import ScoredSentence
from assistant.answering.terms import matches_loosely, matches_strictly
from vectorstore.chunk import RetrievedChunk
from vectorstore.text import content_tokens

DENSE_WEIGHT = 0.5
# the last `sendplan eval --calibrate` fit: the 807 questions of the calibration sets, onnx-int8
MIN_EVIDENCE = 1.0658
MIN_EVIDENCE_LEXICAL = 0.58
AGREEMENT_CANDIDATES = 3

Agreement = Callable[[str, Sequence[str]], float]

# a capitalised word inside the question (not its first word): a name the documents must know
_NAME_WORD = re.compile(r"(?<=[\w,;:'’] )[A-Z][a-z]{2,}\b")


@dataclass(frozen=True)
class Evidence:
    """The features behind one refusal decision."""

    coverage: float = 0.0
    dense: float = 0.0
    agreement: float | None = None
    reason: str | None = None  # a refusal code that needs no threshold
    detail: str = ""  # what the reason is about: the missing name, the asked kind

    def score(self, dense_weight: float = DENSE_WEIGHT) -> float:
        lexical = self.coverage + dense_weight * self.dense
        return lexical if self.agreement is None else lexical + self.agreement


@dataclass(frozen=True)
class RefusalRule:
    min_evidence: float = MIN_EVIDENCE
    min_evidence_lexical: float = MIN_EVIDENCE_LEXICAL
    dense_weight: float = DENSE_WEIGHT

    def reason(self, evidence: Evidence) -> str | None:
        """The refusal code for these features, or None to answer."""
        if evidence.reason:
            return evidence.reason
        bar = self.min_evidence_lexical if evidence.agreement is None else self.min_evidence
        return "weak_evidence" if evidence.score(self.dense_weight) < bar else None

    def refuses(
        self,
        question: str,
        chunks: Sequence[RetrievedChunk],
        scored: Sequence[ScoredSentence],
        agreement: float | None = None,
    ) -> bool:
        """The decision from scored sentences (kept for callers that have no features yet)."""
        return (
            self.reason(measure(q.read_question(question), chunks, scored, agreement)) is not None
        )


def eligible(scored: Sequence[ScoredSentence]) -> list[ScoredSentence]:
    return [s for s in scored if s.eligible]


def agreement_of(
    agreement: Agreement | None, question: str, scored: Sequence[ScoredSentence]
) -> float | None:
    """The semantic agreement of the best eligible candidates, or None without a model."""
    candidates = eligible(scored) or list(scored)
    if agreement is None or not candidates:
        return None
    return agreement(question, [s.text for s in candidates[:AGREEMENT_CANDIDATES]])


def measure(
    question: q.Question,
    chunks: Sequence[RetrievedChunk],
    scored: Sequence[ScoredSentence],
    agreement: float | None = None,
    *,
    known: Callable[[str], bool] | None = None,
) -> Evidence:
    """The feature vector of one question against its retrieved chunks; `known` says whether
    the whole index uses a term (names and attributes are looked up there too)."""
    if not chunks or not scored:
        return Evidence(reason="no_evidence")
    dense = max((c.dense_score or 0.0) for c in chunks)
    unknown = unknown_names(question, chunks, known)
    # a yes/no question is answered by what the documents say of the thing asked about ('Does
    # it apply to Scotland?': England only), unless it asks whether the name is among them
    if unknown and (not question.yes_no or asks_membership(question)):
        return Evidence(dense=dense, agreement=agreement, reason="unknown_name", detail=unknown[0])
    absent = unknown_focus(question, chunks, known) if asks_an_attribute(question) else ""
    if absent:
        return Evidence(dense=dense, agreement=agreement, reason="attribute_missing", detail=absent)
    best = next(iter(eligible(scored)), None)
    if best is None:
        return Evidence(
            coverage=scored[0].coverage,
            dense=dense,
            agreement=agreement,
            reason=scored[0].failed_check or "kind_missing",
            detail=question.kind or "",
        )
    return Evidence(coverage=best.coverage, dense=dense, agreement=agreement)


def _known_terms(chunks: Sequence[RetrievedChunk]) -> set[str]:
    known: set[str] = set()
    for chunk in chunks:
        where = f"{chunk.title} {chunk.section or ''} {chunk.doc_id.replace('-', ' ')} {chunk.text}"
        known.update(content_tokens(where))
    return known


# "X's party" asks of X; "the roadmap's table" only says where to look
_POSSESSIVE = re.compile(
    r"\b(?!(?:roadmap|plan|digest|glossary|briefing|article|roundup|document|update)(?:'s|’s))"
    r"\w+(?:'s|’s|s')\s"
)


_MEMBERSHIP = re.compile(
    r"^\W*(?:is|are|was|were|will)\b.*\b(?:one of|among|amongst|part of|included in|on the list"
    r"|in the list|taking part|involved in|selected)\b",
    re.IGNORECASE,
)


def asks_membership(question: q.Question) -> bool:
    """'Is Leeds one of the councils in the Change Programme?': whether a name is among those
    the documents list, which only a document that names it can confirm."""
    return bool(_MEMBERSHIP.search(question.core))


def asks_an_attribute(question: q.Question) -> bool:
    """Whether the question asks for an attribute that must be in the documents by name: a
    kind of answer (a salary is an amount), an attribute of someone ('X's party'), or
    something about a named person or body. 'What mechanism does the plan set out?' is none
    of these: its noun may be the asker's word for what the documents call otherwise."""
    return (
        question.kind not in (None, q.DEFINITION, q.YESNO)
        or bool(_POSSESSIVE.search(question.core))
        or bool(_NAME_WORD.search(question.core))
    )


def unknown_focus(
    question: q.Question,
    chunks: Sequence[RetrievedChunk],
    known: Callable[[str], bool] | None = None,
) -> str:
    """A word of what the question asks about that no retrieved chunk uses: 'What is X's
    salary?' when the documents never speak of salaries, however often they name X."""
    seen = _known_terms(chunks)
    missing = [
        t
        for t in q.focus_to_cover(question)
        if not matches_loosely(t, seen) and not (known and known(t))
    ]
    return missing[0] if missing else ""


def unknown_names(
    question: q.Question,
    chunks: Sequence[RetrievedChunk],
    known: Callable[[str], bool] | None = None,
) -> list[str]:
    """Capitalised names in the question that no retrieved chunk (text, heading, title or
    document id) mentions: 'What did Unison say?' when no document names Unison."""
    names = _NAME_WORD.findall(question.core)
    if not names:
        return []
    seen = _known_terms(chunks)
    return [
        name
        for name in names
        if (terms := content_tokens(name))
        and not matches_strictly(terms[0], seen)
        and not (known and known(terms[0]))
    ]
