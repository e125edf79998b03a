"""What each indexed file was when it was last ingested, per collection (namespace).

An ingestion compares a file with its row before reading it: the same size and modification
time, or failing that the same content hash, with the same set-up (its sidecar metadata and
the chunking), means its chunks in the index are still right and it is not parsed again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select

from assistant.state.database import StateDB
from assistant.state.tables import file_fingerprints

BATCH = 500


@dataclass(frozen=True)
class Fingerprint:
    content_sha256: str
    setup_sha256: str
    size: int
    mtime_ns: int


class FileFingerprints:
    def __init__(self, state: StateDB, namespace: str) -> None:
        self.state, self.namespace = state, namespace

    def load(self) -> dict[str, Fingerprint]:
        t = file_fingerprints.c
        query = select(t.source, t.content_sha256, t.setup_sha256, t.size, t.mtime_ns).where(
            t.namespace == self.namespace
        )
        with self.state.begin() as conn:
            return {
                row.source: Fingerprint(
                    row.content_sha256, row.setup_sha256, int(row.size), int(row.mtime_ns)
                )
                for row in conn.execute(query)
            }

    def save(self, prints: dict[str, Fingerprint]) -> None:
        if not prints:
            return
        upsert = self.state.upsert_statement(file_fingerprints, ("namespace", "source"))
        with self.state.begin() as conn:
            now = self.state.now(conn)
            rows = [
                {
                    "namespace": self.namespace,
                    "source": source,
                    "content_sha256": p.content_sha256,
                    "setup_sha256": p.setup_sha256,
                    "size": p.size,
                    "mtime_ns": str(p.mtime_ns),
                    "ingested_at": now,
                }
                for source, p in prints.items()
            ]
            conn.execute(upsert, rows)

    def forget(self, sources: Iterable[str]) -> None:
        names = list(sources)
        t = file_fingerprints.c
        with self.state.begin() as conn:
            for start in range(0, len(names), BATCH):
                conn.execute(
                    delete(file_fingerprints).where(
                        t.namespace == self.namespace, t.source.in_(names[start : start + BATCH])
                    )
                )

    def clear(self) -> None:
        with self.state.begin() as conn:
            conn.execute(
                delete(file_fingerprints).where(file_fingerprints.c.namespace == self.namespace)
            )
