"""`sendplan sources add|remove|list` and `ingest` as an admin runs them: each command its own
process, over a copy of the ingested corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.settings import Settings
from assistant.state.sources import source_name
from tests.cli.test_cli import run


@pytest.fixture
def data(ingested_settings: Settings, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(ingested_settings.data_dir, copy)
    return copy


@pytest.fixture
def mydocs(tmp_path: Path) -> Path:
    folder = tmp_path / "mydocs"
    folder.mkdir()
    (folder / "hub.md").write_text("# Hub\n\nThe SEND hub opens in Leeds in 2027.\n")
    (folder / "offer.md").write_text("# Local offer\n\nRespite places double by 2026.\n")
    return folder


def test_an_added_folder_is_kept_through_later_ingests_until_removed(
    data: Path, mydocs: Path
) -> None:
    name = source_name(mydocs)
    added = run(["sources", "add", str(mydocs), "--url", "https://example.org/offer"], data)
    assert added.returncode == 0, added.stderr
    assert f"Added the source {mydocs} ({name}, https://example.org/offer)" in added.stdout
    listed = run(["sources", "list"], data)
    assert f"{name}\t{mydocs}\tnot indexed yet: run 'sendplan ingest'" in listed.stdout

    first = run(["ingest"], data)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        "Synced 2 sources, 9 files.",
        "Files: 2 added, 0 changed, 0 removed, 7 unchanged, 0 failed",
        first.stdout.splitlines()[2],
    ]
    assert first.stdout.splitlines()[2].startswith("Chunks: 4 embedded, 0 deleted; ")
    # piped: one note per stage on stderr, no bar
    # (the corpus's seven files are unchanged: not read again)
    assert first.stderr == "Reading 2 files...\nEmbedding up to 4 chunks...\n"

    (mydocs / "hub.md").write_text("# Hub\n\nThe SEND hub opens in York in 2028.\n")
    edited = run(["ingest"], data)
    assert "Files: 0 added, 1 changed, 0 removed, 8 unchanged, 0 failed" in edited.stdout
    listed = run(["sources"], data)  # bare `sources` lists too
    assert f"{name}\t{mydocs}\t2 documents, 4 chunks\turl: https://example.org/offer" in (
        listed.stdout
    )
    assert f"  {name}/hub.md\t2 chunks\t-\tHub" in listed.stdout
    assert listed.stdout.splitlines()[-1].startswith("2 sources, 9 documents, ")

    removed = run(["sources", "remove", str(mydocs)], data)
    assert removed.returncode == 0 and "The next 'sendplan ingest'" in removed.stdout
    after = run(["ingest"], data)
    assert "Files: 0 added, 0 changed, 2 removed, 7 unchanged, 0 failed" in after.stdout
    assert "Chunks: 0 embedded, 4 deleted; " in after.stdout
    assert name not in run(["sources", "list"], data).stdout


def test_ingest_path_says_it_registers_the_source(data: Path, mydocs: Path) -> None:
    result = run(["ingest", str(mydocs)], data)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Added {mydocs} as a source ({source_name(mydocs)})")
    assert "every 'sendplan ingest' and Slack re-index syncs it" in result.stdout
    again = run(["ingest", str(mydocs / "hub.md")], data)
    assert f"is in the source {mydocs}, already synced" in again.stdout
    assert "0 added, 0 changed, 0 removed, 9 unchanged" in again.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--url", "example.org"], "--url is not valid"),
        (["--title", ""], "--title is not valid"),
    ],
)
def test_bad_defaults_are_refused(data: Path, mydocs: Path, args: list[str], message: str) -> None:
    result = run(["sources", "add", str(mydocs), *args], data)
    assert result.returncode == 1 and message in result.stderr
    assert mydocs.name not in run(["sources", "list"], data).stdout


def test_removing_an_unknown_source_says_what_is_registered(data: Path, mydocs: Path) -> None:
    result = run(["sources", "remove", str(mydocs)], data)
    assert result.returncode == 1
    assert "is not a registered source (registered: none yet)" in result.stderr
