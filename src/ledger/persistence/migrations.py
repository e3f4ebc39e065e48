"""Bringing an older store's side tables up to date, once, from its own events.

Side tables are derived from events, so a new one (or a new column) is filled by replaying the
events it follows. Each migration runs in one transaction with the events table locked (no save
can slip between reading the events and writing the rows) and records the schema version it
reached, so it runs once even when several processes start together.
"""

from collections.abc import Callable, Iterator
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from ledger.client import Client
from ledger.invoice import Invoice
from ledger.persistence.side_tables import CLIENTS, INVOICES, PROJECTS, TABLES
from ledger.persistence.sql import SideWrite, Tx
from ledger.project import Project
from ledger.values import UNSET

LATEST = 2
VERSION_TABLE = "CREATE TABLE IF NOT EXISTS {schema_version} (version INTEGER NOT NULL)"
# Numbers already in the table stay as they are: a number, once given, is never given again.
NUMBERS_GIVEN = SideWrite("numbers", ("text", "text", "text"), "ON CONFLICT DO NOTHING")
Decode = Callable[[StoredEvent], Any]


def migrate(tx: Tx, events_table: str, decode: Decode) -> None:
    """Run the migrations this store has not had yet (`tx` holds the events table's lock)."""
    tx.execute(VERSION_TABLE)
    rows = tx.query("SELECT version FROM {schema_version}")
    if rows:
        version = int(rows[0][0])
    else:
        # A store without a version is either new (nothing to migrate) or from before versions.
        has_events = tx.query(f"SELECT 1 FROM {events_table} LIMIT 1")
        version = 1 if has_events else LATEST
        tx.execute("INSERT INTO {schema_version} VALUES (?)", (version,))
    if version < 2:
        _references_from_events(tx, events_table, decode)
    if version < LATEST:
        tx.execute("UPDATE {schema_version} SET version = ?", (LATEST,))


def _events(tx: Tx, events_table: str, decode: Decode, *classes: type) -> Iterator[Any]:
    topics = sorted(get_topic(cls) for cls in classes)
    marks = ", ".join("?" for _ in topics)
    for originator_id, version, topic, state in tx.query(
        f"SELECT originator_id, originator_version, topic, state FROM {events_table} "
        f"WHERE topic IN ({marks}) ORDER BY originator_id, originator_version",
        topics,
    ):
        yield decode(StoredEvent(originator_id, version, topic, bytes(state)))


def _references_from_events(tx: Tx, events_table: str, decode: Decode) -> None:
    """Version 2: who refers to whom (clients, projects with their deletion, invoices' clients),
    every invoice number ever given (version 1 kept them in a table of another name), and billable
    kinds named as `BillableKind` names them."""
    clients: dict[str, list[Any]] = {}
    projects: dict[str, list[Any]] = {}
    invoices: dict[str, list[Any]] = {}
    numbers: dict[tuple[str, str], str] = {}
    followed = (
        Client.ClientCreated,
        Project.ProjectCreated,
        Project.Edited,
        Invoice.InvoiceCreated,
        Invoice.DetailsChanged,
    )
    for event in _events(tx, events_table, decode, *followed):
        key = str(event.originator_id)
        if isinstance(event, Client.ClientCreated):
            clients[key] = [key, str(event.workspace_id), False]
        elif isinstance(event, Project.ProjectCreated):
            projects[key] = [key, str(event.workspace_id), _text(event.client_id), False]
        elif isinstance(event, Project.Edited) and event.changes.client_id is not UNSET:
            projects[key][2] = _text(event.changes.client_id)
        elif isinstance(event, Invoice.InvoiceCreated):
            invoices[key] = [key, str(event.workspace_id), str(event.client_id)]
            numbers.setdefault((str(event.workspace_id), event.number), key)
        elif isinstance(event, Invoice.DetailsChanged):
            if event.changes.client_id is not UNSET:
                invoices[key][2] = str(event.changes.client_id)
            if event.changes.number is not UNSET:
                numbers.setdefault((invoices[key][1], event.changes.number), key)
    # The version-1 projects table had no deletion column: it is made again, whole.
    tx.execute("DROP TABLE IF EXISTS {projects}")
    for statement in TABLES.split(";"):
        tx.execute(statement)
    for write, rows in ((CLIENTS, clients), (PROJECTS, projects), (INVOICES, invoices)):
        if rows:
            tx.write(write, [tuple(row) for row in rows.values()])
    if numbers:
        tx.write(NUMBERS_GIVEN, [(*given, invoice_id) for given, invoice_id in numbers.items()])
    tx.execute("UPDATE {billables} SET kind = 'time-entry' WHERE kind = 'time'")


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
