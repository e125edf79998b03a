"""`/sendplan-admin reindex` runs the same sync as `sendplan ingest`: the corpus and every
registered source, with the real pipeline, Chroma and embedding model, reported in files then
chunks."""

from __future__ import annotations

from pathlib import Path

from langchain_core.embeddings import Embeddings
from slack_support import ADMIN, BotFactory

from assistant.settings import Settings
from assistant.slack.admin import ADMIN_COMMAND
from assistant.state.sources import SourceRegistry
from ingest.pipeline import run_ingestion
from ingest.report import IngestReport


def test_a_reindex_syncs_every_registered_source(
    make_bot: BotFactory, tmp_path: Path, embeddings: Embeddings
) -> None:
    corpus, mydocs = tmp_path / "corpus", tmp_path / "mydocs"
    corpus.mkdir()
    mydocs.mkdir()
    (corpus / "plan.md").write_text("# Plan\n\nThe plan promises 33 new special free schools.\n")
    (mydocs / "hub.md").write_text("# Hub\n\nThe SEND hub opens in Leeds in 2027.\n")

    def ingest(settings: Settings) -> IngestReport:
        return run_ingestion(settings, embeddings=embeddings)

    bot = make_bot(ingest=ingest, corpus_dir=corpus)
    SourceRegistry(bot.state, bot.settings.collection, corpus=corpus).add(mydocs)

    def reindex() -> str:
        before = len(bot.fake.calls_to("response_url"))
        bot.command("reindex", user=ADMIN, command=ADMIN_COMMAND)
        return str(bot.fake.wait_for("response_url", before + 1)[-1].params["text"])

    assert reindex().startswith(
        "Re-index finished (2 sources, 2 files).\n"
        "Files: 2 added, 0 changed, 0 removed, 0 unchanged, 0 failed\n"
        "Chunks: 4 embedded, 0 deleted; 4 in the index"
    )
    (mydocs / "hub.md").write_text("# Hub\n\nThe SEND hub opens in York in 2028.\n")
    assert "Files: 0 added, 1 changed, 0 removed, 1 unchanged, 0 failed\n" in reindex()
