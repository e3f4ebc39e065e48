"""Reaching under the use cases, for scenarios about the store itself: side tables, stored events."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from ledger.application import Ledger
from ledger.persistence.recorders import PostgresLedgerRecorder, SQLiteLedgerRecorder
from ledger.persistence.sql import PostgresTx, SQLiteTx, Tx

FIXTURES = Path(__file__).parent.parent / "fixtures"


def side_table(ledger: Ledger, table: str) -> set[tuple[Any, ...]]:
    """Every row of one of the ledger's side tables ("billables", "clients", ...).

    SQLite answers booleans as 0 and 1, which compare (and hash) equal to False and True.
    """
    return set(ledger.index._query(f"SELECT * FROM {{{table}}}", []))


@contextmanager
def transaction(ledger: Ledger) -> Iterator[Tx]:
    """A write transaction on the ledger's store, side tables named as the recorder names them."""
    recorder = ledger.recorder
    with recorder.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
        if isinstance(recorder, PostgresLedgerRecorder):
            yield PostgresTx(cursor, recorder.tables)
        else:
            assert isinstance(recorder, SQLiteLedgerRecorder)
            yield SQLiteTx(cursor, recorder.tables)


def stored_events(path: Path) -> list[StoredEvent]:
    """Stored events kept one per line as JSON: the state is the text the library stored."""
    events = []
    for line in path.read_text().splitlines():
        record = json.loads(line)
        events.append(
            StoredEvent(
                originator_id=UUID(record["originator_id"]),
                originator_version=record["originator_version"],
                topic=record["topic"],
                state=record["state"].encode(),
            )
        )
    return events
