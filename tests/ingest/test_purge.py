"""Withdrawn means gone: after ingestion removes a document (or the chunk an edit drops), no
byte of its text is left in any file of the data dir (embedded Chroma, state database) or of
a Chroma server's folder. Real model, real Chroma (embedded, another process, `chroma run`),
real state database; the files are searched byte for byte."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings
from langchain_core.embeddings import Embeddings

from assistant.cli import main
from assistant.factory import build_assistant
from assistant.settings import Settings
from assistant.state import open_state
from assistant.state.feedback import FeedbackStore
from assistant.state.questions import QuestionLog
from assistant.state.withdrawn import WITHDRAWN_TEXT
from ingest.pipeline import run_ingestion
from tests.conftest import CORPUS, make_test_settings
from tests.servers import CHROMA, ChromaServer
from vectorstore.purge import purge_chroma_dir

SENTENCE = (
    "The Quillfeather Harbourside pilot will fund 47 new sensory rooms across Tidemouth "
    "schools by March 2031."
)
MARK = "Quillfeather"  # in the sentence only, never in a question
QUESTION = "How many new sensory rooms will the pilot fund in Tidemouth?"
OTHER = "How many local authorities were in the Change Programme when it launched?"
PILOT = f"""---
title: Harbourside sensory rooms pilot
publisher: Tidemouth Council
date: 2026-05-01
---
# Harbourside sensory rooms pilot

{SENTENCE}

Each room is shared by two neighbouring primary schools.
"""
SENDPLAN = Path(sys.executable).with_name("sendplan")


def holding(root: Path, *needles: str) -> list[str]:
    """Every file under root (relative name) whose bytes contain any of the needles."""
    wanted = [n.encode() for n in needles]
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and any(n in p.read_bytes() for n in wanted)
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("glossary.md", "progress-updates-2023-2024.md"):
        shutil.copy(CORPUS / name, folder)
    (folder / "harbourside-pilot.md").write_text(PILOT)
    return folder


@pytest.fixture
def settings(tmp_path: Path, corpus: Path) -> Settings:
    return make_test_settings(tmp_path / "data", corpus_dir=corpus)


def ask_and_record(settings: Settings, embeddings: Embeddings) -> str:
    """Ask as the Slack bot does: the answer kept for its buttons, a vote on it, the question
    logged. Returns the answer id."""
    answer = build_assistant(settings, embeddings=embeddings).ask(QUESTION)
    assert SENTENCE in answer.text and answer.citations[0].doc_id == "harbourside-pilot"
    state = open_state(settings)
    try:
        store = FeedbackStore(state)
        answer_id = store.save_answer(answer, channel="C1")
        store.add_feedback(user_id="U1", channel="C1", vote="up", answer_id=answer_id,
                           answer=answer)  # fmt: skip
        QuestionLog(state).record(answer, front_end="slack", channel_type="channel",
                                  user_id="U1", latency_ms=12, answer_id=answer_id)  # fmt: skip
    finally:
        state.close()
    return answer_id


def test_removed_document_leaves_no_byte_of_its_text(
    settings: Settings, corpus: Path, embeddings: Embeddings
) -> None:
    assert run_ingestion(settings, embeddings=embeddings).ok
    answer_id = ask_and_record(settings, embeddings)
    before = holding(settings.data_dir, SENTENCE, MARK)
    assert "chroma/chroma.sqlite3" in before and any(n.startswith("state.sqlite") for n in before)

    (corpus / "harbourside-pilot.md").unlink()
    report = run_ingestion(settings, embeddings=embeddings)

    assert holding(settings.data_dir, SENTENCE, MARK) == []
    assert report.deleted == report.erased > 0, report.summary()
    state = open_state(settings)
    try:
        [logged] = QuestionLog(state).recent()
        assert logged.question == QUESTION and logged.up == 1  # the asker's words stay
        [vote] = FeedbackStore(state).feedback()
        assert (vote.answer, vote.question, vote.vote) == (WITHDRAWN_TEXT, QUESTION, "up")
        kept = FeedbackStore(state).get_answer(answer_id)
        assert kept is not None and kept.text == WITHDRAWN_TEXT
        assert all(not c.snippet for c in kept.citations)
    finally:
        state.close()
    assistant = build_assistant(settings, embeddings=embeddings)
    assert "32" in assistant.ask(OTHER).text  # the index still answers
    assert "harbourside-pilot" not in assistant.ask(QUESTION).cited_doc_ids


def test_an_edit_that_drops_a_sentence_erases_it(
    settings: Settings, corpus: Path, embeddings: Embeddings
) -> None:
    assert run_ingestion(settings, embeddings=embeddings).ok
    assert holding(settings.data_dir, MARK) == ["chroma/chroma.sqlite3"]
    edited = PILOT.replace(SENTENCE, "The pilot will fund 12 new sensory rooms in Tidemouth.")
    (corpus / "harbourside-pilot.md").write_text(edited)

    report = run_ingestion(settings, embeddings=embeddings)

    assert holding(settings.data_dir, SENTENCE, MARK) == []
    assert report.added > 0 and report.erased > 0, report.summary()
    answer = build_assistant(settings, embeddings=embeddings).ask(QUESTION)
    assert "12 new sensory rooms" in answer.text


READER = textwrap.dedent(
    """
    import json, sys
    import chromadb
    from chromadb.config import Settings
    quiet = Settings(anonymized_telemetry=False)
    client = chromadb.PersistentClient(path=sys.argv[1], settings=quiet)
    collection = client.get_collection(sys.argv[2])
    print(collection.count(), flush=True)
    sys.stdin.readline()  # held open while the other process ingests and purges
    found = collection.get(include=["documents", "embeddings"])
    nearest = collection.query(query_embeddings=[found["embeddings"][0]], n_results=3)
    print(json.dumps({"count": collection.count(), "documents": found["documents"],
                      "nearest": nearest["ids"][0]}), flush=True)
    """
)


def test_a_process_holding_the_store_open_reads_it_after_the_purge(
    settings: Settings, corpus: Path, embeddings: Embeddings
) -> None:
    first = run_ingestion(settings, embeddings=embeddings)
    with subprocess.Popen(
        [sys.executable, "-c", READER, str(settings.chroma_dir), settings.collection],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    ) as reader:  # fmt: skip
        assert reader.stdout is not None
        assert int(reader.stdout.readline()) == first.chunks  # it has the store open
        (corpus / "harbourside-pilot.md").unlink()
        report = run_ingestion(settings, embeddings=embeddings)
        output, _ = reader.communicate("go\n", timeout=60)
    assert reader.returncode == 0
    seen = json.loads(output)

    assert holding(settings.data_dir, MARK) == [] and report.erased > 0
    assert seen["count"] == len(seen["documents"]) == report.chunks
    assert not any(MARK in doc for doc in seen["documents"]) and len(seen["nearest"]) == 3
    after = run_ingestion(settings, embeddings=embeddings)  # and it can still be written to
    assert after.skipped == report.chunks and after.deleted == 0


def test_chroma_keeps_deleted_text_until_purged(tmp_path: Path) -> None:
    """The failure this guards against, on plain chromadb: a delete leaves the text in the
    files; the purge erases it and nothing else."""
    client = chromadb.PersistentClient(
        path=str(tmp_path), settings=ChromaSettings(anonymized_telemetry=False)
    )
    collection = client.create_collection("purge-test")
    collection.add(
        ids=["gone", "kept"], documents=[SENTENCE, "Short breaks for families."],
        embeddings=[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]],
        metadatas=[{"doc_id": "pilot"}, {"doc_id": "breaks"}],
    )  # fmt: skip
    collection.delete(ids=["gone"])
    assert holding(tmp_path, MARK) == ["chroma.sqlite3"]  # Chroma's log still has it

    purged = purge_chroma_dir(tmp_path)

    assert purged.chunks == {"gone": "pilot"} and holding(tmp_path, MARK) == []
    assert collection.get(include=["documents"])["documents"] == ["Short breaks for families."]
    assert purge_chroma_dir(tmp_path).rows_blanked == 0  # nothing left to do


def test_a_persisted_hnsw_index_survives_the_purge(tmp_path: Path) -> None:
    """Past Chroma's sync threshold (1,000 writes) the HNSW index is on disk with its element
    count: the purge zeroes only the slots past it, and a new process finds every vector."""
    client = chromadb.PersistentClient(
        path=str(tmp_path), settings=ChromaSettings(anonymized_telemetry=False)
    )
    collection = client.create_collection("hnsw-test")
    vectors = [[float(i % 7), float(i % 11), float(i % 13), 1.0] for i in range(1500)]
    ids = [f"c{i}" for i in range(1500)]
    documents = [f"{MARK} chunk {i}" if i < 100 else f"chunk {i}" for i in range(1500)]
    collection.add(ids=ids, embeddings=vectors, documents=documents)  # type: ignore[arg-type]
    collection.delete(ids=ids[:100])
    header = next(tmp_path.glob("*/header.bin")).read_bytes()
    assert int.from_bytes(header[20:28], "little") >= 1000  # persisted with its elements

    purge_chroma_dir(tmp_path)

    assert holding(tmp_path, MARK) == []
    probe = textwrap.dedent(
        """
        import json, sys, chromadb
        from chromadb.config import Settings
        quiet = Settings(anonymized_telemetry=False)
        client = chromadb.PersistentClient(path=sys.argv[1], settings=quiet)
        col = client.get_collection("hnsw-test")
        probes = [[3.0, 3.0, 3.0, 1.0], [6.0, 10.0, 12.0, 1.0]]
        hits = col.query(query_embeddings=probes, n_results=1)
        print(json.dumps({"count": col.count(), "hits": [h[0] for h in hits["ids"]]}))
        """
    )
    done = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True,
                          text=True, timeout=120, check=True)  # fmt: skip
    assert json.loads(done.stdout) == {"count": 1400, "hits": ["c1004", "c1000"]}


def test_purge_command_on_a_running_chroma_server_folder(
    tmp_path: Path, corpus: Path, embeddings: Embeddings
) -> None:
    server = ChromaServer(tmp_path / "server").start()
    try:
        settings = make_test_settings(
            tmp_path / "data", corpus_dir=corpus, chroma_host="127.0.0.1",
            chroma_port=server.port,
        )  # fmt: skip
        assert run_ingestion(settings, embeddings=embeddings).ok
        (corpus / "harbourside-pilot.md").unlink()
        report = run_ingestion(settings, embeddings=embeddings)
        assert report.deleted > 0 and report.erased == 0  # the bot host cannot reach the files
        assert "chroma.sqlite3" in holding(server.path, MARK)  # the server kept it

        done = subprocess.run(
            [str(SENDPLAN), "purge", "--chroma-path", str(server.path)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip

        assert done.returncode == 0, done.stderr
        assert f"erased the text of {report.deleted} deleted chunks" in done.stdout
        assert holding(server.path, SENTENCE, MARK) == []
        assert "32" in build_assistant(settings, embeddings=embeddings).ask(OTHER).text
        server.stop()
        server.start()  # a restart replays the purged log
        assert "32" in build_assistant(settings, embeddings=embeddings).ask(OTHER).text
    finally:
        server.stop()
    assert CHROMA.exists()


def test_purge_without_a_path_refuses_a_chroma_server(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SENDPLAN_CHROMA_HOST", "chroma.internal")
    assert main(["purge"]) == 1
    assert "sendplan purge --chroma-path DIR" in capsys.readouterr().err


def test_feedback_on_an_expired_answer_is_matched_by_its_documents(tmp_path: Path) -> None:
    from assistant.answering.answer import Answer, Citation
    from assistant.state.withdrawn import forget_withdrawn

    state = open_state(make_test_settings(tmp_path / "data"))
    store = FeedbackStore(state)
    for doc_id in ("harbourside-pilot", "glossary"):
        cited = Citation(number=1, doc_id=doc_id, title=doc_id, chunk_id=f"{doc_id}-1")
        answer = Answer(question=QUESTION, text=f"{SENTENCE} ({doc_id})", citations=[cited])
        store.add_feedback(user_id="U1", channel="C1", vote="down", answer_id=f"gone-{doc_id}",
                           answer=answer)  # fmt: skip
    try:
        assert forget_withdrawn(state, {"another-chunk": "harbourside-pilot"}) == 1
        rows = {row.cited_doc_ids[0]: row.answer for row in store.feedback()}
    finally:
        state.close()
    assert rows == {"harbourside-pilot": WITHDRAWN_TEXT, "glossary": f"{SENTENCE} (glossary)"}
