"""Whole-collection reads go page by page: a real embedded Chroma past SQLite's variable limit."""

from __future__ import annotations

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from vectorstore.paging import PAGE, get_all

CHUNKS = 34_000  # past the ~32,766 variables one SQLite statement may bind


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> object:
    path = tmp_path_factory.mktemp("big-chroma")
    client = chromadb.PersistentClient(
        path=str(path), settings=ChromaSettings(anonymized_telemetry=False)
    )
    big = client.create_collection("big", embedding_function=None)
    for start in range(0, CHUNKS, 5000):
        ids = [f"c{i}" for i in range(start, min(start + 5000, CHUNKS))]
        big.add(
            ids=ids,
            embeddings=[[float(i % 7), 1.0] for i in range(len(ids))],
            documents=[f"chunk {i}" for i in ids],
            metadatas=[{"source": f"file-{i[1:]}"} for i in ids],
        )
    return big


def test_one_get_of_everything_fails_and_paging_reads_it_all(collection: object) -> None:
    with pytest.raises(Exception, match="too many SQL variables"):
        collection.get(include=["documents", "metadatas"])  # type: ignore[attr-defined]
    every = get_all(collection, include=["documents", "metadatas"])
    assert len(every["ids"]) == len(set(every["ids"])) == CHUNKS > 6 * PAGE
    assert every["documents"][every["ids"].index("c33999")] == "chunk c33999"
    assert every["metadatas"][every["ids"].index("c42")] == {"source": "file-42"}
