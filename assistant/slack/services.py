"""The collaborators the Slack listeners share, bundled so they can be passed in as one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from assistant.answering.answer import Answer
from assistant.reporting.gaps import Embed
from assistant.settings import Settings
from assistant.state import StateDB
from assistant.state.claims import AnsweredThreads, Claims
from assistant.state.feedback import FeedbackStore
from assistant.state.questions import QuestionLog
from assistant.state.ratelimit import RateLimiter
from assistant.state.users import UserHasher

if TYPE_CHECKING:
    from assistant.slack.admin import Reindexer
    from ingest.report import IngestReport

Ingest = Callable[[Settings], "IngestReport"]


class Asker(Protocol):
    """What the bot needs from `assistant.answering.pipeline.Assistant`."""

    def ask(self, question: str, *, history: Sequence[str] = ()) -> Answer: ...


def run_ingestion(settings: Settings) -> IngestReport:
    """The real incremental ingestion (imported when an admin first asks for it)."""
    from assistant.factory import make_embeddings
    from ingest.pipeline import run_ingestion as ingest

    return ingest(settings, embeddings=make_embeddings(settings))


@dataclass
class Services:
    """What the listeners of one running bot share. Everything that must be the same on
    every replica (claims, threads, answers, feedback, the rate limit, the question log)
    lives in the state database."""

    settings: Settings
    assistant: Asker
    reindexer: Reindexer
    store: FeedbackStore
    limiter: RateLimiter
    claims: Claims
    threads: AnsweredThreads
    questions: QuestionLog
    embed: Embed  # groups unanswered questions for `/sendplan-admin gaps`

    @classmethod
    def over(
        cls,
        state: StateDB,
        *,
        settings: Settings,
        assistant: Asker,
        reindexer: Reindexer,
        embed: Embed,
    ) -> Services:
        hasher = UserHasher(state)
        return cls(
            settings=settings,
            assistant=assistant,
            reindexer=reindexer,
            store=FeedbackStore(state, hasher=hasher),
            limiter=RateLimiter(state, settings.rate_limit_per_minute, hasher=hasher),
            claims=Claims(state),
            threads=AnsweredThreads(state),
            questions=QuestionLog(state, retention_days=settings.history_days, hasher=hasher),
            embed=embed,
        )

    def is_admin(self, user_id: str | None) -> bool:
        return bool(user_id) and user_id in self.settings.admin_users
