"""What keeps the bot from answering twice, answering bots, or being flooded."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict, defaultdict, deque
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse

logger = logging.getLogger(__name__)

Clock = Callable[[], float]

# message subtypes that are still a person writing to us; everything else (edits, deletes,
# joins, bot posts, channel topic changes...) is ignored
PERSON_SUBTYPES = (None, "thread_broadcast", "file_share")


class EventDeduper:
    """Remembers event ids for a while so a repeated delivery is seen as such."""

    def __init__(
        self, *, ttl: float = 3600.0, max_size: int = 10_000, clock: Clock = time.monotonic
    ):
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._ttl = ttl
        self._max_size = max_size
        self._clock = clock
        self._lock = threading.Lock()

    def first_delivery(self, event_id: str) -> bool:
        """True the first time an id is seen (within the ttl), False afterwards."""
        now = self._clock()
        with self._lock:
            while self._seen and (
                len(self._seen) >= self._max_size
                or next(iter(self._seen.values())) < now - self._ttl
            ):
                self._seen.popitem(last=False)
            if event_id in self._seen:
                return False
            self._seen[event_id] = now
            return True


class RateLimiter:
    """At most `per_minute` questions per user in any 60 seconds; 0 or less means no limit."""

    def __init__(self, per_minute: int, *, clock: Clock = time.monotonic):
        self.per_minute = per_minute
        self._clock = clock
        self._asked: defaultdict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, user: str) -> bool:
        if self.per_minute <= 0:
            return True
        now = self._clock()
        with self._lock:
            times = self._asked[user]
            while times and times[0] <= now - 60:
                times.popleft()
            if len(times) >= self.per_minute:
                return False
            times.append(now)
            return True


def deduplicate(deduper: EventDeduper) -> Callable[..., BoltResponse | None]:
    """Global middleware: acknowledge a repeated event (retry or replay) and drop it.

    A retry (`X-Slack-Retry-Num`) of an event we already received is dropped; a retry of an
    event we never saw (the first delivery failed to reach us) is answered once.
    """

    def skip_repeated_events(body: dict[str, Any], request: BoltRequest, next: Callable[[], Any]):
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not deduper.first_delivery(str(event_id)):
            retry = request.headers.get("x-slack-retry-num", ["0"])[0]
            reason = request.headers.get("x-slack-retry-reason", [""])[0]
            logger.info("Skipping repeated event %s (retry %s %s)", event_id, retry, reason)
            return BoltResponse(status=200, body="")
        return next()

    return skip_repeated_events


def from_a_person(event: dict[str, Any]) -> bool:
    """A message or mention written by a person, not an edit, a bot or a system notice."""
    return (
        bool(event.get("user"))
        and not event.get("bot_id")
        and event.get("subtype") in PERSON_SUBTYPES
        and "edited" not in event
    )


def wants_reply(event: dict[str, Any]) -> bool:
    """Message events worth a look: a person's DM, or a person's reply inside a thread."""
    if not from_a_person(event):
        return False
    return event.get("channel_type") == "im" or bool(event.get("thread_ts"))
