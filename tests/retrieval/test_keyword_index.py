"""The in-memory keyword index follows the collection: built from a real Chroma collection,
rebuilt when the index generation in a real state database moves, never half swapped."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from assistant.settings import Settings
from assistant.state import StateDB
from assistant.state.index_state import IndexGenerations
from tests.conftest import make_test_settings
from vectorstore.keyword_index import LiveKeywordIndex
from vectorstore.keywords import Keywords

COLLECTION = "sendplan"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class World:
    """A real embedded Chroma collection and a real SQLite state database."""

    def __init__(self, root: Path) -> None:
        client = chromadb.PersistentClient(
            path=str(root / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
        )
        self.collection = client.get_or_create_collection(COLLECTION, embedding_function=None)
        self.state = StateDB(f"sqlite:///{root / 'state.sqlite'}")
        self.state.create_schema()
        self.generations = IndexGenerations(self.state)
        self.builds = 0

    def ingest(self, doc_id: str, text: str) -> None:
        """What an ingestion does: write the chunk, then bump the generation."""
        self.collection.upsert(
            ids=[doc_id], documents=[text], metadatas=[{"doc_id": doc_id}], embeddings=[[0.1] * 3]
        )
        self.generations.bump(COLLECTION)

    def delete(self, doc_id: str) -> None:
        self.collection.delete(ids=[doc_id])
        self.generations.bump(COLLECTION)

    def fetch(self) -> dict[str, Any]:
        return self.collection.get(include=["documents", "metadatas"])

    def build(self, ids: list[str], texts: list[str], metas: list[dict[str, Any]]) -> Keywords:
        self.builds += 1
        return Keywords.build(ids, texts, metas)

    def live(self, clock: Clock, **options: Any) -> LiveKeywordIndex:
        return LiveKeywordIndex(
            self.fetch, generation=lambda: self.generations.current(COLLECTION),
            clock=clock, build=options.pop("build", self.build), **options,
        )  # fmt: skip


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    made = World(tmp_path)
    made.ingest("ehcp", "An education, health and care plan sets out support.")
    yield made
    made.state.close()


def found(live: LiveKeywordIndex, query: str) -> list[str]:
    index = live.index
    return [index.ids[position] for position, _ in index.search(query)]


def test_a_new_and_a_deleted_document_are_seen_after_the_poll(world: World) -> None:
    clock = Clock()
    live = world.live(clock, poll_seconds=2)
    live.refresh_if_due()
    assert found(live, "education plan") == ["ehcp"] and live.snapshot.generation == 1
    world.ingest("hubs", "Regional SEND hubs open in Leeds in 2027.")
    live.refresh_if_due()
    assert found(live, "Leeds") == []  # checked less than poll_seconds ago
    clock.now += 2
    live.refresh_if_due()
    assert found(live, "Leeds") == ["hubs"] and live.snapshot.generation == 2
    world.delete("hubs")
    clock.now += 2
    live.refresh_if_due()
    assert found(live, "Leeds") == [] and len(live.index) == 1


def test_no_rebuild_while_the_generation_stands_still(world: World) -> None:
    clock = Clock()
    live = world.live(clock, poll_seconds=0)
    live.refresh_if_due()
    for _ in range(5):
        clock.now += 10
        live.refresh_if_due()
    assert world.builds == 1


def test_questions_keep_the_old_snapshot_while_one_rebuild_runs(world: World) -> None:
    release, building = threading.Event(), threading.Event()

    def slow_build(*args: Any) -> Keywords:
        building.set()
        assert release.wait(10)
        return world.build(*args)

    live = world.live(Clock(), poll_seconds=0)
    live.refresh_if_due()
    old = live.snapshot
    live._build = slow_build
    world.ingest("hubs", "Regional SEND hubs open in Leeds in 2027.")
    rebuilder = threading.Thread(target=live.refresh_if_due)
    rebuilder.start()
    assert building.wait(10)
    for _ in range(3):  # other questions meanwhile: no wait, no second rebuild
        live.refresh_if_due()
        assert live.snapshot is old and found(live, "Leeds") == []
    release.set()
    rebuilder.join(10)
    assert found(live, "Leeds") == ["hubs"] and world.builds == 2


def test_an_unreadable_collection_keeps_the_current_snapshot(world: World) -> None:
    clock = Clock()
    failing = {"now": False}

    def fetch() -> dict[str, Any]:
        if failing["now"]:
            raise ConnectionError("Chroma is down")
        return world.fetch()

    live = LiveKeywordIndex(fetch, generation=lambda: world.generations.current(COLLECTION),
                            poll_seconds=0, clock=clock)  # fmt: skip
    live.refresh_if_due()
    world.ingest("hubs", "Regional SEND hubs open in Leeds in 2027.")
    failing["now"] = True
    live.refresh_if_due()  # logs and carries on
    assert found(live, "education") == ["ehcp"] and live.snapshot.generation == 1
    failing["now"] = False
    live.refresh_if_due()
    assert found(live, "Leeds") == ["hubs"]


def test_searches_during_swaps_always_see_one_whole_index(world: World) -> None:
    live = world.live(Clock(), poll_seconds=0)
    live.refresh_if_due()
    errors: list[BaseException] = []
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set():
            try:
                index = live.index  # one snapshot per question, as the retriever does
                for position, _ in index.search("plan support hubs"):
                    assert index.ids[position] and index.texts[position]
            except BaseException as exc:
                errors.append(exc)
                return

    askers = [threading.Thread(target=ask) for _ in range(4)]
    for asker in askers:
        asker.start()
    for number in range(20):
        world.ingest(f"doc{number}", f"Plan {number} adds support for hubs, version {number}.")
        live.refresh_if_due()
    stop.set()
    for asker in askers:
        asker.join(10)
    assert errors == [] and len(live.index) == 21


def test_sources_reads_chroma_without_loading_the_model(world: World, tmp_path: Path) -> None:
    settings: Settings = make_test_settings(tmp_path)
    script = (
        "import json, sys\n"
        "from assistant.settings import Settings\n"
        "from vectorstore.catalog import indexed_documents\n"
        f"docs = indexed_documents(Settings(_env_file=None, data_dir={str(tmp_path)!r}))\n"
        "print(json.dumps([[d.doc_id, d.chunks] for d in docs]))\n"
        "print('sentence_transformers' in sys.modules or 'torch' in sys.modules)\n"
    )
    assert settings.chroma_dir == tmp_path / "chroma"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, timeout=120)  # fmt: skip
    listed, loaded_model = result.stdout.splitlines()
    assert json.loads(listed) == [["ehcp", 1]] and loaded_model == "False"
