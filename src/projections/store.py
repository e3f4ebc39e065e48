"""The read side's database: the same SQLite file or PostgreSQL schema as the event store.

Read models write plain SQL with `?` placeholders and portable types (TEXT, INTEGER, BIGINT);
this module adapts placeholders and parameters to the backend. Money is stored in integer
cents and quantities in ten-thousandths, so SUM is exact on both backends.
"""

import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Protocol
from urllib.parse import urlsplit
from uuid import UUID

import psycopg
from psycopg_pool import ConnectionPool

from ledger.config import Settings

# How long a query waits for a pooled connection before the database counts as away (503).
CONNECT_TIMEOUT_SECONDS = 2.0


def _as_text(value: Any) -> str:
    return str(value)


def _as_iso(value: date) -> str:
    return value.isoformat()


class _UUIDText(dict[UUID, str]):
    """The text of each UUID, worked out once: the same few ids recur in nearly every row."""

    def __missing__(self, uuid: UUID) -> str:
        if len(self) >= 100_000:
            self.clear()
        text = self[uuid] = str(uuid)
        return text


_uuid_text = _UUIDText()
# By exact type: this runs for every parameter of every row a rebuild writes.
ADAPTERS: dict[type, Any] = {
    bool: int,
    UUID: _uuid_text.__getitem__,
    Decimal: _as_text,
    date: _as_iso,
    datetime: _as_iso,
}
PLAIN = frozenset({str, int, float, type(None)})


def adapt(value: Any) -> Any:
    """A parameter as both backends store it: bools as 0/1, the rest of the domain as text."""
    kind = type(value)
    if kind in PLAIN:
        return value
    adapter = ADAPTERS.get(kind)
    if adapter is not None:
        return adapter(value)
    if isinstance(value, Enum):
        return value.value
    return _as_iso(value) if isinstance(value, date) else value


class Transaction(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> int: ...
    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...
    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None: ...
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...


class ReadStore(ABC):
    """Connections and transactions of the read side, on SQLite or PostgreSQL."""

    dialect: str
    # What reading a table that a rebuild has just dropped raises.
    missing_table: tuple[type[Exception], ...]

    @staticmethod
    def open(settings: Settings) -> "ReadStore":
        if settings.is_postgres:
            return PostgresReadStore(settings)
        return SQLiteReadStore(settings)

    @abstractmethod
    def transaction(self) -> Any:
        """A context manager yielding a `Transaction` that commits on success."""

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.transaction() as tx:
            return tx.query(sql, params)  # type: ignore[no-any-return]

    @abstractmethod
    def exclusive(self, name: str) -> Any:
        """A context manager yielding True while this process alone may run `name`."""

    @abstractmethod
    def close(self) -> None: ...


class _SQLiteTransaction:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self.conn.execute(sql, [adapt(p) for p in params]).rowcount

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(sql, [[adapt(p) for p in params] for params in rows])

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """New rows; one that exists already (a replayed creation) is skipped."""
        marks = ", ".join("?" for _ in columns)
        self.execute_many(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) ON CONFLICT DO NOTHING", rows
        )

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, [adapt(p) for p in params]).fetchall()


class SQLiteReadStore(ReadStore):
    dialect = "sqlite"
    missing_table = (sqlite3.OperationalError,)

    def __init__(self, settings: Settings) -> None:
        self.path = settings.database_url.removeprefix("sqlite:///")
        self.local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self.local, "conn", None)
        if conn is None:
            # Autocommit mode: transactions are begun explicitly, IMMEDIATE to take the write lock
            # up front rather than fail to upgrade a read lock halfway.
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            self.local.conn = conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[_SQLiteTransaction]:
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield _SQLiteTransaction(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return _SQLiteTransaction(self._connection()).query(sql, params)

    @contextmanager
    def exclusive(self, name: str) -> Iterator[bool]:
        # SQLite has one writer at a time; the guarded tracking update keeps workers exact.
        yield True

    def close(self) -> None:
        conn = getattr(self.local, "conn", None)
        if conn is not None:
            conn.close()
            self.local.conn = None


class _PostgresTransaction:
    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        cursor = self.conn.execute(sql.replace("?", "%s").encode(), [adapt(p) for p in params])
        return cursor.rowcount

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """New rows, by COPY: PostgreSQL's bulk path, several times faster than INSERTs.

        COPY has no ON CONFLICT, and needs none: rows are inserted by creation events, which are
        unique per aggregate, and a batch is applied exactly once."""
        with (
            self.conn.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row([adapt(p) for p in row])

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.conn.cursor() as cursor:
            cursor.executemany(
                sql.replace("?", "%s").encode(), [[adapt(p) for p in params] for params in rows]
            )

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self.conn.execute(sql.replace("?", "%s").encode(), [adapt(p) for p in params])
        return cursor.fetchall()


class PostgresReadStore(ReadStore):
    dialect = "postgres"
    missing_table = (psycopg.errors.UndefinedTable,)

    def __init__(self, settings: Settings) -> None:
        url = urlsplit(settings.database_url)
        self.conninfo = url._replace(query="").geturl()
        options = f"-c search_path={settings.database_schema}"
        self.pool = ConnectionPool(
            self.conninfo,
            kwargs={"options": options},
            min_size=1,
            max_size=max(2, settings.database_pool_size),
            # Checked when handed out: a connection broken by a server restart is replaced, not used.
            check=ConnectionPool.check_connection,
            timeout=CONNECT_TIMEOUT_SECONDS,
            open=True,
        )
        self.options = options
        # Advisory locks are per database, not per schema: the schema keeps two ledgers apart.
        self.lock_prefix = f"ledger-projection:{settings.database_schema}"

    @contextmanager
    def transaction(self) -> Iterator[_PostgresTransaction]:
        with self.pool.connection() as conn, conn.transaction():
            yield _PostgresTransaction(conn)

    @contextmanager
    def exclusive(self, name: str) -> Iterator[bool]:
        """Hold a session advisory lock on `name` for as long as the context lasts."""
        with psycopg.connect(self.conninfo, options=self.options, autocommit=True) as conn:
            key = conn.execute("SELECT hashtext(%s)", (f"{self.lock_prefix}:{name}",)).fetchone()
            locked = conn.execute("SELECT pg_try_advisory_lock(%s)", key).fetchone()
            yield bool(locked and locked[0])

    def close(self) -> None:
        self.pool.close()
