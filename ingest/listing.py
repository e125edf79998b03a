"""`sendplan sources list`: each source with the files of it the index holds (read from the
Chroma collection's metadata: no model is loaded, nothing is written)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from assistant.state.sources import Source


@dataclass(frozen=True)
class IndexedFile:
    source_id: str
    chunks: int
    title: str
    published: str | None


@dataclass
class SourceListing:
    source: Source | None  # None: chunks no source has any more (gone at the next ingest)
    files: list[IndexedFile] = field(default_factory=list)

    @property
    def chunks(self) -> int:
        return sum(f.chunks for f in self.files)


def owner(source_id: str, sources: list[Source]) -> Source | None:
    """The source a chunk source id belongs to: a named one by prefix, else the corpus
    (whose ids are plain relative paths). Absolute ids are from before sources existed."""
    for source in sources:
        if source.name and source_id.startswith(f"{source.name}/"):
            return source
    if source_id.startswith("/"):
        return None
    return next((s for s in sources if s.bundled), None)


def list_sources(sources: list[Source], metadatas: list[dict[str, Any]]) -> list[SourceListing]:
    """Every source (in order) with its indexed files; a last entry for orphaned chunks."""
    counts = Counter(str(m.get("source", "")) for m in metadatas)
    first: dict[str, dict[str, Any]] = {}
    for metadata in metadatas:
        first.setdefault(str(metadata.get("source", "")), metadata)
    listings = {s.path: SourceListing(s) for s in sources}
    orphans = SourceListing(None)
    for source_id in sorted(counts):
        meta = first[source_id]
        published = str(meta["published"]) if meta.get("published") else None
        indexed = IndexedFile(source_id, counts[source_id], str(meta.get("title") or source_id),
                              published)  # fmt: skip
        found = owner(source_id, sources)
        (listings[found.path] if found else orphans).files.append(indexed)
    return [*listings.values(), *([orphans] if orphans.files else [])]


def listing_lines(listings: list[SourceListing]) -> list[str]:
    """Tab-separated: a line per source, then its files indented, then the totals."""
    lines: list[str] = []
    for listing in listings:
        lines.append(_heading(listing))
        lines += [f"  {f.source_id}\t{f.chunks} chunks\t{f.published or '-'}\t{f.title}"
                  for f in listing.files]  # fmt: skip
    documents = sum(len(item.files) for item in listings)
    chunks = sum(item.chunks for item in listings)
    sources = sum(1 for item in listings if item.source)
    lines.append(f"{_count(sources, 'source')}, {_count(documents, 'document')}, "
                 f"{_count(chunks, 'chunk')}")  # fmt: skip
    return lines


def _heading(listing: SourceListing) -> str:
    source = listing.source
    if source is None:
        return "(no source)\tchunks of removed sources: deleted by the next 'sendplan ingest'"
    name = "corpus" if source.bundled else source.name
    state = "" if source.path.exists() else "\tMISSING"
    extra = "".join(f"\t{k}: {v}" for k, v in (("title", source.title), ("url", source.url)) if v)
    count = f"{_count(len(listing.files), 'document')}, {_count(listing.chunks, 'chunk')}"
    if not listing.files:
        count = "not indexed yet: run 'sendplan ingest'"
    return f"{name}\t{source.path}{state}\t{count}{extra}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
