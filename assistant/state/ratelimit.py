"""A per-user question limit shared by every replica: questions in the last 60 seconds.

Approximate by design: two replicas counting at the same instant may each let one more
through. That is fine for its purpose (keeping one person from flooding the bot).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import delete, func, insert, select

from assistant.state.database import StateDB
from assistant.state.tables import question_times
from assistant.state.users import UserHasher

WINDOW_SECONDS = 60.0


class RateLimiter:
    """At most `per_minute` questions per user in any 60 seconds; 0 or less means no limit."""

    def __init__(
        self,
        state: StateDB,
        per_minute: int,
        *,
        clock: Callable[[], float] = time.time,
        hasher: UserHasher | None = None,
    ) -> None:
        self.state, self.per_minute, self._clock = state, per_minute, clock
        self._hash = hasher or UserHasher(state)

    def allow(self, user: str) -> bool:
        if self.per_minute <= 0:
            return True
        who, now = self._hash(user), self._clock()
        since = now - WINDOW_SECONDS
        with self.state.begin() as conn:
            conn.execute(delete(question_times).where(question_times.c.asked_at <= since))
            asked = conn.scalar(
                select(func.count())
                .select_from(question_times)
                .where(question_times.c.user_hash == who, question_times.c.asked_at > since)
            )
            if int(asked or 0) >= self.per_minute:
                return False
            conn.execute(insert(question_times).values(user_hash=who, asked_at=now))
        return True
