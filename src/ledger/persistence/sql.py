"""One way to run SQL inside a save's transaction, on SQLite and PostgreSQL alike.

Side-table SQL is written once, with `?` placeholders and `{table}` names; `Tx` adapts both to
the backend, and sends many rows as one statement (column arrays on PostgreSQL).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from eventsourcing.sqlite import SQLiteCursor
from psycopg import Cursor
from psycopg.rows import DictRow

# Rows per statement of a side-table write.
CHUNK = 5_000


@dataclass(frozen=True)
class SideWrite:
    """Rows for one side table: `types` are the columns' SQL types, `conflict` what a clash does."""

    table: str
    types: tuple[str, ...]
    conflict: str = ""


class Tx(Protocol):
    """A transaction the side tables are written and checked in."""

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...
    def write(self, write: SideWrite, rows: Sequence[tuple[Any, ...]]) -> None: ...


class SideWriter(Protocol):
    """Something a save writes in its own transaction, after the events table is locked."""

    def write(self, tx: Tx) -> None: ...


class SQLiteTx:
    def __init__(self, cursor: SQLiteCursor, tables: dict[str, str]) -> None:
        self.cursor = cursor
        self.tables = tables

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.cursor.execute(sql.format(**self.tables), params)
        return [tuple(row) for row in self.cursor.fetchall()]

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.cursor.execute(sql.format(**self.tables), params)

    def write(self, write: SideWrite, rows: Sequence[tuple[Any, ...]]) -> None:
        marks = ", ".join("?" for _ in write.types)
        sql = f"INSERT INTO {self.tables[write.table]} VALUES ({marks}) {write.conflict}"
        self.cursor.executemany(sql, rows)


class PostgresTx:
    def __init__(self, cursor: Cursor[DictRow], tables: dict[str, str]) -> None:
        self.cursor = cursor
        self.tables = tables

    def _sql(self, sql: str) -> bytes:
        return sql.format(**self.tables).replace("?", "%s").encode()

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.cursor.execute(self._sql(sql), params)
        return [tuple(row.values()) for row in self.cursor.fetchall()]

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.cursor.execute(self._sql(sql), params)

    def write(self, write: SideWrite, rows: Sequence[tuple[Any, ...]]) -> None:
        """Any number of rows, each column sent as one array, in statements of `CHUNK` rows (libpq
        keeps a connection's send buffer as large as the largest statement it ever sent)."""
        arrays = ", ".join(f"%s::{t}[]" for t in write.types)
        sql = f"INSERT INTO {self.tables[write.table]} SELECT * FROM unnest({arrays}) {write.conflict}"
        for start in range(0, len(rows), CHUNK):
            columns = [list(column) for column in zip(*rows[start : start + CHUNK], strict=True)]
            self.cursor.execute(sql.encode(), columns)
