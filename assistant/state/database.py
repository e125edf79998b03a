"""The state database: one SQLAlchemy engine, SQLite (default) or PostgreSQL, one schema.

SQLite gets WAL (readers never wait for the writer), a busy timeout and `BEGIN IMMEDIATE`
(a transaction takes the write lock up front, so two writers queue instead of one failing
half way). PostgreSQL goes through psycopg 3; `postgresql://` URLs are given that driver.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event, inspect, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from assistant.errors import MissingStateError, StateError
from assistant.settings import Settings
from assistant.state.tables import SCHEMA_VERSION, metadata, state_meta

log = logging.getLogger(__name__)

SQLITE_BUSY_SECONDS = 30
WAL_TRIES = 20  # about 4 s in all
_SCHEMA_LOCK = 8_271_901  # PostgreSQL advisory lock: one process creates the schema at a time


def database_url(raw: str) -> URL:
    """The SQLAlchemy URL for a setting: postgresql:// and postgres:// use psycopg 3."""
    try:
        url = make_url(raw)
    except ArgumentError:
        raise StateError(
            "SENDPLAN_STATE_URL is not a database URL. Use sqlite:///path/state.sqlite or "
            "postgresql://user:password@host:5432/database."
        ) from None
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise StateError(
            f"SENDPLAN_STATE_URL uses {url.get_backend_name()!r}; the state database must be "
            "sqlite:///... or postgresql://..."
        )
    return url


class StateDB:
    """The shared state of every sendplan process that uses the same URL."""

    def __init__(self, url: str | URL) -> None:
        self.url = url if isinstance(url, URL) else database_url(url)
        self.engine = _make_engine(self.url)

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()

    def describe(self) -> str:
        """The URL for messages and logs: never with its password."""
        return self.url.render_as_string(hide_password=True)

    @property
    def sqlite_file(self) -> Path | None:
        """The SQLite database file; None for PostgreSQL or an in-memory database."""
        database = self.url.database
        if self.dialect != "sqlite" or not database or database == ":memory:":
            return None
        return Path(database)

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One transaction, committed on success; unreachable databases become StateError."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except DBAPIError as exc:
            if not exc.connection_invalidated and not _is_connection_error(exc):
                raise
            raise StateError(
                f"The state database {self.describe()} could not be used "
                f"({_first_line(exc.orig)}). Check SENDPLAN_STATE_URL and that the database "
                "is running and reachable from this host."
            ) from None

    def create_schema(self) -> None:
        """Create missing tables and record the schema version (safe to run concurrently)."""
        with self.begin() as conn:
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
            metadata.create_all(conn)
            _add_missing_columns(conn)
            self.insert_ignore(
                conn, state_meta, {"name": "schema_version", "value": str(SCHEMA_VERSION)}
            )
            found = conn.scalar(
                select(state_meta.c.value).where(state_meta.c.name == "schema_version")
            )
        if int(found or 0) > SCHEMA_VERSION:
            raise StateError(
                f"The state database {self.describe()} has schema version {found}, newer than "
                f"this sendplan understands ({SCHEMA_VERSION}). Upgrade sendplan on this host."
            )

    def insert_ignore(self, conn: Connection, table: Table, values: dict[str, Any]) -> bool:
        """INSERT ... ON CONFLICT DO NOTHING; True when this call inserted the row."""
        statement = self._insert(table).values(**values).on_conflict_do_nothing()
        # SQLAlchemy keeps an INSERT's rowcount only when asked to
        result = conn.execute(statement, execution_options={"preserve_rowcount": True})
        return result.rowcount == 1

    def insert_ignore_many(
        self, conn: Connection, table: Table, rows: Sequence[dict[str, Any]]
    ) -> None:
        """insert_ignore for many rows in one executemany."""
        if rows:
            conn.execute(self._insert(table).on_conflict_do_nothing(), list(rows))

    def upsert_statement(self, table: Table, keys: Sequence[str]) -> Any:
        """INSERT ... ON CONFLICT (keys) DO UPDATE of every other column, for executemany."""
        statement = self._insert(table)
        changed = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
        return statement.on_conflict_do_update(index_elements=list(keys), set_=changed)

    def _insert(self, table: Table) -> Any:
        # the dialects' own inserts: both spell ON CONFLICT the same way
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    def now(self, conn: Connection | None = None) -> float:
        """Seconds since the epoch by the database's clock on PostgreSQL (hosts' clocks may
        differ; the database's is the one all of them share), by this host's on SQLite."""
        if self.dialect != "postgresql":
            return time.time()
        query = text("SELECT EXTRACT(EPOCH FROM clock_timestamp())")
        if conn is not None:
            return float(conn.scalar(query))
        with self.begin() as own:
            return float(own.scalar(query))

    def ping(self) -> None:
        """SELECT 1, or StateError saying what to check."""
        try:
            with self.begin() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:  # anything begin() did not already explain
            raise StateError(
                f"The state database {self.describe()} did not answer ({type(exc).__name__})."
            ) from None

    def close(self) -> None:
        self.engine.dispose()


def open_state(settings: Settings, *, migrate: bool = True, create: bool = True) -> StateDB:
    """The state database for these settings, schema created, old data-dir files imported.

    `create=False` (read-only commands): a SQLite file that does not exist yet is a
    StateError saying what to run, and no folder or file is made."""
    state = StateDB(settings.state_database_url)
    if (path := state.sqlite_file) is not None:
        if not create and not path.is_file():
            state.close()
            raise MissingStateError(missing_state_message(path))
        path.parent.mkdir(parents=True, exist_ok=True)
    state.create_schema()
    if migrate:
        from assistant.state.migration import migrate_data_dir

        migrate_data_dir(state, settings)
    return state


def missing_state_message(path: Path) -> str:
    return (
        f"No state database at {path}. Run 'sendplan ingest' first (it creates the index and "
        "the state database), or point SENDPLAN_HOME, SENDPLAN_DATA_DIR or SENDPLAN_STATE_URL "
        "at the one you use."
    )


def _add_missing_columns(conn: Connection) -> None:
    """Nullable columns added to a table after its database was made (ALTER TABLE ... ADD
    COLUMN, with their indexes). Such additions keep older sendplans working on the same
    database, so they do not change the schema version."""
    inspector = inspect(conn)
    for table in metadata.sorted_tables:
        present = {c["name"] for c in inspector.get_columns(table.name)}
        added = [c for c in table.columns if c.name not in present and c.nullable]
        for column in added:
            kind = column.type.compile(dialect=conn.dialect)
            conn.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {column.name} {kind}"))
            log.info("Added column %s.%s to the state database", table.name, column.name)
        names = {c.name for c in added}
        for index in table.indexes:
            if names & {c.name for c in index.columns}:
                index.create(conn, checkfirst=True)


def _make_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # several answering threads per process; pre_ping survives a database restart
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    _use_wal(cursor)
    cursor.close()


def _use_wal(cursor: Any) -> None:
    """WAL mode (it stays with the file). Switching a new file to it is not covered by the
    busy timeout: a connection doing so while another one does gets 'database is locked' at
    once, so it tries again (processes starting together on a fresh data dir)."""
    for attempt in range(WAL_TRIES):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == WAL_TRIES - 1:
                raise
            time.sleep(0.02 * (attempt + 1))


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _is_connection_error(exc: DBAPIError) -> bool:
    return type(exc.orig).__name__ in ("OperationalError", "InterfaceError")


def _first_line(error: BaseException | None) -> str:
    return (str(error).strip().splitlines() or ["no detail"])[0]
