"""The floors an import is measured against: the library's and the driver's own cost of the same events.

A plain `eventsourcing` `Application` (stock recorders, no side tables) stores exactly the
events an import of the same size reads and writes: the entries' and expenses' creation events,
then one `Invoiced` event on each. The driver floor writes the same stored events' rows with
`executemany` (SQLite) or `COPY` (PostgreSQL), in one transaction, into a table keyed like the
events table. Each run uses its own fixed ids.
"""

import sqlite3
import time
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID, uuid5

import data
import product
import psycopg
from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder, StoredEvent
from harness import Env, Recorder

SAVE_NEW = "floor: library save() of new aggregates"
SAVE_ONE_MORE = "floor: library save() of 1 more event each"
GET_EACH = "floor: library repository.get of each"


class Floor(Application[UUID]):
    """The library's application, storing the ledger's events (hence its transcodings)."""

    name = "Floor"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        product.register_transcodings(transcoder)


def open_floor(env: Env) -> Floor:
    config = product.library_env(env.settings)
    if not env.is_postgres:
        # The library's SQLite tables have fixed names: the floor keeps a file of its own.
        config["SQLITE_DBNAME"] = str(env.path / "floor.db")
    return Floor(env=config)


def raw_label(env: Env) -> str:
    return f"floor: driver {'COPY' if env.is_postgres else 'executemany'} of the same rows"


class RawTable:
    """A table shaped like the events table (its key included), new for every run."""

    def __init__(self, env: Env) -> None:
        self.env = env

    def insert(self, run: int, rows: Sequence[StoredEvent]) -> float:
        """Seconds to write `rows` in one transaction (the table is created before the clock starts)."""
        table = f"floor_raw_{run}"
        key = "PRIMARY KEY (originator_id, originator_version)"
        if self.env.is_postgres:
            with psycopg.connect(self.env.database_url, autocommit=True) as conn:
                name = f'"{self.env.schema}".{table}'
                conn.execute(
                    f"CREATE TABLE {name} (originator_id uuid, originator_version integer, "
                    f"topic text, state bytea, {key})"
                )
                started = time.perf_counter()
                with conn.transaction(), conn.cursor().copy(f"COPY {name} FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row((row.originator_id, row.originator_version, row.topic, row.state))
                return time.perf_counter() - started
        with sqlite3.connect(self.env.path / "floor.db", isolation_level=None) as conn:
            conn.execute(
                f"CREATE TABLE {table} (originator_id TEXT, originator_version INTEGER, "
                f"topic TEXT, state BLOB, {key})"
            )
            started = time.perf_counter()
            conn.execute("BEGIN")
            conn.executemany(
                f"INSERT INTO {table} VALUES (?, ?, ?, ?)",
                [(str(r.originator_id), r.originator_version, r.topic, r.state) for r in rows],
            )
            conn.execute("COMMIT")
            return time.perf_counter() - started


def _clock(action: Callable[..., object], *args: Any) -> float:
    started = time.perf_counter()
    action(*args)
    return time.perf_counter() - started


def _get_each(floor: Floor, aggregates: Sequence[product.Billable]) -> None:
    for aggregate in aggregates:
        floor.repository.get(aggregate.id)


def measure(env: Env, rec: Recorder, entries: int, expenses: int) -> None:
    """The four floors, each run on new aggregates of its own (run 0 warms up)."""
    floor, raw = open_floor(env), RawTable(env)
    # Fixed ids for the workspace, owner, client, project, category and invoice the events name.
    fixed = [str(i) for i in data.ids("floor", 6)]
    ws = product.Workspace(fixed[0], fixed[1], "", *fixed[2:])
    times: dict[str, list[float]] = {SAVE_NEW: [], GET_EACH: [], SAVE_ONE_MORE: [], raw_label(env): []}
    try:
        for run in range(env.runs + 1):
            aggregates: list[product.Billable] = [
                *product.time_entries(ws, data.ids(f"floor:{run}:entry", entries)),
                *product.expenses(ws, data.ids(f"floor:{run}:expense", expenses)),
            ]
            stored = [floor.mapper.to_stored_event(e) for a in aggregates for e in a.pending_events]
            figures = {SAVE_NEW: _clock(floor.save, *aggregates)}
            figures[GET_EACH] = _clock(_get_each, floor, aggregates)
            invoice_id = uuid5(data.NAMESPACE, f"floor:{run}:invoice")
            product.bill(aggregates, ws, invoice_id, uuid5(invoice_id, "import"))
            figures[SAVE_ONE_MORE] = _clock(floor.save, *aggregates)
            figures[raw_label(env)] = raw.insert(run, stored)
            if run:
                for label, seconds in figures.items():
                    times[label].append(seconds)
    finally:
        floor.close()
    for label, runs in times.items():
        row = rec.add(label, "s", runs)
        if env.is_postgres and label != raw_label(env):
            row.extra["note"] = "the stock recorder's statements without its pipeline (psycopg #685)"
