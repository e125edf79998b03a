"""How well each retrieved sentence answers a question: coverage, kind, scope and focus.

Shared by the extractive answerer (which quotes the best sentences) and the LLM answerer
(which skips the model call when the evidence is too weak to answer from). A sentence is
*eligible* as an answer when it holds the kind of answer asked for, fits the question's
dates, mentions what the question asks about, and holds any figure a yes/no question asks to
confirm.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.answering import question as q
from assistant.answering.dates import DateContext, DateMention, date_mentions
from assistant.answering.definitions import defined_term, defines, defines_another
from assistant.answering.documents import (
    CARD_FACTS,
    asks_about_documents,
    distinctive_terms,
    reference_terms,
    where_terms,
)
from assistant.answering.entities import COMMON_IDF, mentions, question_names
from assistant.answering.events import holds_event
from assistant.answering.kinds import (
    KEY_TERMS,
    amount_attached,
    counts_near,
    holds_figures,
    holds_kind,
    holds_money,
)
from assistant.answering.names import GENERIC_NOUNS
from assistant.answering.rows import locator_terms, points_from
from assistant.answering.sentences import Sentence, quotable_units, sentences_of
from assistant.answering.terms import SpeltOut, coverage, matches_loosely, matches_strictly
from vectorstore.chunk import RetrievedChunk
from vectorstore.text import content_tokens

Idf = Callable[[str], float]

__all__ = [
    "HEADING_JOIN",
    "Idf",
    "ScoredSentence",
    "Sentence",
    "defined_term",
    "quotable_units",
    "score_sentences",
    "uniform_idf",
]

TYPE_BONUS = 0.25  # the sentence holds the kind of answer asked for
FOCUS_BONUS = 0.1  # the sentence names what the question asks about
CARD_DISCOUNT = 0.7  # a document card answers for its document only when no sentence does
SCOPE_BONUS = 0.1
SECTION_BONUS = 0.25  # the sentence is in the section the question names
# a sentence that holds most of the question's own words may leave the counted noun implicit
# ("Double supported internship capacity to around 4,500 a year")
SELF_EVIDENT = 0.5  # the question's date is in the sentence itself, not only its context
# a sentence that only repeats what the question itself states tells the asker nothing
ECHO_PENALTY = 0.5
HEADING_JOIN = " — "
UNSEEN = "\u2400unseen\u2400"  # a term no index holds: its IDF is the largest there is


def uniform_idf(term: str) -> float:
    return 1.0


@dataclass(frozen=True)
class ScoredSentence:
    sentence: Sentence
    score: float
    coverage: float
    text: str  # what the answer quotes: the sentence, led by its heading when that carries
    # part of the answer ("September 2023: the Change Programme starts — The £70 million...")
    kind_ok: bool = True
    scope_ok: bool = True
    focus_ok: bool = True
    figures_ok: bool = True
    entity_ok: bool = True

    @property
    def eligible(self) -> bool:
        return (
            self.kind_ok and self.scope_ok and self.focus_ok and self.figures_ok and self.entity_ok
        )

    @property
    def failed_check(self) -> str | None:
        """The first check this sentence fails, as a refusal code, or None."""
        for ok, code in (
            (self.entity_ok, "entity_missing"),
            (self.scope_ok, "scope_mismatch"),
            (self.figures_ok, "figure_missing"),
            (self.focus_ok, "attribute_missing"),
            (self.kind_ok, "kind_missing"),
        ):
            if not ok:
                return code
        return None


def score_sentences(
    question: str | q.Question,
    chunks: Sequence[RetrievedChunk],
    idf: Idf,
    *,
    spelt_out: SpeltOut | None = None,
) -> list[ScoredSentence]:
    """Every sentence of the retrieved chunks, best first (`spelt_out`: the terms of an
    abbreviation the documents define)."""
    read = question if isinstance(question, q.Question) else q.read_question(question)
    named = distinctive_terms(chunks)
    terms = _coverage_terms(read, idf)
    # words that name a document: in a 'where to look' phrase, or rare in the documents'
    # text ('LocalGov', 'roundup'), unlike content words that a title happens to use ('schools')
    where = where_terms(read.core) | {t for t in terms if idf(t) >= COMMON_IDF}
    names = question_names(read, chunks, idf)
    locator = locator_terms(read.core)
    scored = [
        _score(
            read,
            sentence,
            idf,
            terms=terms,
            named=named[chunk.doc_id],
            names=names,
            where=where,
            spelt_out=spelt_out,
            locator=locator,
        )
        for chunk in chunks
        for sentence in sentences_of(chunk)
    ]
    return sorted(scored, key=lambda s: (-s.score, s.sentence.chunk.rank, s.sentence.position))


def _coverage_terms(read: q.Question, idf: Idf) -> tuple[str, ...]:
    """The question's terms an answer should contain. A word for the kind of answer that no
    document uses ('the slogan', 'the cut-off') is answered by the kind, not by the word."""
    if idf is uniform_idf:
        return read.terms
    unseen = idf(UNSEEN)
    return tuple(t for t in read.terms if not (t in q.KIND_WORDS and idf(t) >= unseen))


def _score(
    read: q.Question,
    sentence: Sentence,
    idf: Idf,
    *,
    terms: tuple[str, ...],
    named: frozenset[str],
    names: Sequence[tuple[str, ...]] = (),
    where: frozenset[str] = frozenset(),
    spelt_out: SpeltOut | None = None,
    locator: frozenset[str] = frozenset(),
) -> ScoredSentence:
    chunk = sentence.chunk
    card = bool(chunk.metadata.get("card"))
    heading = "" if card else (chunk.section or "").split(" > ")[-1]
    # the document's title, file name and kind frame every sentence in it ("in the roadmap,
    # what ...", "the news piece")
    naming = reference_terms(chunk)
    heading_terms = frozenset(content_tokens(heading))
    context = heading_terms | naming | sentence.context
    # words that name this sentence's own document, or the section it sits in ("the
    # alternative provision table"), say where to look: matched in full
    located = naming & where
    in_named_section = names_heading(heading_terms, terms)
    if in_named_section:
        located |= heading_terms
    own = coverage(terms, sentence.terms | located, idf, spelt_out)
    # the heading (and a table cell's row) is context for the sentence, at a discount
    with_context = coverage(terms, sentence.terms | context, idf, spelt_out)
    asks_card = card and asks_about_documents(read)
    card_facts = CARD_FACTS if asks_card else frozenset()
    # a question that asks for what a card states ('when was it published', 'what period
    # does it cover') takes the card at its word; otherwise it answers only when no
    # sentence does
    discount = 1.0 if asks_card and CARD_FACTS & set(read.terms) else CARD_DISCOUNT
    cover = max(own, 0.5 * own + 0.5 * with_context) * (discount if card else 1.0)
    # a question that names a row by one cell asks for another: the row's words are the
    # asked cell's evidence in full, and the cell it points from is not the answer
    pointing = points_from(sentence, locator)
    if pointing is False:
        cover = max(cover, with_context)
    dated = f"{heading} {sentence.text}"
    # an amount must be about what was asked; so must a sum of money that answers 'how big'
    attached = read.kind == q.AMOUNT or (read.kind == q.QUANTITY and holds_money(dated))
    kind_ok = holds_kind(dated, read) and (
        not attached or _amount_about(terms, sentence.terms | heading_terms, dated, idf)
    )
    lean = (
        in_named_section or with_context > own or (not holds_kind(sentence.text, read) and kind_ok)
    )
    text = f"{heading}{HEADING_JOIN}{sentence.text}" if lean and heading else sentence.text
    # the sentence's own paragraph dates it too ("the green paper of March 2022 ... drew
    # 6,000 responses")
    dates = DateContext.of(chunk.text, heading, chunk.title, chunk.published)
    scope_ok = all(dates.fits(scope) for scope in read.scopes)
    score = cover + (0.15 / chunk.rank if chunk.rank else 0.0)  # the retriever's rank: a prior
    if read.kind not in (None, q.YESNO, q.DEFINITION) and kind_ok:
        score += TYPE_BONUS
    if pointing is not None:
        score += -TYPE_BONUS if pointing else TYPE_BONUS
    events = [s for s in read.scopes if s not in read.document_scopes]
    if events and all(_fits_itself(scope, sentence.text) for scope in events):
        score += SCOPE_BONUS
    if read.kind in (q.DEFINITION, q.EXPANSION) and defines(read.focus, sentence):
        score += TYPE_BONUS
    if q.focus_to_cover(read) and _covers_focus(read, sentence.terms | context, chunk):
        score += FOCUS_BONUS
    # 'in the roadmap's alternative provision table': what is in it (a one-word heading,
    # 'EHCPs', is named by any question that uses the word)
    if in_named_section and len(heading_terms) > 1:
        score += SECTION_BONUS
    if _echoes(read, sentence):
        score -= ECHO_PENALTY
    return ScoredSentence(
        sentence,
        score,
        cover,
        text,
        kind_ok=kind_ok,
        scope_ok=scope_ok,
        # a card answers for its own document only: the question must name it
        focus_ok=(not card or (asks_card and any(matches_strictly(t, named) for t in read.terms)))
        and not (read.kind == q.DEFINITION and defines_another(read.focus, sentence))
        and (
            own >= SELF_EVIDENT
            or _counts_what_is_asked(read, sentence.terms | heading_terms, dated)
        )
        # a card states when a document was published and the period it covers
        and holds_event(read, sentence.terms | heading_terms | sentence.context | card_facts),
        figures_ok=holds_figures(dated, read.asked_figures)
        and holds_figures(f"{heading} {chunk.text}", read.stated_figures),
        entity_ok=sentence.orphan  # what 'it' names is out of sight: cannot be checked
        or mentions(names, sentence.terms | heading_terms | naming | sentence.context, spelt_out),
    )


HEADING_NAMED = 2 / 3  # the share of a heading's words a question uses when it names it


def names_heading(heading: frozenset[str], terms: Sequence[str]) -> bool:
    """Whether the question names the section ('under accountability and transparency' for
    'Strengthened accountability and transparency'): most of its heading's words, and more
    than one unless the heading has one."""
    shared = sum(1 for t in heading if any(matches_strictly(t, (q_term,)) for q_term in terms))
    return (
        bool(heading) and shared >= min(2, len(heading)) and shared >= HEADING_NAMED * len(heading)
    )


_UNITS = frozenset(content_tokens("million millions billion billions thousand bn per cent"))
ECHO_TERMS = 3  # shorter sentences ("It was delayed.") are too short to call an echo


def _echoes(read: q.Question, sentence: Sentence) -> bool:
    """'Extending the taskforces with £4.8m is the 2023 action, so what is the 2025 one?' is
    not answered by 'In 2023: Extend the taskforces with £4.8 million': every word of that
    sentence is in the question. A yes/no question is answered by such a sentence."""
    if read.yes_no or len(sentence.terms) < ECHO_TERMS:
        return False
    return not sentence.terms - read.core_terms - _UNITS


def _fits_itself(scope: DateMention, text: str) -> bool:
    return any(scope.fits(mention) for mention in date_mentions(text))


def _amount_about(terms: Sequence[str], found: frozenset[str], text: str, idf: Idf) -> bool:
    """Whether an amount in the text is about what the question asks for. A year or figure in
    the question scopes it ('spent on free school meals in 2023'), and a word for money asks
    for the kind ('how much money'): neither says what the money is for, so a sentence that
    shares only those with the question holds no answer."""
    about = [t for t in terms if not t.isdigit() and t not in q.KIND_WORDS]
    key = _key_terms(about, found, idf)
    return amount_attached(text, key) if key else not about


def _key_terms(terms: Sequence[str], found: frozenset[str], idf: Idf) -> list[str]:
    """The question's rarest words that the sentence holds."""
    held = sorted((t for t in terms if t in found), key=idf, reverse=True)
    return held[:KEY_TERMS]


def _counts_what_is_asked(read: q.Question, terms: frozenset[str], text: str) -> bool:
    """'How many EHC plans...' is answered by a count of EHC plans: the sentence (or its
    heading) must name what is counted near a figure, not just hold some number."""
    if read.kind != q.COUNT:
        return True
    wanted = [t for t in q.focus_to_cover(read) if t not in GENERIC_NOUNS]
    return not wanted or (
        any(matches_loosely(t, terms) for t in wanted) and counts_near(text, wanted)
    )


def _covers_focus(read: q.Question, terms: frozenset[str], chunk: RetrievedChunk) -> bool:
    """Whether the sentence (with its heading and title) names what the question asks about:
    'What is X's salary?' is not answered by a sentence about X that says nothing of pay."""
    wanted = q.focus_to_cover(read)
    if not wanted:
        return True
    around = terms | frozenset(content_tokens(chunk.title))
    return all(matches_loosely(term, around) for term in wanted)
