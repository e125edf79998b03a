"""Errors raised by the assistant.

Every message says what to do next. Errors become user text only at the boundary (the CLI
prints them; the Slack handlers log them and post a friendly reply).

AssistantError
 ├── ConfigError        a setting is missing or wrong
 ├── QuestionError      the question is empty or too long
 ├── IngestError        ingestion could not run (not: one bad file, which is reported and skipped)
 │    ├── IngestLockedError   another ingestion holds the lock
 │    └── SourceError         a source cannot be added or removed (missing, overlapping, unknown)
 ├── LoaderError        one file could not be parsed
 ├── RetrievalError     the index is missing or unreachable
 ├── StateError         the state database (SENDPLAN_STATE_URL) cannot be used
 │    └── MissingStateError   its SQLite file does not exist yet (nothing was recorded)
 ├── PurgeError         deleted chunks' text could not be erased from a store's files
 └── ProviderError      the configured LLM provider failed
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base class for every error this project raises on purpose."""


class ConfigError(AssistantError):
    """A setting is missing or invalid."""


class QuestionError(AssistantError):
    """The question cannot be answered as asked (empty, too long)."""


class IngestError(AssistantError):
    """Ingestion as a whole could not run."""


class IngestLockedError(IngestError):
    """Another ingestion of the same collection is running (on any host)."""


class SourceError(IngestError):
    """A folder or file cannot be registered as a source, or removed (`sendplan sources`)."""


class LoaderError(AssistantError):
    """One file could not be parsed into text."""


class RetrievalError(AssistantError):
    """The index cannot be searched."""


class StateError(AssistantError):
    """The state database cannot be reached, or holds a schema this version cannot use."""


class MissingStateError(StateError):
    """The SQLite state database does not exist yet; a read-only command does not create it."""


class PurgeError(AssistantError):
    """A Chroma store's or the state database's files could not be purged of deleted text."""


class ProviderError(AssistantError):
    """The LLM provider failed (auth, rate limit, timeout, connection, server error)."""

    def __init__(self, message: str, *, provider: str = "", kind: str = "error") -> None:
        super().__init__(message)
        self.provider = provider
        self.kind = kind
