"""Withdrawn chunks leave the state database too.

Slack answers kept for their buttons (`answers`) and the copies feedback rows keep
(`feedback.answer`) can quote a chunk that an ingestion has since deleted (its file removed,
or edited so the chunk is gone). `forget_withdrawn(state, chunks)` replaces the text of each
such answer with WITHDRAWN_TEXT and empties the snippets of its withdrawn citations. The
question, the vote, the cited document ids and the times stay: the question is the asker's
words, not the document's. A feedback row whose answer has expired from `answers` (30 days)
is matched by its cited documents instead, when the withdrawn chunks' document ids are known
(from the embedded store's log; not for a Chroma server), so it is blanked when any chunk of a
document it cites was withdrawn.

`erase_free_pages(state)` then rewrites a SQLite state database (secure_delete, VACUUM, the
write-ahead log truncated), so no free page or old log frame keeps the replaced text.
PostgreSQL reclaims dead rows with its own VACUUM; it does not promise to overwrite them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping

from sqlalchemy import select, update

from assistant.answering.answer import Answer
from assistant.errors import PurgeError
from assistant.state.database import SQLITE_BUSY_SECONDS, StateDB
from assistant.state.tables import answers, feedback

WITHDRAWN_TEXT = "(This answer quoted a document that has since been withdrawn.)"


def forget_withdrawn(state: StateDB, chunks: Mapping[str, str]) -> int:
    """Blank stored answers that quote any of `chunks` (chunk id -> doc id, "" if unknown);
    how many rows (answers and feedback) were blanked."""
    if not chunks:
        return 0
    documents = {doc_id for doc_id in chunks.values() if doc_id}
    with state.begin() as conn:
        stored = {
            row.id: Answer.model_validate_json(row.answer_json)
            for row in conn.execute(select(answers.c.id, answers.c.answer_json))
        }
        quoting = {key for key, answer in stored.items() if _quotes(answer, chunks)}
        for key in quoting:
            blanked = _blanked(stored[key], chunks).model_dump_json()
            conn.execute(update(answers).where(answers.c.id == key).values(answer_json=blanked))
        votes = conn.execute(
            select(feedback.c.id, feedback.c.answer_id, feedback.c.cited_doc_ids).where(
                feedback.c.answer != WITHDRAWN_TEXT, feedback.c.answer != ""
            )
        ).all()
        blank = [
            row.id
            for row in votes
            if row.answer_id in quoting
            or (row.answer_id not in stored and documents & set(json.loads(row.cited_doc_ids)))
        ]
        if blank:
            conn.execute(
                update(feedback).where(feedback.c.id.in_(blank)).values(answer=WITHDRAWN_TEXT)
            )
    return len(quoting) + len(blank)


def erase_free_pages(state: StateDB) -> bool:
    """Rewrite a SQLite state database so deleted and replaced text leaves its file; False
    (nothing done) for PostgreSQL or an in-memory database."""
    from vectorstore.purge import compact

    path = state.sqlite_file
    if path is None or not path.is_file():
        return False
    conn = sqlite3.connect(path, isolation_level=None, timeout=SQLITE_BUSY_SECONDS)
    try:
        compact(conn)
    except sqlite3.Error as exc:
        raise PurgeError(
            f"Could not rewrite the state database {path} ({exc}). Run 'sendplan purge' "
            "again when no other sendplan process is writing to it."
        ) from None
    finally:
        conn.close()
    return True


def _quotes(answer: Answer, chunks: Mapping[str, str]) -> bool:
    return any(citation.chunk_id in chunks for citation in answer.citations)


def _blanked(answer: Answer, chunks: Mapping[str, str]) -> Answer:
    citations = [
        c.model_copy(update={"snippet": ""}) if c.chunk_id in chunks else c
        for c in answer.citations
    ]
    return answer.model_copy(update={"text": WITHDRAWN_TEXT, "citations": citations})
