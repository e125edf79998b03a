"""Ingestion shows progress: a rich bar per stage on a terminal, one note per stage otherwise,
and the stages and counts it reports are those of the real run."""

from __future__ import annotations

import io
from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.settings import Settings
from ingest.pipeline import run_ingestion
from ingest.progress import StageNotes, ingest_progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Recorder:
    """A Progress that remembers each stage and how far it got."""

    def __init__(self) -> None:
        self.stages: list[list[object]] = []  # [name, total, unit, done]

    def stage(self, name: str, total: int, unit: str) -> None:
        self.stages.append([name, total, unit, 0])

    def advance(self, count: int = 1) -> None:
        self.stages[-1][3] += count  # type: ignore[operator]


def test_piped_output_gets_one_note_per_stage_on_stderr() -> None:
    out, err = io.StringIO(), io.StringIO()
    with ingest_progress(stdout=out, stderr=err) as progress:
        assert isinstance(progress, StageNotes)
        progress.stage("Reading", 64, "files")
        progress.advance(64)
        progress.stage("Embedding up to", 1, "chunks")
        progress.stage("Reading", 0, "files")  # nothing to do: no note
    assert err.getvalue() == "Reading 64 files...\nEmbedding up to 1 chunk...\n"
    assert out.getvalue() == ""


def test_a_terminal_gets_bars_with_counts() -> None:
    out, err = Terminal(), io.StringIO()
    with ingest_progress(stdout=out, stderr=err) as progress:
        progress.stage("Reading", 7, "files")
        progress.advance(7)
        progress.stage("Embedding up to", 70, "chunks")
        progress.advance(30)  # the unchanged rest is never embedded: the bar still completes
    shown = out.getvalue()
    assert "Reading 7 files" in shown and "7/7" in shown
    assert "Embedding up to 70 chunks" in shown and "70/70" in shown
    assert err.getvalue() == ""


def test_the_stages_follow_the_run(
    settings: Settings, corpus: Path, embeddings: Embeddings
) -> None:
    first = Recorder()
    report = run_ingestion(settings, embeddings=embeddings, progress=first)
    assert first.stages == [
        ["Reading", 7, "files", 7],
        ["Embedding up to", report.chunks, "chunks", report.embedded],
    ]
    glossary = corpus / "glossary.md"
    glossary.write_text(glossary.read_text().replace("three or four councils", "five councils"))
    edit = Recorder()
    edited = run_ingestion(settings, embeddings=embeddings, progress=edit)
    [reading, embedding] = edit.stages
    assert reading == ["Reading", 1, "files", 1]  # the six unchanged files are not read
    assert embedding[3] == edited.embedded == 1
