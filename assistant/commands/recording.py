"""`ask` and `chat` record every answered or refused question in the question log, as the
Slack bot does (`eval` asks the assistant directly and records nothing)."""

from __future__ import annotations

import getpass
import logging
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from assistant.answering.answer import Answer
    from assistant.settings import Settings
    from assistant.state.questions import QuestionLog

log = logging.getLogger(__name__)

TerminalFrontEnd = Literal["ask", "chat"]


class Asker(Protocol):
    def ask(self, question: str, *, history: Sequence[str] = ()) -> Answer: ...


class RecordedAssistant:
    """An assistant whose answers (and refusals) are logged with the time they took. A
    question that is not one (empty, too long) raises before anything is logged."""

    def __init__(
        self,
        assistant: Asker,
        questions: QuestionLog,
        *,
        front_end: TerminalFrontEnd,
        user_id: str | None = None,
    ) -> None:
        self.assistant, self.questions, self.front_end = assistant, questions, front_end
        self.user_id = user_id or terminal_user()

    def ask(self, question: str, *, history: Sequence[str] = ()) -> Answer:
        started = time.perf_counter()
        answer = self.assistant.ask(question, history=history)
        self._record(answer, (time.perf_counter() - started) * 1000)
        return answer

    def _record(self, answer: Answer, latency_ms: float) -> None:
        """Best effort: the log never stands between a person and an answer."""
        try:
            self.questions.record(
                answer, front_end=self.front_end, channel_type="terminal",
                user_id=self.user_id, latency_ms=latency_ms,
            )  # fmt: skip
        except Exception as exc:
            log.warning("Could not record the question in %s (%s)", self.questions.describe(), exc)


def terminal_user() -> str:
    """Who asks in the terminal: the login name, stored only as a keyed hash."""
    try:
        return f"terminal:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name (e.g. a container's numeric user)
        return "terminal"


def recorded_assistant(settings: Settings, *, front_end: TerminalFrontEnd) -> RecordedAssistant:
    """The assistant over the existing index and state database, recording its questions.
    Creates no folder or file: without an index it raises, saying what to run."""
    from assistant.factory import build_assistant
    from assistant.state import open_state
    from assistant.state.questions import QuestionLog
    from vectorstore.store import make_client

    client = make_client(settings, create=False)  # first: "no index" is the likelier news
    state = open_state(settings, create=False)
    assistant = build_assistant(settings, client=client, state=state)
    questions = QuestionLog(state, retention_days=settings.history_days)
    return RecordedAssistant(assistant, questions, front_end=front_end)
