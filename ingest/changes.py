"""Which files an ingestion added, changed, removed or left unchanged, from the indexing
records before and after it: a file's chunk hashes change exactly when its text or metadata
did (LangChain's record manager keys chunks by a hash of both)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from assistant.state import StateDB
from assistant.state.tables import index_records

Snapshot = dict[str, frozenset[str]]  # source id -> its chunk keys


@dataclass
class FileChanges:
    """Source ids by what happened to them (sorted)."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def snapshot(state: StateDB, namespace: str) -> Snapshot:
    """Every source id's chunk keys in the record manager's namespace."""
    query = select(index_records.c.group_id, index_records.c.key).where(
        index_records.c.namespace == namespace, index_records.c.group_id.is_not(None)
    )
    found: dict[str, set[str]] = {}
    with state.begin() as conn:
        for group, key in conn.execute(query):
            found.setdefault(str(group), set()).add(str(key))
    return {group: frozenset(keys) for group, keys in found.items()}


def compare(
    before: Snapshot, after: Snapshot, *, seen: Iterable[str], failed: Iterable[str]
) -> FileChanges:
    """What happened to each file seen in this run (failed ones aside), and which of the
    files indexed before are gone."""
    seen, failed = set(seen), set(failed)
    changes = FileChanges()
    for source in sorted(seen - failed):
        old, new = before.get(source), after.get(source)
        if old is None:
            (changes.added if new else changes.unchanged).append(source)
        else:
            (changes.unchanged if old == new else changes.changed).append(source)
    changes.removed = sorted(s for s in before if s not in seen and s not in after)
    return changes
