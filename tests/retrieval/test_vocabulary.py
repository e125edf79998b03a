"""The question's words read as the documents' words: swapped letters and real-word slips."""

from __future__ import annotations

from vectorstore.text import content_tokens
from vectorstore.vocabulary import Vocabulary, defined_abbreviations

TEXTS = [
    "Develop new approaches to short breaks for families, with £30 million.",
    "A three tier model for alternative provision.",
    "Councils will have a deadline. Brakes on buses are not our topic.",
]
ENGLISH = frozenset({"brakes", "breaks", "model", "tier", "short", "families", "money", "the"})


def vocabulary() -> Vocabulary:
    frequencies: dict[str, int] = {}
    for text in TEXTS:
        for term in set(content_tokens(text)):
            frequencies[term] = frequencies.get(term, 0) + 1
    return Vocabulary.build(frequencies, TEXTS, words=ENGLISH)


def test_a_short_word_with_two_letters_swapped_is_read_back() -> None:
    assert vocabulary().correct("what is teh teir modle") == "what is the tier model"


def test_a_real_word_is_replaced_only_beside_the_word_the_documents_pair_it_with() -> None:
    words = Vocabulary.build({"break": 1, "short": 1}, ["short breaks help"], words=ENGLISH)

    assert words.correct("money for short brakes") == "money for short break"
    assert words.correct("brakes on a bus") == "brakes on a bus"  # no indexed pair: kept


def test_a_swap_that_could_mean_two_words_is_left_alone() -> None:
    words = Vocabulary.build({"bacd": 1, "abdc": 1}, ["bacd abdc"], words=ENGLISH)

    assert words.correct("what is abcd") == "what is abcd"


def test_function_words_are_never_corrected() -> None:
    # 'whats' sounds like the indexed 'wait', but it is a function word, not a typo
    words = Vocabulary.build({"wait": 3}, ["a long wait"], words=ENGLISH)

    assert words.correct("whats the wait") == "whats the wait"


def test_a_prefix_on_a_real_word_is_not_a_typo_but_a_misspelling_still_is() -> None:
    # 'overspends' is two edits from the indexed 'overseen', and no word list holds every
    # prefixed form; 'overseeen' is a typo of it
    words = Vocabulary.build(
        {"overseen": 2}, ["the work is overseen"], words=ENGLISH | {"spends", "overseen"}
    )

    assert words.correct("councils with big overspends") == "councils with big overspends"
    assert words.correct("who has overseeen it") == "who has overseen it"


def test_stop_words_are_not_content_once_stemmed() -> None:
    # 'these', 'there', 'because' stem to 'thes', 'ther', 'becaus': still stop words
    assert content_tokens("because these are there, where those were") == []
    assert content_tokens("these partnerships") == ["partnership"]


def test_a_dictionary_word_the_documents_never_use_is_not_a_typo_of_one_they_do() -> None:
    # 'readership' is one edit from the indexed 'leadership'; the word-piece vocabulary does
    # not hold it, the dictionary does. A misspelling of 'leadership' is still corrected,
    # and so are plural forms of dictionary words
    words = Vocabulary.build({"leadership": 3, "therapist": 1}, ["leadership teams"], words=ENGLISH)

    assert words.correct("who is the readership") == "who is the readership"
    assert words.correct("the readerships of it") == "the readerships of it"
    assert words.correct("the leadersihp team") == "the leadership team"


def test_an_abbreviation_used_but_never_defined_is_spelt_out_by_a_name_with_its_initials() -> None:
    texts = [
        "The Department for Education published the plan.",
        "A joint DfE and DHSC group met; the Department of Health and Social Care chairs it.",
        "Schools can SEND their returns. Support for Every Nursery Daily is a made-up name.",
    ]

    aliases = defined_abbreviations(texts)

    assert aliases["dfe"] == frozenset(content_tokens("department education"))
    assert aliases["dhsc"] == frozenset(content_tokens("department health social care"))
    assert "send" not in aliases  # an English word: initials that match may be a coincidence
