"""A per-host copy of the keyword index on disk, so that a new process need not rebuild it.

Building the keyword index means reading every chunk's text from Chroma and tokenising it:
at 6,600 chunks about 0.7 s of every `sendplan ask`, growing with the corpus. Loading the copy
an earlier process saved takes about 0.02 s (the score matrix is memory-mapped, not read).

A copy is only used when it was built from what the collection holds now. Its key is the
collection's index generation and when that last moved (state database), the collection's id
and chunk count (Chroma), where Chroma is, and the code that tokenises and scores; any
difference means a rebuild from Chroma. Each host keeps its own copy under its data dir, since
replicas share no folder. One copy is kept: a newer one replaces it, and withdrawing chunks
deletes it (`clear_saved`, called by ingest/withdraw.py and `sendplan purge`): it holds text.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable
from functools import cache
from pathlib import Path

import orjson

from vectorstore.bm25 import BM25Index
from vectorstore.keywords import Keywords

log = logging.getLogger(__name__)

KEY_FILE = "key.txt"
VOCABULARY_FILE = "vocabulary.json"
STALE_PARTIAL_SECONDS = 600  # a half-written copy older than this was left by a dead process
# the modules whose code decides what the saved files contain
_CODE = ("text.py", "bm25.py", "vocabulary.py", "keywords.py", "keyword_cache.py")


class KeywordCache:
    """Saved keyword indexes in `folder`; `identity(generation)` describes what the
    collection holds now (see the module docstring)."""

    def __init__(self, folder: Path, *, identity: Callable[[int], str]) -> None:
        self.folder, self._identity = folder, identity

    def load(self, generation: int) -> Keywords | None:
        """The saved copy for what the collection holds now, or None (missing, stale or
        damaged: a damaged one is deleted)."""
        key = self._key(generation)
        entry = self.folder / _name(key)
        try:
            if (entry / KEY_FILE).read_text(encoding="utf-8") != key:
                return None
        except OSError:
            return None
        try:
            parts = orjson.loads((entry / VOCABULARY_FILE).read_bytes())
            return Keywords(
                BM25Index.load(entry),
                {abbr: frozenset(terms) for abbr, terms in parts["aliases"].items()},
                {sound: tuple(terms) for sound, terms in parts["sounds"].items()},
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("The saved keyword index in %s is damaged (%s); rebuilding it", entry, exc)
            shutil.rmtree(entry, ignore_errors=True)
            return None

    def save(self, generation: int, keywords: Keywords) -> None:
        """Keep `keywords` as the copy for this generation and delete older copies. Never
        raises: a host that cannot write its data dir rebuilds in every process instead."""
        key = self._key(generation)
        partial = self.folder / f".{_name(key)}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
        try:
            keywords.bm25.save(partial)
            parts = {"aliases": {a: sorted(t) for a, t in keywords.aliases.items()},
                     "sounds": keywords.sounds}  # fmt: skip
            (partial / VOCABULARY_FILE).write_bytes(orjson.dumps(parts))
            (partial / KEY_FILE).write_text(key, encoding="utf-8")  # last: marks it complete
            _move(partial, self.folder / _name(key))
        except OSError as exc:
            log.warning("Could not save the keyword index in %s (%s); each new process will "
                        "build it from Chroma", self.folder, exc)  # fmt: skip
            shutil.rmtree(partial, ignore_errors=True)
            return
        self._evict(keep=_name(key))

    def _key(self, generation: int) -> str:
        return f"{self._identity(generation)}|code {_code_version()}"

    def _evict(self, *, keep: str) -> None:
        now = time.time()
        for entry in _entries(self.folder):
            if entry.name == keep:
                continue
            if entry.name.startswith("."):  # another process may be writing it right now
                try:
                    if now - entry.stat().st_mtime < STALE_PARTIAL_SECONDS:
                        continue
                except OSError:
                    continue
            shutil.rmtree(entry, ignore_errors=True)


def clear_saved(folder: Path) -> int:
    """Delete every saved copy in `folder` (a host's keyword cache dir); how many there were."""
    entries = _entries(folder)
    for entry in entries:
        shutil.rmtree(entry, ignore_errors=True)
    return sum(not e.name.startswith(".") for e in entries)


def _entries(folder: Path) -> list[Path]:
    try:
        return [e for e in folder.iterdir() if e.is_dir()]
    except OSError:
        return []


def _move(partial: Path, entry: Path) -> None:
    """Rename the finished copy into place; another process that saved the same key first
    wins (its copy is the same)."""
    try:
        partial.rename(entry)
    except OSError:
        if not (entry / KEY_FILE).is_file():
            raise
        shutil.rmtree(partial, ignore_errors=True)


def _name(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:24]


@cache
def _code_version() -> str:
    """This code's and bm25s's scoring code, without importing bm25s (a loading process never
    does: see bm25.py; its version lookup alone takes about 25 ms)."""
    import importlib.util

    spec = importlib.util.find_spec("bm25s")  # finds the package, runs none of it
    digest = hashlib.sha256()
    if spec is not None and spec.origin is not None:
        for module in ("__init__.py", "scoring.py"):
            digest.update(Path(spec.origin).with_name(module).read_bytes())
    for module in _CODE:
        digest.update((Path(__file__).with_name(module)).read_bytes())
    return digest.hexdigest()[:16]
