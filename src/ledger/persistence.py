"""Side tables written in the same transaction as the events they follow from.

The library's `_insert_events` hook runs inside the transaction that records events, so these
tables can never disagree with the event store:
- `ledger_billables`: the index of time entries and expenses an import selects candidates from,
  so that finding eligible entries never loads every entry of a workspace;
- `ledger_projects`: which client each project bills, to import "every project of the client";
- `ledger_invoice_numbers`: every number ever given, unique per workspace, never freed;
- `ledger_api_keys`: hashes of API keys (credentials are not domain facts, so not events).
Rows are derived from the aggregates a `save()` records (see `IndexRows.of`).
"""

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore
from eventsourcing.utils import retry
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from ledger.billable import Billable
from ledger.expense import Expense
from ledger.invoice import Invoice
from ledger.project import Project


@dataclass(frozen=True)
class ApiKeyRow:
    key_hash: str
    workspace_id: UUID
    member_id: UUID


@dataclass
class IndexRows:
    """What one `save()` writes to the side tables."""

    billables: list[tuple[Any, ...]] = field(default_factory=list)
    projects: list[tuple[str, str, str | None]] = field(default_factory=list)
    numbers: list[tuple[str, str, str]] = field(default_factory=list)
    api_keys: list[tuple[str, str, str]] = field(default_factory=list)

    @classmethod
    def of(cls, aggregates: Iterable[Aggregate], api_keys: Sequence[ApiKeyRow]) -> "IndexRows":
        rows = cls(api_keys=[(k.key_hash, str(k.workspace_id), str(k.member_id)) for k in api_keys])
        for aggregate in aggregates:
            if isinstance(aggregate, Billable):
                rows.billables.append(_billable_row(aggregate))
            elif isinstance(aggregate, Project):
                client_id = str(aggregate.client_id) if aggregate.client_id else None
                rows.projects.append((str(aggregate.id), str(aggregate.workspace_id), client_id))
            elif isinstance(aggregate, Invoice) and _numbers_it(aggregate):
                rows.numbers.append((str(aggregate.workspace_id), aggregate.number, str(aggregate.id)))
        # One row per id (an upsert may touch a row once per statement), in one order for every
        # writer, so concurrent upserts cannot deadlock.
        rows.billables = sorted({row[0]: row for row in rows.billables}.values())
        rows.projects = sorted({row[0]: row for row in rows.projects}.values())
        return rows


def _billable_row(entry: Billable) -> tuple[Any, ...]:
    kind = "expense" if isinstance(entry, Expense) else "time"
    return (
        str(entry.id),
        kind,
        str(entry.workspace_id),
        str(entry.project_id),
        entry.billing_day.isoformat(),
        entry.billable,
        entry.approved,
        entry.invoiced,
        entry.deleted,
    )


def _numbers_it(invoice: Invoice) -> bool:
    """Does this save give the invoice a number (at creation or by a change of details)?"""
    return any(
        isinstance(e, Invoice.InvoiceCreated)
        or (isinstance(e, Invoice.DetailsChanged) and "number" in e.changes)
        for e in invoice.pending_events
    )


TABLES = """
CREATE TABLE IF NOT EXISTS {billables} (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, workspace_id TEXT NOT NULL, project_id TEXT NOT NULL,
    day TEXT NOT NULL, billable BOOLEAN NOT NULL, approved BOOLEAN NOT NULL,
    invoiced BOOLEAN NOT NULL, deleted BOOLEAN NOT NULL);
CREATE INDEX IF NOT EXISTS {billables_index} ON {billables} (workspace_id, kind, project_id, day)
    WHERE billable AND NOT invoiced AND NOT deleted;
CREATE TABLE IF NOT EXISTS {projects} (
    id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, client_id TEXT);
CREATE TABLE IF NOT EXISTS {numbers} (
    workspace_id TEXT NOT NULL, number TEXT NOT NULL, invoice_id TEXT NOT NULL,
    PRIMARY KEY (workspace_id, number));
CREATE TABLE IF NOT EXISTS {api_keys} (
    key_hash TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, member_id TEXT NOT NULL)
"""


@dataclass(frozen=True)
class SideWrite:
    """Rows for one side table: `types` are the columns' SQL types, `conflict` what a clash does."""

    table: str
    types: tuple[str, ...]
    conflict: str = ""

    def sqlite(self, tables: dict[str, str]) -> str:
        marks = ", ".join("?" for _ in self.types)
        return f"INSERT INTO {tables[self.table]} VALUES ({marks}) {self.conflict}"

    def postgres(self, tables: dict[str, str]) -> str:
        """One statement for any number of rows: each column is sent as one array."""
        arrays = ", ".join(f"%s::{t}[]" for t in self.types)
        return f"INSERT INTO {tables[self.table]} SELECT * FROM unnest({arrays}) {self.conflict}"


BILLABLES = SideWrite(
    "billables",
    ("text", "text", "text", "text", "text", "boolean", "boolean", "boolean", "boolean"),
    "ON CONFLICT (id) DO UPDATE SET project_id = excluded.project_id, day = excluded.day, "
    "billable = excluded.billable, approved = excluded.approved, invoiced = excluded.invoiced, "
    "deleted = excluded.deleted",
)
PROJECTS = SideWrite(
    "projects", ("text", "text", "text"), "ON CONFLICT (id) DO UPDATE SET client_id = excluded.client_id"
)
NUMBERS = SideWrite("numbers", ("text", "text", "text"))
API_KEYS = SideWrite("api_keys", ("text", "text", "text"))
SELECT_ELIGIBLE = """
SELECT id FROM {billables} WHERE workspace_id = ? AND kind = ? AND project_id IN ({project_params})
    AND day BETWEEN ? AND ? AND billable AND NOT invoiced AND NOT deleted AND (approved OR ?)
ORDER BY day, id
"""
SELECT_CLIENT_PROJECTS = "SELECT id FROM {projects} WHERE workspace_id = ? AND client_id = ? ORDER BY id"
SELECT_NUMBER = "SELECT invoice_id FROM {numbers} WHERE workspace_id = ? AND number = ?"
SELECT_API_KEY = "SELECT workspace_id, member_id FROM {api_keys} WHERE key_hash = ?"


class LedgerIndex(ABC):
    """Queries of the side tables, the same on both backends but for placeholders and names."""

    placeholder = "?"

    @abstractmethod
    def _table_names(self) -> dict[str, str]:
        """Logical table name -> the backend's name for it."""

    @abstractmethod
    def _query(self, sql: str, params: Sequence[Any]) -> list[Any]:
        """Rows of a read-only query."""

    def _sql(self, template: str, **extra: str) -> str:
        sql = template.format(**self._table_names(), **extra)
        return sql.replace("?", self.placeholder)

    def eligible_ids(
        self,
        workspace_id: UUID,
        kind: str,
        project_ids: Sequence[UUID],
        date_from: date,
        date_to: date,
        approved_only: bool,
    ) -> list[UUID]:
        """Candidates for an import; the caller re-checks each on its aggregate."""
        if not project_ids:
            return []
        projects = ", ".join("?" for _ in project_ids)
        params: list[Any] = [str(workspace_id), kind, *map(str, project_ids)]
        params += [date_from.isoformat(), date_to.isoformat(), not approved_only]
        rows = self._query(self._sql(SELECT_ELIGIBLE, project_params=projects), params)
        return [UUID(row[0]) for row in rows]

    def project_ids_of_client(self, workspace_id: UUID, client_id: UUID) -> list[UUID]:
        rows = self._query(self._sql(SELECT_CLIENT_PROJECTS), [str(workspace_id), str(client_id)])
        return [UUID(row[0]) for row in rows]

    def invoice_with_number(self, workspace_id: UUID, number: str) -> UUID | None:
        rows = self._query(self._sql(SELECT_NUMBER), [str(workspace_id), number])
        return UUID(rows[0][0]) if rows else None

    def api_key_owner(self, key_hash: str) -> tuple[UUID, UUID] | None:
        """(workspace id, member id) of the key with this hash, if any."""
        rows = self._query(self._sql(SELECT_API_KEY), [key_hash])
        return (UUID(rows[0][0]), UUID(rows[0][1])) if rows else None

    def _side_writes(self, rows: IndexRows) -> list[tuple[SideWrite, list[tuple[Any, ...]]]]:
        return [
            (BILLABLES, rows.billables),
            (PROJECTS, rows.projects),
            (NUMBERS, rows.numbers),
            (API_KEYS, rows.api_keys),
        ]


class SQLiteLedgerRecorder(LedgerIndex, SQLiteApplicationRecorder):
    datastore: SQLiteDatastore

    def _table_names(self) -> dict[str, str]:
        return {
            "billables": "ledger_billables",
            "billables_index": "ledger_billables_eligible",
            "projects": "ledger_projects",
            "numbers": "ledger_invoice_numbers",
            "api_keys": "ledger_api_keys",
        }

    def construct_create_table_statements(self) -> list[str]:
        tables = TABLES.format(**self._table_names()).split(";")
        return [*super().construct_create_table_statements(), *tables]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        index: IndexRows | None = kwargs.get("index")
        if index is not None:
            for write, rows in self._side_writes(index):
                if rows:
                    c.executemany(write.sqlite(self._table_names()), rows)
        return super()._insert_events(c, stored_events, **kwargs)

    def _query(self, sql: str, params: Sequence[Any]) -> list[Any]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(sql, params)
            return list(c.fetchall())


class PostgresLedgerRecorder(LedgerIndex, PostgresApplicationRecorder):
    """The library's recorder, with the side tables in its transaction and no pipeline mode.

    The library sends a save as one psycopg pipeline. With a large save (an import of 11,000
    entries: thousands of side-table rows and a multi-megabyte events array) that pipeline
    deadlocks: the client waits for results while the server waits for the rest of the input
    (psycopg issue #685), with the events table locked until the process dies. Here a save is a
    plain transaction of a handful of statements, each side table written as column arrays in
    one statement, so its size no longer matters. The events table is locked first: every
    writer takes that lock anyway, so taking it before any side-table row lock means two saves
    can never hold each other's locks (no deadlock between an upsert and the table lock).
    """

    datastore: PostgresDatastore
    placeholder = "%s"

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        for statement in TABLES.format(**self._table_names()).split(";"):
            self.sql_create_statements.append(SQL(statement))  # type: ignore[arg-type]

    def _table_names(self) -> dict[str, str]:
        schema = Identifier(self.datastore.schema).as_string()
        return {
            "billables": f"{schema}.ledger_billables",
            "billables_index": "ledger_billables_eligible",
            "projects": f"{schema}.ledger_projects",
            "numbers": f"{schema}.ledger_invoice_numbers",
            "api_keys": f"{schema}.ledger_api_keys",
        }

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        with self.datastore.transaction(commit=True) as curs:
            self._lock_table(curs)
            self._insert_events(curs, stored_events, **kwargs)
            if not stored_events:
                return []
            self._notify_channel(curs)
            PostgresAggregateRecorder._insert_stored_events(self, curs, stored_events)
            return self._fetch_ids_after_insert_events(curs, stored_events)

    def _insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        index: IndexRows | None = kwargs.get("index")
        if index is not None:
            for write, rows in self._side_writes(index):
                if rows:
                    columns = [list(column) for column in zip(*rows, strict=True)]
                    curs.execute(write.postgres(self._table_names()).encode(), columns)

    def _query(self, sql: str, params: Sequence[Any]) -> list[Any]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(sql.encode(), params)
            return [list(row.values()) for row in curs.fetchall()]
