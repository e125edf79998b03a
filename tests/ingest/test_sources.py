"""Every ingestion syncs every registered source, on a real persistent Chroma with the real
embedding model: additions, edits and removals in two sources besides the corpus, across
restarts (each run opens its own state database connection, as a new process does)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from assistant.settings import Settings
from assistant.state import open_state
from assistant.state.sources import SourceRegistry, source_name
from ingest.pipeline import run_ingestion
from tests.ingest.support import CountingEmbeddings, stored, stored_sources


def registry(settings: Settings) -> SourceRegistry:
    return SourceRegistry(open_state(settings), settings.collection, corpus=settings.corpus_dir)


@pytest.fixture
def mydocs(tmp_path: Path) -> Path:
    folder = tmp_path / "mydocs"
    (folder / "sub").mkdir(parents=True)
    (folder / "glossary.md").write_text("# Local glossary\n\nLIP: local inclusion plan.\n")
    (folder / "sub" / "hub.md").write_text("# Hub\n\nThe SEND hub opens in Leeds in 2027.\n")
    return folder


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "elsewhere" / "reaction.txt"
    path.parent.mkdir()
    path.write_text("Council leaders welcome the plan\n\nThey said transport costs are rising.\n")
    return path


def metadata_of(settings: Settings, source_id: str) -> dict:
    return next(m for m in stored(settings)["metadatas"] if m["source"] == source_id)


def test_two_sources_sync_additions_edits_and_removals_across_restarts(
    ingested: Settings, mydocs: Path, article: Path, embeddings: Embeddings
) -> None:
    corpus_before = stored_sources(ingested)
    sources = registry(ingested)
    sources.add(mydocs, url="https://example.org/local-offer")
    sources.add(article, title="Leaders react", url="https://example.org/news/1")
    sources.state.close()
    docs, news = f"{source_name(mydocs)}/", f"{source_name(article)}/"

    first = run_ingestion(ingested, embeddings=embeddings)  # opens the registry afresh
    assert first.file_line() == "3 added, 0 changed, 0 removed, 7 unchanged, 0 failed"
    assert first.scope() == "3 sources, 10 files"
    after = stored_sources(ingested)
    assert {f"{docs}glossary.md", f"{docs}sub/hub.md", f"{news}reaction.txt"} <= set(after)
    # the source's title and URL are defaults; the file's own title stays unless given
    assert metadata_of(ingested, f"{docs}sub/hub.md")["source_url"] == (
        "https://example.org/local-offer"
    )
    assert metadata_of(ingested, f"{docs}sub/hub.md")["title"] == "Hub"
    assert metadata_of(ingested, f"{news}reaction.txt")["title"] == "Leaders react"

    (mydocs / "sub" / "hub.md").write_text("# Hub\n\nThe SEND hub opens in York in 2028.\n")
    (mydocs / "glossary.md").unlink()  # the corpus's glossary.md must survive this
    (mydocs / "new.md").write_text("# New\n\nRespite places double by 2026.\n")
    (mydocs / "sources.yaml").write_text("new.md:\n  url: https://example.org/new\n")
    article.write_text(article.read_text().replace("rising", "falling"))
    counting = CountingEmbeddings(embeddings)

    second = run_ingestion(ingested, embeddings=counting)

    assert second.file_line() == "1 added, 2 changed, 1 removed, 7 unchanged, 0 failed"
    assert second.changes.removed == [f"{docs}glossary.md"]
    assert second.changes.changed == [f"{docs}sub/hub.md", f"{news}reaction.txt"]
    assert second.embedded == counting.texts > 0
    now = stored_sources(ingested)
    assert {s: n for s, n in now.items() if s in corpus_before} == corpus_before
    assert f"{docs}glossary.md" not in now and f"{docs}new.md" in now
    assert metadata_of(ingested, f"{docs}new.md")["source_url"] == "https://example.org/new"
    texts = " ".join(stored(ingested)["documents"])
    assert "York in 2028" in texts and "Leeds in 2027" not in texts

    third = run_ingestion(ingested, embeddings=CountingEmbeddings(embeddings))
    assert third.file_line() == "0 added, 0 changed, 0 removed, 10 unchanged, 0 failed"
    assert (third.embedded, third.deleted) == (0, 0)


def test_a_removed_source_loses_its_chunks_at_the_next_ingest_and_no_other(
    ingested: Settings, mydocs: Path, article: Path, embeddings: Embeddings
) -> None:
    sources = registry(ingested)
    sources.add(mydocs)
    sources.add(article)
    run_ingestion(ingested, embeddings=embeddings)
    kept = {s: n for s, n in stored_sources(ingested).items() if "mydocs-" not in s}
    theirs = sum(n for s, n in stored_sources(ingested).items() if "mydocs-" in s)

    registry(ingested).remove(mydocs)
    assert any("mydocs-" in s for s in stored_sources(ingested))  # until the next ingest
    report = run_ingestion(ingested, embeddings=embeddings)

    assert report.file_line() == "0 added, 0 changed, 2 removed, 8 unchanged, 0 failed"
    assert stored_sources(ingested) == kept
    assert report.deleted == theirs == 4  # two files: a chunk and a card each


def test_a_missing_source_is_a_failure_and_its_chunks_are_kept(
    ingested: Settings, mydocs: Path, embeddings: Embeddings
) -> None:
    registry(ingested).add(mydocs)
    run_ingestion(ingested, embeddings=embeddings)
    before = stored_sources(ingested)
    moved = mydocs.with_name("unplugged")
    mydocs.rename(moved)

    report = run_ingestion(ingested, embeddings=embeddings)

    assert stored_sources(ingested) == before
    [failure] = report.failed
    assert failure.path == str(mydocs.resolve())
    assert "missing; its chunks are kept" in failure.reason
    assert f"sendplan sources remove {mydocs.resolve()}" in failure.reason
    assert report.file_line() == "0 added, 0 changed, 0 removed, 7 unchanged, 1 failed"


def test_an_edit_reports_one_changed_file(
    ingested: Settings, corpus: Path, embeddings: Embeddings
) -> None:
    glossary = corpus / "glossary.md"
    glossary.write_text(glossary.read_text().replace("three or four councils", "five councils"))
    counting = CountingEmbeddings(embeddings)
    report = run_ingestion(ingested, embeddings=counting)
    assert report.file_line() == "0 added, 1 changed, 0 removed, 6 unchanged, 0 failed"
    assert report.changes.changed == ["glossary.md"]
    assert report.chunk_line().startswith(f"{counting.texts} embedded, {report.deleted} deleted;")
    assert counting.texts == report.deleted == 1  # one chunk's text changed


def test_ingest_path_registers_it_and_a_plain_ingest_keeps_it(
    ingested: Settings, mydocs: Path, embeddings: Embeddings
) -> None:
    run_ingestion(ingested, embeddings=embeddings, path=mydocs)
    assert [s.path for s in registry(ingested).all()][1:] == [mydocs.resolve()]
    plain = run_ingestion(ingested, embeddings=embeddings)  # what `make run` and Slack run
    assert plain.file_line() == "0 added, 0 changed, 0 removed, 9 unchanged, 0 failed"
    assert f"{source_name(mydocs)}/sub/hub.md" in stored_sources(ingested)


def test_a_corpus_file_given_as_path_registers_nothing(
    ingested: Settings, corpus: Path, embeddings: Embeddings
) -> None:
    shutil.copy(corpus / "glossary.md", corpus / "glossary-copy.md")
    report = run_ingestion(ingested, embeddings=embeddings, path=corpus / "glossary-copy.md")
    assert len(registry(ingested).all()) == 1
    assert report.changes.added == ["glossary-copy.md"]


def test_a_new_url_for_a_source_reaches_its_unchanged_files(
    ingested: Settings, mydocs: Path, embeddings: Embeddings
) -> None:
    registry(ingested).add(mydocs, url="https://example.org/old")
    run_ingestion(ingested, embeddings=embeddings)
    registry(ingested).add(mydocs, url="https://example.org/new")  # the files are untouched
    report = run_ingestion(ingested, embeddings=embeddings)
    assert report.file_line() == "0 added, 2 changed, 0 removed, 7 unchanged, 0 failed"
    hub = metadata_of(ingested, f"{source_name(mydocs)}/sub/hub.md")
    assert hub["source_url"] == "https://example.org/new"


def test_a_missing_corpus_beside_other_sources_keeps_its_chunks(
    ingested: Settings, corpus: Path, mydocs: Path, embeddings: Embeddings
) -> None:
    registry(ingested).add(mydocs)
    run_ingestion(ingested, embeddings=embeddings)
    corpus_chunks = {s: n for s, n in stored_sources(ingested).items() if "mydocs-" not in s}
    corpus.rename(corpus.with_name("corpus-away"))
    (mydocs / "new.md").write_text("# New\n\nRespite places double by 2026.\n")

    report = run_ingestion(ingested, embeddings=embeddings)

    [failure] = report.failed
    assert failure.path == str(corpus.resolve()) and "SENDPLAN_CORPUS_DIR" in failure.reason
    assert report.file_line() == "1 added, 0 changed, 0 removed, 2 unchanged, 1 failed"
    after = stored_sources(ingested)
    assert {s: n for s, n in after.items() if "mydocs-" not in s} == corpus_chunks
    assert f"{source_name(mydocs)}/new.md" in after


def test_a_folder_title_names_the_publisher_and_each_file_keeps_its_own(
    ingested: Settings, mydocs: Path, embeddings: Embeddings
) -> None:
    (mydocs / "sub" / "linked.md").write_text(
        "---\ntitle: Linked note\nsource_url: https://example.org/linked\n---\n\nA note.\n"
    )
    registry(ingested).add(mydocs, title="Riverside council notes", url="https://example.org/r")
    assert run_ingestion(ingested, embeddings=embeddings).ok
    hub = metadata_of(ingested, f"{source_name(mydocs)}/sub/hub.md")
    linked = metadata_of(ingested, f"{source_name(mydocs)}/sub/linked.md")
    assert (hub["title"], hub["publisher"], hub["source_url"]) == (
        "Hub", "Riverside council notes", "https://example.org/r"
    )  # fmt: skip
    assert (linked["title"], linked["source_url"]) == ("Linked note", "https://example.org/linked")
