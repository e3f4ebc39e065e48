"""The library's recorders, with the side tables written inside their transactions."""

import json
from collections.abc import Sequence
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore
from eventsourcing.utils import retry
from psycopg import Cursor
from psycopg.rows import DictRow, tuple_row
from psycopg.sql import SQL, Identifier

from ledger.audit import names as audit
from ledger.persistence import answers
from ledger.persistence.index import LedgerIndex
from ledger.persistence.migrations import Decode, migrate
from ledger.persistence.side_tables import INDEX_NAMES, TABLE_NAMES, TABLES
from ledger.persistence.sql import PostgresTx, SideWriter, SQLiteTx, Tx

# Events per INSERT statement of a save (one transaction still, the events table locked).
CHUNK = 2_000


def _write_sides(tx: Tx, kwargs: dict[str, Any]) -> None:
    """Run the side writers a save passed (`save(..., side_writers=[...])`), in order."""
    writers: Sequence[SideWriter] = kwargs.get("side_writers", ())
    for writer in writers:
        writer.write(tx)


# A write that changes nothing, to take SQLite's write lock before anything is read. The library
# begins a deferred transaction: had it read first, it could not start writing once another
# connection had written meanwhile (SQLITE_BUSY at once, without waiting for the lock timeout).
SQLITE_WRITE_LOCK = "DELETE FROM {api_keys} WHERE 0"


class SQLiteLedgerRecorder(LedgerIndex, SQLiteApplicationRecorder):
    datastore: SQLiteDatastore
    tables: ClassVar[dict[str, str]] = {
        **{name: f"ledger_{name}" for name in (*TABLE_NAMES, *audit.TABLE_NAMES)},
        **INDEX_NAMES,
        **audit.INDEX_NAMES,
        **answers.INDEX_NAMES,
    }

    def construct_create_table_statements(self) -> list[str]:
        statements = (TABLES + ";" + answers.TABLE).format(**self.tables).split(";")
        return [*super().construct_create_table_statements(), *statements]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # The side writers read (reference checks), so the write lock is taken first (one writer at
        # a time, waiting its turn): they then see every committed save and no concurrent one.
        tx = SQLiteTx(c, self.tables)
        tx.execute(SQLITE_WRITE_LOCK)
        _write_sides(tx, kwargs)
        return super()._insert_events(c, stored_events, **kwargs)

    def _query(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with self.datastore.transaction(commit=False) as c:
            return SQLiteTx(c, self.tables).query(sql, params)

    def select_events_of(self, originator_ids: Sequence[UUID]) -> list[StoredEvent]:
        # One JSON array parameter, whatever the number of ids (SQLite limits bound parameters).
        sql = (
            f"SELECT originator_id, originator_version, topic, state FROM {self.events_table_name} "
            "WHERE originator_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY originator_id, originator_version"
        )
        ids = json.dumps([originator_id.hex for originator_id in originator_ids])
        with self.datastore.transaction(commit=False) as c:
            c.execute(sql, (ids,))
            # Ids stay hex text: the mapper makes each event's UUID, as for `select_events`.
            return [StoredEvent(row[0], row[1], row[2], row[3]) for row in c.fetchall()]

    def _execute(self, sql: str, params: Sequence[Any]) -> None:
        with self.datastore.transaction(commit=True) as c:
            SQLiteTx(c, self.tables).execute(sql, params)

    def migrate(self, decode: Decode) -> None:
        """Bring the side tables up to date with this version of the ledger (see `migrations`)."""
        with self.datastore.transaction(commit=True) as c:
            tx = SQLiteTx(c, self.tables)
            tx.execute(SQLITE_WRITE_LOCK)
            migrate(tx, self.events_table_name, decode)


# A request that meets a lost connection is retried briefly (a pooled connection the server
# dropped is replaced at once), then answered 503: the library's own 10 attempts, each waiting
# for a connection, would hold a request for most of a minute while the database is away.
RETRIES = 3
RETRY_WAIT = 0.2


class PostgresLedgerRecorder(LedgerIndex, PostgresApplicationRecorder):
    """The library's recorder, with the side tables in its transaction and no pipeline mode.

    The library sends a save as one psycopg pipeline. With a large save (an import of 11,000
    entries: thousands of side-table rows and a multi-megabyte events array) that pipeline
    deadlocks: the client waits for results while the server waits for the rest of the input
    (psycopg issue #685), with the events table locked until the process dies. Here a save is a
    plain transaction of a handful of statements, each side table written as column arrays in
    one statement, so its size no longer matters. The events table is locked first: every
    writer takes that lock anyway, so taking it before any side-table row lock means two saves
    can never hold each other's locks, and the side tables' reference checks see every committed
    save and no concurrent one.
    """

    datastore: PostgresDatastore

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        schema = Identifier(datastore.schema).as_string()
        # Index names are never schema-qualified: an index lives in its table's schema.
        self.tables = {
            **{name: f"{schema}.ledger_{name}" for name in (*TABLE_NAMES, *audit.TABLE_NAMES)},
            **INDEX_NAMES,
            **audit.INDEX_NAMES,
            **answers.INDEX_NAMES,
        }
        for statement in (TABLES + ";" + answers.TABLE).format(**self.tables).split(";"):
            self.sql_create_statements.append(SQL(statement))  # type: ignore[arg-type]
        events = Identifier(datastore.schema, self.events_table_name)
        id_type = SQL(datastore.originator_id_type)
        self.insert_columns_statement = SQL(
            "INSERT INTO {events} (originator_id, originator_version, topic, state) "
            "SELECT * FROM unnest(%s::{id_type}[], %s::bigint[], %s::text[], %s::bytea[]) "
            "RETURNING notification_id"
        ).format(events=events, id_type=id_type)
        self.select_events_of_statement = SQL(
            "SELECT originator_id, originator_version, topic, state FROM {events} "
            "WHERE originator_id = ANY(%s::{id_type}[]) ORDER BY originator_id, originator_version"
        ).format(events=events, id_type=id_type)

    @retry((InterfaceError, OperationalError), max_attempts=RETRIES, wait=RETRY_WAIT)
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        with self.datastore.transaction(commit=True) as curs:
            self._lock_table(curs)
            self._insert_events(curs, stored_events, **kwargs)
            if not stored_events:
                return []
            self._notify_channel(curs)
            return self._insert_columns(curs, stored_events)

    def _insert_columns(self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent]) -> list[int]:
        """The events as four column arrays, dumped by the driver in C: the library's one array of
        composite values is dumped in Python, value by value (1.5 s of an import of 11,000).
        Their notification ids, in order, read as plain tuples (no dict per row).

        In statements of `CHUNK` events: libpq keeps a connection's send buffer as large as the
        largest statement it sent, so one statement of 50,000 events left every pooled connection
        holding tens of megabytes (peak RSS 750 MB after a few imports of 50,000 entries).
        """
        notification_ids: list[int] = []
        with curs.connection.cursor(row_factory=tuple_row) as ids:
            for start in range(0, len(stored_events), CHUNK):
                chunk = stored_events[start : start + CHUNK]
                columns = (
                    [e.originator_id for e in chunk],
                    [e.originator_version for e in chunk],
                    [e.topic for e in chunk],
                    [e.state for e in chunk],
                )
                ids.execute(self.insert_columns_statement, columns)
                notification_ids += [row[0] for row in ids.fetchall()]
        return notification_ids

    @retry((InterfaceError, OperationalError), max_attempts=RETRIES, wait=RETRY_WAIT)
    def select_events_of(self, originator_ids: Sequence[UUID]) -> list[StoredEvent]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self.select_events_of_statement, (list(originator_ids),))
            return [
                StoredEvent(r["originator_id"], r["originator_version"], r["topic"], bytes(r["state"]))
                for r in curs.fetchall()
            ]

    @retry((InterfaceError, OperationalError), max_attempts=RETRIES, wait=RETRY_WAIT)
    def select_events(self, *args: Any, **kwargs: Any) -> Any:
        return PostgresAggregateRecorder.select_events.__wrapped__(self, *args, **kwargs)

    def _insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        _write_sides(PostgresTx(curs, self.tables), kwargs)

    def _query(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            return PostgresTx(curs, self.tables).query(sql, params)

    def _execute(self, sql: str, params: Sequence[Any]) -> None:
        with self.datastore.transaction(commit=True) as curs:
            PostgresTx(curs, self.tables).execute(sql, params)

    def migrate(self, decode: Decode) -> None:
        """Bring the side tables up to date with this version of the ledger (see `migrations`)."""
        with self.datastore.transaction(commit=True) as curs:
            self._lock_table(curs)
            events = Identifier(self.datastore.schema, self.events_table_name).as_string()
            migrate(PostgresTx(curs, self.tables), events, decode)
