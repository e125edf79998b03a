"""Which files a run reads: the plan made from their fingerprints (ingest/fingerprints.py),
and what is recorded once the run has succeeded."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from assistant.state.fingerprints import FileFingerprints, Fingerprint
from ingest.fingerprints import setup_digest, triage
from ingest.report import FileFailure
from vectorstore.paging import all_ids
from vectorstore.records import StateRecordManager

log = logging.getLogger(__name__)


@dataclass
class Plan:
    changed: dict[str, Path]
    unchanged: dict[str, Path]
    prints: dict[str, Fingerprint]  # fingerprints to record once the run succeeds
    unchanged_chunks: int = 0


def plan_reading(
    named: dict[str, Path],
    overrides: Mapping[str, Mapping[str, str]],
    store: object,
    records: StateRecordManager,
    prints: FileFingerprints,
    *,
    recorded: Mapping[str, frozenset[str]],
    max_tokens: int,
    skip: bool,
) -> Plan:
    """Which files to read, given each source's recorded chunk keys. None are skipped when
    the records and the collection disagree (a collection deleted or restored by hand): the
    index is then rebuilt from the files."""
    per_source: dict[str, int] = {}
    known: dict[str, Fingerprint] = {}
    if skip:
        per_source = {source: len(keys) for source, keys in recorded.items()}
        if store._collection.count() == sum(per_source.values()):  # type: ignore[attr-defined]
            known = prints.load()
        else:
            forget_missing(store, records)
    else:
        prints.clear()
    setups = {s: setup_digest(overrides[s], max_tokens=max_tokens) for s in named}
    found = triage(named, known, indexed=set(per_source), setups=setups)
    return Plan(
        changed=found.changed,
        unchanged=found.unchanged,
        prints={s: f for s, f in found.prints.items() if known.get(s) != f},
        unchanged_chunks=sum(per_source[s] for s in found.unchanged),
    )


def forget_missing(store: object, records: StateRecordManager) -> None:
    """Drop the records of chunks the collection no longer holds, so they are embedded again."""
    held = set(all_ids(store))
    missing = [key for key in records.list_keys() if key not in held]
    if missing:
        log.warning("the index lacks %d recorded chunks: embedding them again", len(missing))
        records.delete_keys(missing)


def remember(
    plan: Plan, failures: list[FileFailure], prints: FileFingerprints, *, forget: list[str]
) -> None:
    """Record the files read in this run, except those that failed (read again next time)."""
    failed = {f.path for f in failures}
    files = plan.changed | plan.unchanged
    prints.save({s: f for s, f in plan.prints.items() if str(files[s]) not in failed})
    prints.forget(forget)
