"""Shared state of every sendplan process: one database, SQLite by default, PostgreSQL when
several hosts share it (SENDPLAN_STATE_URL).

`database` (engine, schema, dialect-specific inserts), `tables` (the one schema), `locks`
(the ingest lock), `claims` (Slack event claims, answered threads), `feedback` (answers kept
for buttons, votes), `questions` (the question log), `ratelimit`, `index_state` (index
generations), `users` (keyed user hashes), `migration` (files of older data dirs). LangChain's
record manager over it is vectorstore/records.py.
"""

from assistant.state.database import StateDB, open_state

__all__ = ["StateDB", "open_state"]
