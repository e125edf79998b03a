"""A record manager for LangChain's indexing API, over the state database.

It remembers which chunk hashes are in the vector store and which file (group) each came
from, so `langchain_core.indexing.index` can skip unchanged chunks and clean up stale ones.
Times come from the database's clock (see `StateDB.now`): an ingestion run from another host
compares them with records written by this one.
"""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.indexing import RecordManager
from sqlalchemy import delete, select

from assistant.state.database import StateDB
from assistant.state.tables import index_records

BATCH = 500  # keys per IN (...) list


class StateRecordManager(RecordManager):
    def __init__(self, namespace: str, state: StateDB) -> None:
        super().__init__(namespace)
        self.state = state
        self._last_time = 0.0

    def create_schema(self) -> None:
        self.state.create_schema()

    def get_time(self) -> float:
        # monotonic across calls, so 'updated before the run started' is always well defined
        self._last_time = max(self.state.now(), self._last_time + 1e-6)
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
        upsert = self.state.upsert_statement(index_records, ("namespace", "key"))
        rows = [
            {"namespace": self.namespace, "key": k, "group_id": g, "updated_at": now}
            for k, g in zip(keys, groups, strict=True)
        ]
        if rows:
            with self.state.begin() as conn:
                conn.execute(upsert, rows)

    def exists(self, keys: Sequence[str]) -> list[bool]:
        found: set[str] = set()
        with self.state.begin() as conn:
            for start in range(0, len(keys), BATCH):
                query = select(index_records.c.key).where(
                    index_records.c.namespace == self.namespace,
                    index_records.c.key.in_(list(keys[start : start + BATCH])),
                )
                found.update(conn.scalars(query))
        return [k in found for k in keys]

    def list_keys(
        self,
        *,
        before: float | None = None,
        after: float | None = None,
        group_ids: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> list[str]:
        query = select(index_records.c.key).where(index_records.c.namespace == self.namespace)
        if before is not None:
            query = query.where(index_records.c.updated_at < before)
        if after is not None:
            query = query.where(index_records.c.updated_at > after)
        if group_ids is not None:
            query = query.where(index_records.c.group_id.in_(list(group_ids)))
        if limit:
            query = query.limit(limit)
        with self.state.begin() as conn:
            return list(conn.scalars(query))

    def list_groups(self) -> set[str]:
        query = (
            select(index_records.c.group_id)
            .where(index_records.c.namespace == self.namespace)
            .where(index_records.c.group_id.is_not(None))
            .distinct()
        )
        with self.state.begin() as conn:
            return set(conn.scalars(query))

    def delete_keys(self, keys: Sequence[str]) -> None:
        with self.state.begin() as conn:
            for start in range(0, len(keys), BATCH):
                conn.execute(
                    delete(index_records).where(
                        index_records.c.namespace == self.namespace,
                        index_records.c.key.in_(list(keys[start : start + BATCH])),
                    )
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
