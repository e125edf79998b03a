"""How tests/state/legacy-data-d21b4c7.tar.gz was made: a data dir written by the code before
the state database (main at d21b4c7), to test that such data dirs keep working.

    mkdir -p /tmp/legacy/corpus && cp corpus/glossary.md /tmp/legacy/corpus/ && cd /tmp/legacy
    PYTHONPATH=<checkout of d21b4c7> HF_HUB_OFFLINE=1 python <this file>
    tar czf legacy-data-d21b4c7.tar.gz data corpus

It ingests corpus/glossary.md (5 chunks: Chroma, record_manager.sqlite, bm25.json,
ingest.lock) and stores one answer with two votes in feedback.sqlite. Not run by the tests.
"""

from pathlib import Path


def main() -> None:
    # the code of d21b4c7, not this checkout's (assistant.slack.store is gone since)
    from assistant.slack.store import FeedbackStore  # type: ignore[import-not-found]

    from assistant.answering.answer import Answer, Citation
    from assistant.factory import make_embeddings
    from assistant.settings import Settings
    from ingest.pipeline import run_ingestion

    settings = Settings(_env_file=None, data_dir=Path("data"), corpus_dir=Path("corpus"))
    print(run_ingestion(settings, embeddings=make_embeddings(settings)).summary())
    store = FeedbackStore(settings.feedback_path)
    answer = Answer(
        question="What is an EHCP?",
        text="An education, health and care plan [1].",
        citations=[Citation(number=1, doc_id="glossary", title="Glossary", chunk_id="glossary#1")],
    )
    answer_id = store.save_answer(answer, channel="CGENERAL")
    for user, vote in (("UALICE", "up"), ("UBOB", "down")):
        store.add_feedback(user_id=user, channel="CGENERAL", vote=vote, answer_id=answer_id,
                           answer=answer)  # fmt: skip
    print(answer_id, store.hash_user("UALICE"))


if __name__ == "__main__":
    main()
