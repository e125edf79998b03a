"""The source registry: sources an admin added survive restarts (another StateDB on the same
database, as another process or host), keep their names, and refuse what would index a file
twice. On SQLite and PostgreSQL 18."""

from __future__ import annotations

from pathlib import Path

import pytest
from state_support import Clock, Opener

from assistant.errors import SourceError
from assistant.state.sources import SourceRegistry, source_name


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    made = {name: tmp_path / name for name in ("corpus", "mydocs", "policies")}
    for folder in made.values():
        folder.mkdir()
    (made["policies"] / "charging.pdf").write_bytes(b"%PDF-1.4")
    return made


def registry(connect: Opener, corpus: Path, collection: str = "sendplan") -> SourceRegistry:
    return SourceRegistry(connect(), collection, corpus=corpus, clock=Clock())


def test_added_sources_survive_a_restart_in_order_after_the_corpus(
    connect: Opener, folders: dict[str, Path]
) -> None:
    first = registry(connect, folders["corpus"])
    first.add(folders["mydocs"], url="https://example.org/mydocs")
    first._clock.now += 1  # type: ignore[attr-defined]
    single = folders["policies"] / "charging.pdf"
    first.add(single, title="Charging policy")

    again = registry(connect, folders["corpus"])  # another process on the same database
    corpus, mydocs, policy = again.all()
    assert corpus.bundled and corpus.path == folders["corpus"].resolve() and corpus.name == ""
    assert (mydocs.path, mydocs.name, mydocs.url) == (
        folders["mydocs"].resolve(),
        source_name(folders["mydocs"]),
        "https://example.org/mydocs",
    )
    assert mydocs.name.startswith("mydocs-") and len(mydocs.name) == len("mydocs-") + 8
    assert (policy.name.split("-")[0], policy.title) == ("charging", "Charging policy")
    assert policy.defaults() == {"title": "Charging policy"}
    assert mydocs.source_id("sub/a.md") == f"{mydocs.name}/sub/a.md"
    assert corpus.source_id("glossary.md") == "glossary.md"  # the corpus's ids never change


def test_adding_again_updates_title_and_url_and_keeps_the_name(
    connect: Opener, folders: dict[str, Path]
) -> None:
    first = registry(connect, folders["corpus"])
    added = first.add(folders["mydocs"], title="Local offer")
    updated = registry(connect, folders["corpus"]).add(folders["mydocs"], url="https://x.org/")
    [_, stored] = registry(connect, folders["corpus"]).all()
    assert stored == updated and stored.name == added.name
    assert (stored.title, stored.url) == ("Local offer", "https://x.org/")


def test_removal_is_seen_by_every_process(connect: Opener, folders: dict[str, Path]) -> None:
    registry(connect, folders["corpus"]).add(folders["mydocs"])
    removed = registry(connect, folders["corpus"]).remove(folders["mydocs"])
    assert removed.path == folders["mydocs"].resolve()
    assert [s.path for s in registry(connect, folders["corpus"]).all()] == [
        folders["corpus"].resolve()
    ]
    with pytest.raises(SourceError, match="is not a registered source .*sources list"):
        registry(connect, folders["corpus"]).remove(folders["mydocs"])


def test_sources_are_per_collection(connect: Opener, folders: dict[str, Path]) -> None:
    registry(connect, folders["corpus"], "one").add(folders["mydocs"])
    assert len(registry(connect, folders["corpus"], "two").all()) == 1


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("corpus", "is the bundled corpus, always ingested"),
        ("corpus/sub", "is inside the source .*the bundled corpus"),
        ("mydocs/deeper", "is inside the source"),
        (".", "holds the bundled corpus"),
        ("mydocs/..", "holds the bundled corpus"),
        ("nowhere", "does not exist"),
    ],
)
def test_what_would_index_a_file_twice_is_refused(
    connect: Opener, folders: dict[str, Path], target: str, message: str
) -> None:
    (folders["corpus"] / "sub").mkdir()
    (folders["mydocs"] / "deeper").mkdir()
    sources = registry(connect, folders["corpus"])
    sources.add(folders["mydocs"])
    with pytest.raises(SourceError, match=message):
        sources.add(folders["corpus"].parent / target)
    assert len(sources.all()) == 2


def test_the_corpus_cannot_be_removed(connect: Opener, folders: dict[str, Path]) -> None:
    with pytest.raises(SourceError, match="SENDPLAN_CORPUS_DIR"):
        registry(connect, folders["corpus"]).remove(folders["corpus"])


def test_a_folder_holding_an_added_source_is_refused(
    connect: Opener, folders: dict[str, Path]
) -> None:
    sources = registry(connect, folders["corpus"])
    inner = folders["mydocs"] / "inner"
    inner.mkdir()
    sources.add(inner)
    with pytest.raises(SourceError, match=f"holds the source {inner}.*sources remove {inner}"):
        sources.add(folders["mydocs"])
