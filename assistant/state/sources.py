"""The sources an admin registered (`sendplan sources add|remove|list`), in the state database.

A plain `sendplan ingest` (and a Slack re-index) syncs every source: the bundled corpus
(SENDPLAN_CORPUS_DIR, always the first one and never stored) and each registered folder or
file. A source's chunks carry source ids under its `name`: the corpus's are relative to it
(`glossary.md`); another source's are `<name>/<path inside it>`, where the name is its folder
or file name and a short hash of its resolved path (`mydocs-1a2b3c4d/report.pdf`), stable
across runs and hosts that see the same path. Sources never overlap, so one source's files
never delete another's chunks.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import ColumnElement, and_, delete, select, update

from assistant.errors import SourceError
from assistant.state.database import StateDB
from assistant.state.tables import sources as sources_table


@dataclass(frozen=True)
class Source:
    """One folder or file ingestion reads. `title`/`url` of a file are its document's; of a
    folder, its files' publisher and link when they name none (see `defaults`, `fallbacks`;
    a sidecar entry wins over both)."""

    path: Path
    name: str  # "" for the bundled corpus
    title: str | None = None
    url: str | None = None

    @property
    def bundled(self) -> bool:
        return not self.name

    def source_id(self, relative: str) -> str:
        """The chunk source id of the file at `relative` (POSIX) inside this source."""
        return f"{self.name}/{relative}" if self.name else relative

    def defaults(self) -> dict[str, str]:
        """Metadata that wins over what a file says of itself: a one-file source's title and
        URL are that document's."""
        if self.path.is_dir():
            return {}
        values = {"title": self.title, "source_url": self.url}
        return {key: value for key, value in values.items() if value}

    def fallbacks(self) -> dict[str, str]:
        """Metadata for a folder's files that lack their own: each keeps its own title, and
        the folder's title is their publisher, its URL their link when they have none."""
        if not self.path.is_dir():
            return {}
        values = {"publisher": self.title, "source_url": self.url}
        return {key: value for key, value in values.items() if value}

    def describe(self) -> str:
        return f"{self.path} (the bundled corpus)" if self.bundled else str(self.path)


def source_name(path: Path) -> str:
    """`<folder or file stem>-<8 hex of the resolved path>`: readable and collision-free."""
    resolved = path.resolve()
    digest = hashlib.sha256(resolved.as_posix().encode()).hexdigest()[:8]
    stem = resolved.stem if resolved.is_file() else resolved.name
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:60] or "source"
    return f"{slug}-{digest}"


class SourceRegistry:
    """The sources of one collection: the corpus first, then the registered ones in the order
    they were added."""

    def __init__(
        self,
        state: StateDB,
        collection: str,
        *,
        corpus: Path,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.state, self.collection, self._clock = state, collection, clock
        self.corpus = self.bundled(corpus)

    @staticmethod
    def bundled(corpus: Path) -> Source:
        """The corpus folder as a source (it is never stored)."""
        return Source(path=corpus.expanduser().resolve(), name="")

    def all(self) -> list[Source]:
        query = (
            select(sources_table)
            .where(sources_table.c.collection == self.collection)
            .order_by(sources_table.c.added_at, sources_table.c.path)
        )
        with self.state.begin() as conn:
            rows = conn.execute(query).all()
        return [self.corpus] + [Source(Path(r.path), r.name, r.title, r.url) for r in rows]

    def find(self, path: Path) -> Source | None:
        resolved = path.expanduser().resolve()
        return next((s for s in self.all() if s.path == resolved), None)

    def add(self, path: Path, *, title: str | None = None, url: str | None = None) -> Source:
        """Register a folder or file (or change an existing source's title and URL)."""
        resolved = path.expanduser().resolve()
        if not resolved.exists():
            raise SourceError(f"{path} does not exist: give an existing folder or file.")
        existing = self.find(resolved)
        if existing is not None and existing.bundled:
            raise SourceError(
                f"{resolved} is the bundled corpus, always ingested (SENDPLAN_CORPUS_DIR); put "
                "titles and URLs for its files in its sources.yaml."
            )
        if existing is None:
            _refuse_overlap(resolved, self.all())
            return self._insert(Source(resolved, source_name(resolved), title, url))
        changed = Source(resolved, existing.name, title or existing.title, url or existing.url)
        with self.state.begin() as conn:
            conn.execute(
                update(sources_table)
                .where(self._row(resolved))
                .values(title=changed.title, url=changed.url)
            )
        return changed

    def remove(self, path: Path) -> Source:
        """Unregister a source; the next ingestion deletes its chunks."""
        found = self.find(path)
        if found is None:
            known = ", ".join(str(s.path) for s in self.all()[1:]) or "none yet"
            raise SourceError(
                f"{path} is not a registered source (registered: {known}). See "
                "'sendplan sources list'."
            )
        if found.bundled:
            raise SourceError(
                f"{found.path} is the bundled corpus and cannot be removed; set "
                "SENDPLAN_CORPUS_DIR to another folder instead."
            )
        with self.state.begin() as conn:
            conn.execute(delete(sources_table).where(self._row(found.path)))
        return found

    def _insert(self, source: Source) -> Source:
        with self.state.begin() as conn:
            conn.execute(
                sources_table.insert().values(
                    collection=self.collection, path=source.path.as_posix(), name=source.name,
                    title=source.title, url=source.url, added_at=self._clock(),
                )
            )  # fmt: skip
        return source

    def _row(self, path: Path) -> ColumnElement[bool]:
        return and_(
            sources_table.c.collection == self.collection, sources_table.c.path == path.as_posix()
        )


def _refuse_overlap(path: Path, sources: list[Source]) -> None:
    """A folder inside another source (or holding one) would index its files twice."""
    for source in sources:
        if path.is_relative_to(source.path):
            raise SourceError(
                f"{path} is inside the source {source.describe()}, whose files are already "
                "ingested; nothing to add."
            )
        if source.path.is_relative_to(path) and source.bundled:
            raise SourceError(
                f"{path} holds the bundled corpus ({source.path}), whose files are already "
                "ingested; add a folder that does not contain it."
            )
        if source.path.is_relative_to(path):
            raise SourceError(
                f"{path} holds the source {source.describe()}; its files would be ingested "
                f"twice. Remove that source first ('sendplan sources remove {source.path}') or "
                "add a folder that does not contain it."
            )
