"""The index generation of each collection: bumped by an ingestion that changed anything.

Serving processes compare it with the generation their in-memory keyword index was built
from (one primary-key SELECT) and rebuild when it moved. Read the generation before reading
the collection: what is read afterwards is then at least that new.
"""

from __future__ import annotations

from sqlalchemy import select

from assistant.state.database import StateDB
from assistant.state.tables import index_generations


class IndexGenerations:
    def __init__(self, state: StateDB) -> None:
        self.state = state

    def current(self, collection: str) -> int:
        """The collection's generation; 0 before its first ingestion."""
        query = select(index_generations.c.generation).where(
            index_generations.c.collection == collection
        )
        with self.state.begin() as conn:
            return int(conn.scalar(query) or 0)

    def changed_at(self, collection: str) -> float | None:
        """When the generation last moved; None before the first ingestion."""
        query = select(index_generations.c.changed_at).where(
            index_generations.c.collection == collection
        )
        with self.state.begin() as conn:
            changed = conn.scalar(query)
            return None if changed is None else float(changed)

    def bump(self, collection: str) -> int:
        """Mark the collection as changed; returns the new generation."""
        with self.state.begin() as conn:
            now = self.state.now(conn)
            if not self.state.insert_ignore(
                conn,
                index_generations,
                {"collection": collection, "generation": 1, "changed_at": now},
            ):
                conn.execute(
                    index_generations.update()
                    .where(index_generations.c.collection == collection)
                    .values(generation=index_generations.c.generation + 1, changed_at=now)
                )
            query = select(index_generations.c.generation).where(
                index_generations.c.collection == collection
            )
            return int(conn.scalar(query) or 0)
