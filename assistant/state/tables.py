"""The state database's one schema, for SQLite and PostgreSQL alike.

Times are seconds since the epoch (double precision): the same type on both databases, easy
to compare, and precise enough for the record manager's microsecond steps.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Double,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

SCHEMA_VERSION = 1

metadata = MetaData()

# name -> value: the schema version, the key behind user hashes, migration markers
state_meta = Table(
    "state_meta",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("value", Text, nullable=False),
)

# LangChain indexing records: which chunk hashes are in Chroma, and from which source file
index_records = Table(
    "index_records",
    metadata,
    Column("namespace", String(200), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("group_id", Text),
    Column("updated_at", Double, nullable=False),
    Index("index_records_group", "namespace", "group_id"),
    Index("index_records_time", "namespace", "updated_at"),
)

# bumped by every ingestion that changed a collection: serving processes rebuild BM25 then
index_generations = Table(
    "index_generations",
    metadata,
    Column("collection", String(200), primary_key=True),
    Column("generation", Integer, nullable=False),
    Column("changed_at", Double, nullable=False),
)

# one row per held lock (e.g. 'ingest:sendplan'); renewed by a heartbeat, taken over when expired
locks = Table(
    "locks",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("token", String(64), nullable=False),
    Column("host", String(255), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("acquired_at", Double, nullable=False),
    Column("expires_at", Double, nullable=False),
)

# 'event:<event_id>' and 'post:<channel>:<ts>': whoever inserts the row answers
event_claims = Table(
    "event_claims",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("claimed_at", Double, nullable=False),
    Column("expires_at", Double, nullable=False, index=True),
)

# threads the bot has answered in: only their replies are read as follow-ups
answered_threads = Table(
    "answered_threads",
    metadata,
    Column("channel", String(64), primary_key=True),
    Column("thread_ts", String(64), primary_key=True),
    Column("answered_at", Double, nullable=False),
)

# answers kept for their buttons (feedback, share), pruned after the retention period
answers = Table(
    "answers",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("created", Double, nullable=False, index=True),
    Column("channel", String(64), nullable=False),
    Column("answer_json", Text, nullable=False),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("time", String(40), nullable=False),
    Column("user_hash", String(64), nullable=False),
    Column("channel", String(64), nullable=False),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("cited_doc_ids", Text, nullable=False),  # JSON list
    Column("vote", String(8), nullable=False),
    Column("answer_id", String(64), nullable=False),
)

# every answered or refused question from a front end (Slack, ask, chat), for admins; kept
# SENDPLAN_HISTORY_DAYS. answer_id links a Slack answer to its feedback rows.
questions = Table(
    "questions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("asked_at", Double, nullable=False, index=True),
    Column("front_end", String(32), nullable=False),
    Column("channel_type", String(32), nullable=False),
    Column("question", Text, nullable=False),
    Column("refused", Boolean, nullable=False),
    Column("refusal_reason", String(64)),
    Column("cited_doc_ids", Text, nullable=False),  # JSON list
    Column("latency_ms", Integer, nullable=False),
    Column("user_hash", String(64), nullable=False),
    Column("answer_id", String(64), nullable=True, index=True),  # added after schema 1
)

# one row per finished ingestion: when, what it did, and the files it could not read
ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("collection", String(200), nullable=False),
    Column("finished_at", Double, nullable=False),
    Column("summary", Text, nullable=False),
    Column("failures", Text, nullable=False),  # JSON list of {"path", "reason"}
    Index("ingest_runs_latest", "collection", "finished_at"),
)

# one row per question a user asked, for the shared per-minute rate limit
question_times = Table(
    "question_times",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_hash", String(64), nullable=False),
    Column("asked_at", Double, nullable=False),
    Index("question_times_user", "user_hash", "asked_at"),
)

# what each indexed file was when last ingested: an ingestion skips a file whose content and
# set-up (sidecar metadata, chunking) are unchanged, before reading or parsing it
file_fingerprints = Table(
    "file_fingerprints",
    metadata,
    Column("namespace", String(200), primary_key=True),
    Column("source", String(1000), primary_key=True),
    Column("content_sha256", String(64), nullable=False),
    Column("setup_sha256", String(64), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("mtime_ns", String(24), nullable=False),  # beyond 64-bit float precision
    Column("ingested_at", Double, nullable=False),
)
