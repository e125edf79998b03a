"""Helpers for the state database tests."""

from __future__ import annotations

from collections.abc import Callable

from assistant.answering.answer import Answer, Citation
from assistant.state import StateDB

Opener = Callable[[], StateDB]  # another process's StateDB on the same database


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def make_answer(*, refused: bool = False) -> Answer:
    citations = [
        Citation(number=1, doc_id="digest", title="Digest", chunk_id="digest#1"),
        Citation(number=2, doc_id="digest", title="Digest", chunk_id="digest#2"),
        Citation(number=3, doc_id="roadmap", title="Roadmap", chunk_id="roadmap#1"),
    ]
    if refused:
        return Answer(question="Who won the cup?", text="I couldn't find this.", refused=True)
    return Answer(
        question="How many EPs?", text="400, over two cohorts [1][3].", citations=citations
    )
