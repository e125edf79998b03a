"""A SQLite record manager for LangChain's indexing API, on the standard library.

It remembers which chunk hashes are in the vector store and which file (group) each came
from, so `langchain_core.indexing.index` can skip unchanged chunks and clean up stale ones.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

from langchain_core.indexing import RecordManager

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    group_id TEXT,
    updated_at REAL NOT NULL,
    PRIMARY KEY (namespace, key)
);
CREATE INDEX IF NOT EXISTS records_group ON records (namespace, group_id);
CREATE INDEX IF NOT EXISTS records_time ON records (namespace, updated_at);
"""


class SQLiteRecordManager(RecordManager):
    def __init__(self, namespace: str, path: Path) -> None:
        super().__init__(namespace)
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._last_time = 0.0

    def close(self) -> None:
        self._db.close()

    def create_schema(self) -> None:
        with self._db:
            self._db.executescript(_SCHEMA)

    def get_time(self) -> float:
        # monotonic across calls, so 'updated before the run started' is always well defined
        self._last_time = max(time.time(), self._last_time + 1e-6)
        return self._last_time

    def update(
        self,
        keys: Sequence[str],
        *,
        group_ids: Sequence[str | None] | None = None,
        time_at_least: float | None = None,
    ) -> None:
        now = self.get_time()
        if time_at_least and now < time_at_least:
            raise ValueError(f"Time sync issue: {now} < {time_at_least}")
        groups = list(group_ids) if group_ids is not None else [None] * len(keys)
        with self._db:
            self._db.executemany(
                "INSERT INTO records (namespace, key, group_id, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (namespace, key) DO UPDATE SET group_id = excluded.group_id, "
                "updated_at = excluded.updated_at",
                [(self.namespace, k, g, now) for k, g in zip(keys, groups, strict=True)],
            )

    def exists(self, keys: Sequence[str]) -> list[bool]:
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            batch = list(keys[start : start + 500])
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(
                f"SELECT key FROM records WHERE namespace = ? AND key IN ({marks})",
                [self.namespace, *batch],
            )
            found.update(row[0] for row in rows)
        return [k in found for k in keys]

    def list_keys(
        self,
        *,
        before: float | None = None,
        after: float | None = None,
        group_ids: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> list[str]:
        query = "SELECT key FROM records WHERE namespace = ?"
        params: list[str | float | int] = [self.namespace]
        if before is not None:
            query, params = query + " AND updated_at < ?", [*params, before]
        if after is not None:
            query, params = query + " AND updated_at > ?", [*params, after]
        if group_ids is not None:
            query += f" AND group_id IN ({','.join('?' * len(group_ids))})"
            params.extend(group_ids)
        if limit:
            query, params = query + " LIMIT ?", [*params, limit]
        return [row[0] for row in self._db.execute(query, params)]

    def list_groups(self) -> set[str]:
        rows = self._db.execute(
            "SELECT DISTINCT group_id FROM records WHERE namespace = ? AND group_id IS NOT NULL",
            [self.namespace],
        )
        return {row[0] for row in rows}

    def delete_keys(self, keys: Sequence[str]) -> None:
        with self._db:
            self._db.executemany(
                "DELETE FROM records WHERE namespace = ? AND key = ?",
                [(self.namespace, k) for k in keys],
            )

    # The indexing API's async entry points use these; ours simply run the sync versions.
    async def acreate_schema(self) -> None:
        self.create_schema()

    async def aget_time(self) -> float:
        return self.get_time()

    async def aupdate(
        self,
        keys: Sequence[str],
        *,
        group_ids: Sequence[str | None] | None = None,
        time_at_least: float | None = None,
    ) -> None:
        self.update(keys, group_ids=group_ids, time_at_least=time_at_least)

    async def aexists(self, keys: Sequence[str]) -> list[bool]:
        return self.exists(keys)

    async def alist_keys(
        self,
        *,
        before: float | None = None,
        after: float | None = None,
        group_ids: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> list[str]:
        return self.list_keys(before=before, after=after, group_ids=group_ids, limit=limit)

    async def adelete_keys(self, keys: Sequence[str]) -> None:
        self.delete_keys(keys)
