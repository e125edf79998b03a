"""Pure parts of the extractive answerer: quotable units, answer kinds, the refusal rule."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from langchain_core.embeddings import Embeddings

from assistant.answering.agreement import SemanticAgreement, clauses
from assistant.answering.evidence import defined_term, quotable_units, score_sentences
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.kinds import holds_kind
from assistant.answering.question import read_question
from assistant.answering.refusal import RefusalRule
from vectorstore.chunk import RetrievedChunk
from vectorstore.text import content_tokens


def chunk(text: str, *, section: str = "", rank: int = 1, dense: float = 0.6) -> RetrievedChunk:
    meta = {"doc_id": f"doc{rank}", "title": f"Doc {rank}", "section": section}
    return RetrievedChunk(f"c{rank}", text, meta, rank=rank, dense_score=dense)


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("Aims:\n\n1. Potential.\n2. Trust.", ["Aims:\n1. Potential.\n2. Trust."]),
        (
            "A board oversees delivery of the plan in every area. It is chaired by the minister.",
            ["A board oversees delivery of the plan in every area. It is chaired by the minister."],
        ),
        (
            "Nothing changes yet. The department will first test the reforms in thirty areas.",
            ["Nothing changes yet. The department will first test the reforms in thirty areas."],
        ),
        (
            "The plan was published in March 2023 by the department for education. "
            "Councils reacted the same day with a statement of concern about money.",
            [
                "The plan was published in March 2023 by the department for education.",
                "Councils reacted the same day with a statement of concern about money.",
            ],
        ),
    ],
)
def test_quotable_units(text: str, units: list[str]) -> None:
    assert quotable_units(text) == units


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many schools?", "count"),
        ("What is the pupil-teacher ratio?", "percent"),
        ("When is the NPQ due?", "date"),
        ("and when does it start?", "date"),
        ("How long does the council have?", "duration"),
        ("How old is the minister?", "age"),
        ("What does DSCO stand for?", "expansion"),
        ("Does the plan apply to Wales?", "yes/no"),
        ("What is an EHCP?", "definition"),
        ("What are the running costs of the hubs?", "amount"),  # plurals ask for amounts too
        ("What were the grant values?", "amount"),
        ("How large is the grant?", "quantity"),
        ("Which years does the roadmap cover?", "duration"),  # the span it covers
        ("What's it actually called?", "name"),
        ("whats the deadlne for appeals?", "date"),  # a misspelt frame word still frames
        ("Quick question - does the plan cover Scotland?", "yes/no"),  # after an aside
        ("Could you set out when the NPQ starts?", "date"),  # a request, not a yes/no
        ("What's 'high needs' mean in simple terms?", "definition"),
    ],
)
def test_the_kind_of_answer_asked_for(question: str, kind: str | None) -> None:
    assert read_question(question).kind == kind


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("What was the Local Government Association's membership fee?", "membership fee"),
        ("What is the Special Educational Consortium's address?", "address"),
        ("What mental health support is there?", "mental health"),
        ("What's 'high needs' mean in simple terms?", "high needs"),  # not the frame after it
        ("Which three councils lead the pilot?", "council"),  # a number word is no noun
        ("Which council areas were chosen?", "council areas"),  # 'areas' before 'were': a noun
        ("Which local areas got new schools?", "local areas"),
        ("Which ministers co-chair the board?", "ministers"),  # before 'the': a verb
    ],
)
def test_a_long_possessor_is_not_the_focus(question: str, focus: str) -> None:
    assert read_question(question).focus == tuple(content_tokens(focus))


@pytest.mark.parametrize(
    ("question", "word", "is_term"),
    [
        # a light noun after 'what' frames the question; what follows is its content
        ("What measures are planned for early years settings?", "measures", False),
        ("What measures are planned for early years settings?", "early", True),
        ("Which steps come first for councils?", "steps", False),
        # elsewhere the same kind of word is content
        ("When did the Change Programme start?", "change", True),
    ],
)
def test_a_light_noun_after_what_is_no_content_term(
    question: str, word: str, is_term: bool
) -> None:
    (term,) = content_tokens(word)

    assert (term in read_question(question).terms) is is_term


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("How many partnerships?", "up to nine partnerships", True),
        ("How many schools?", "33 new schools", True),
        ("How many schools?", "a research project", False),
        ("How many schools?", "£2.6 billion for schools", False),  # an amount is not a count
        # a figure the question states is not an answer to it
        ("How many of the 30 schools are in Kent?", "30 schools were announced", False),
        ("When does it launch?", "launch in autumn 2024", True),
        ("When does it launch?", "launch soon", False),
        ("How long is the programme?", "over two to three years", True),
        ("What is it?", "anything", True),
        # a list of single names is several names
        ("Which areas get the new schools?", "Schools open in Devon, Leeds and Hull.", True),
        ("Which areas get the new schools?", "Schools open in Devon.", False),
        # a deadline may be a time limit
        ("What is the deadline for a plan?", "within 20 weeks of the request", True),
        ("When is the plan due?", "within 20 weeks of the request", False),
    ],
)
def test_holds_kind(question: str, text: str, expected: bool) -> None:
    assert holds_kind(text, read_question(question)) is expected


def test_heading_leads_a_sentence_when_it_carries_the_date() -> None:
    chunks = [
        chunk(
            "- The programme launched with 32 councils.",
            section="September 2023: the programme starts",
        )
    ]
    answer = ExtractiveAnswerer().answer("When did the programme launch?", chunks)
    assert answer.text == (
        "September 2023: the programme starts — The programme launched with 32 councils. [1]"
    )


def test_markers_number_by_first_use_and_repeat_for_the_same_chunk() -> None:
    chunks = [
        chunk("The budget rises to £10 billion in 2024. Schools get £2 billion of it.", rank=1),
        chunk("The budget was £8 billion in 2019.", rank=2),
    ]
    answer = ExtractiveAnswerer().answer("How big is the budget?", chunks)
    assert not answer.refused
    assert [c.chunk_id for c in answer.citations][:1] == ["c1"]
    assert answer.text.splitlines()[0].endswith("[1]")


@pytest.mark.parametrize(
    ("question", "refused"),
    [
        ("How many schools open in 2031?", True),  # the year is nowhere in the evidence
        ("How many schools will open?", False),
        ("How many teachers work there?", True),  # asks for a number the text lacks
    ],
)
def test_refusal_rule(question: str, refused: bool) -> None:
    chunks = [
        chunk("Thirty new special schools will open across England in 2025.", dense=0.8),
        chunk("Teachers will be trained to support pupils with SEND.", rank=2, dense=0.7),
    ]
    scored = score_sentences(question, chunks, lambda term: float(len(term)))
    if not refused:
        assert not RefusalRule().refuses(question, chunks, scored)
    else:
        assert RefusalRule().refuses(question, chunks, scored)


def test_no_chunks_is_a_refusal() -> None:
    answer = ExtractiveAnswerer().answer("What is an EHCP?", [])
    assert answer.refused and not answer.citations


class CountingEmbeddings(Embeddings):
    """Known geometry: texts mentioning 'school' point one way, others the other way."""

    def __init__(self) -> None:
        self.documents = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.documents += len(texts)
        return [[1.0, 0.0] if "school" in t else [0.0, 1.0] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def test_semantic_agreement_takes_the_best_candidate_and_caches() -> None:
    fake = CountingEmbeddings()
    agreement = SemanticAgreement(fake, top=2)
    candidates: Sequence[str] = ["funding rises", "new school places", "school buses"]
    assert agreement("How many school places?", candidates) == 1.0
    embedded = fake.documents
    assert agreement("How many school places?", candidates) == 1.0
    assert fake.documents == embedded + 1  # only the question again; sentences were cached
    assert agreement("Budget?", ["funding rises"]) == 1.0
    assert agreement("school?", ["funding rises"]) == 0.0


class OpeningEmbeddings(Embeddings):
    """Known geometry: texts that open with 'every school' point one way, others the other."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[1.0, 0.0] if t.lower().startswith("every school") else [0.0, 1.0] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def test_a_clause_of_a_candidate_can_agree_where_the_whole_sentence_does_not() -> None:
    agreement = SemanticAgreement(OpeningEmbeddings())

    assert (
        agreement("every school?", ["Funding rose sharply and every school in the county got more"])
        == 0
    )
    assert (
        agreement(
            "every school?", ["Funding rose sharply this year: every school in the county got more"]
        )
        == 1
    )


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "The minister Jo Bloggs said: ‘We are putting children first in everything.’",
            ["The minister Jo Bloggs said", "‘We are putting children first in everything.’"],
        ),
        # a heading is not a clause of its sentence
        ("Alternative provision — Schools will be expected to use the first tier.", []),
        (
            "Councils will publish plans; schools must take part in them.",
            ["Councils will publish plans", "schools must take part in them."],
        ),
        # too short to stand alone: 'It said' is no clause
        ("It said: the reforms will be tested first by partnerships.", []),
    ],
)
def test_clauses_of_a_candidate(text: str, parts: list[str]) -> None:
    assert clauses(text) == parts


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("What is an EHCP?", ["ehcp"]),
        ("What does DSCO stand for?", ["dsco"]),
        ("What does DSCO stand for?", ["dsco"]),
        ("How many schools?", []),
    ],
)
def test_defined_term(question: str, terms: list[str]) -> None:
    assert defined_term(question) == terms


def test_definitions_outrank_mentions() -> None:
    chunks = [
        chunk("The plan promises a standardised EHCP template by 2025.", rank=1),
        chunk("EHCP (education, health and care plan): a legal document for a child.", rank=2),
    ]
    answer = ExtractiveAnswerer().answer("What is an EHCP?", chunks)
    assert answer.text.startswith("EHCP (education, health and care plan): a legal document")
