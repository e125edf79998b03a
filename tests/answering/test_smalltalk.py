"""Small talk and commands are told apart from questions by the words alone."""

from __future__ import annotations

import pytest

from assistant.answering.smalltalk import command, is_small_talk


@pytest.mark.parametrize(
    "text",
    ["help", "Help me please", "can you help?", "Hi, could you help me out?", "i need some help"],
)
def test_a_request_for_help_that_names_no_topic_is_the_help_command(text: str) -> None:
    assert command(text) == "help"
    assert is_small_talk(text)


@pytest.mark.parametrize(
    "text",
    ["help me understand the NPQ for SENCos", "can you help with EHC plan deadlines?", "helpful?"],
)
def test_a_request_for_help_with_a_topic_is_a_question(text: str) -> None:
    assert command(text) is None
    assert not is_small_talk(text)


@pytest.mark.parametrize("text", ["thanks, that's all I needed", "Hello! Is anyone there?", "bye"])
def test_thanks_greetings_and_goodbyes_are_small_talk(text: str) -> None:
    assert is_small_talk(text)


@pytest.mark.parametrize(
    "text", ["hmm ok", "ah right, I see", "mm", "oh fair enough", "makes sense"]
)
def test_interjections_and_acknowledgements_are_small_talk(text: str) -> None:
    assert is_small_talk(text)


@pytest.mark.parametrize("text", ["hmm, does the plan cover Wales?", "oh and who chairs the board"])
def test_an_interjection_before_a_question_leaves_the_question(text: str) -> None:
    assert not is_small_talk(text)
