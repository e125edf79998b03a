"""The collaborators the Slack listeners share, bundled so they can be passed in as one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from assistant.answering.answer import Answer
from assistant.settings import Settings
from assistant.slack.guards import EventDeduper, RateLimiter
from assistant.slack.store import FeedbackStore

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
    """What the listeners of one running bot share."""

    settings: Settings
    assistant: Asker
    store: FeedbackStore
    limiter: RateLimiter
    reindexer: Reindexer
    deduper: EventDeduper = field(default_factory=EventDeduper)

    def is_admin(self, user_id: str | None) -> bool:
        return bool(user_id) and user_id in self.settings.admin_users
