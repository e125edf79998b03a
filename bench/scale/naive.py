"""The naive LangChain pipeline the issue compares with: every file's text through
RecursiveCharacterTextSplitter(1000, 200) into Chroma, answers = similarity_search(k=4), with
the same model through sentence-transformers (torch). No incremental indexing, no keyword
index, no answerer: what a tutorial builds.

    python bench/scale/naive.py ask DATA_DIR "question"    # cold start, as `sendplan ask`
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

COLLECTION = "naive"
K = 4


class NaivePipeline:
    def __init__(self, data_dir: Path) -> None:
        from vectorstore.embeddings import SentenceTransformerEmbeddings

        self.data_dir = data_dir
        self.embeddings = SentenceTransformerEmbeddings()
        self._store: Any = None

    def ingest(self, corpus: Path) -> int:
        """Rebuild the collection from every file; the number of chunks."""
        from langchain_chroma import Chroma
        from langchain_core.documents import Document
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        from ingest import loaders

        if self._store is not None:  # a rebuild: the tutorial way to pick up changes
            self._store.delete_collection()
        docs = []
        for path in sorted(corpus.iterdir()):
            document = loaders.load(path)
            docs.append(Document(document.text, metadata={"doc_id": document.doc_id}))
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        chunks = splitter.split_documents(docs)
        self._store = Chroma.from_documents(
            chunks,
            self.embeddings,
            collection_name=COLLECTION,
            persist_directory=str(self.data_dir / "chroma"),
        )
        return len(chunks)

    @property
    def store(self) -> Any:
        if self._store is None:
            from langchain_chroma import Chroma

            self._store = Chroma(
                collection_name=COLLECTION,
                embedding_function=self.embeddings,
                persist_directory=str(self.data_dir / "chroma"),
            )
        return self._store

    def search(self, question: str) -> list[Any]:
        return self.store.similarity_search(question, k=K)  # type: ignore[no-any-return]

    def golden_metrics(self, golden: Path) -> dict[str, Any]:
        """hit@5 over its 4 results, and must-include in the retrieved text (no answerer)."""
        from assistant.evaluation import load_golden, score_run
        from assistant.evaluation.results import EvalResult

        items = load_golden(golden)
        results = []
        for item in items:
            found = self.search(item.question)
            results.append(
                EvalResult(
                    id=item.id,
                    question=item.question,
                    category=item.category,
                    answerable=item.answerable,
                    answer="\n".join(d.page_content for d in found),
                    refused=False,
                    retrieved_doc_ids=[str(d.metadata["doc_id"]) for d in found],
                )
            )
        overall = score_run(items, results).overall
        return {key: overall[key] for key in ("hit@5", "must_include", "refusal_recall")}


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] != "ask":
        print(__doc__, file=sys.stderr)
        return 2
    found = NaivePipeline(Path(argv[1])).search(argv[2])
    print("\n\n".join(d.page_content for d in found))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
