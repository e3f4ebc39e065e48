"""Old events keep loading: a store written before typed commands opens, migrates and works.

`tests/fixtures/v1` holds what the ledger wrote at commit 32aaecb (see its README): open-dict
`Edited`/`DetailsChanged` events, one of them carrying a field the invoice does not own (`status`),
which made that invoice unloadable then. An event store never forgets, so this version must read
every one of those events, and bring the store's side tables up to date from them.
"""

import json
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from ledger.access import Actor
from ledger.application import Ledger, open_ledger
from ledger.commands import CreateInvoice, ImportItems, LogTime
from ledger.config import Settings
from ledger.errors import DuplicateNumber, InUse
from ledger.invoice import Invoice, InvoiceStatus
from ledger.persistence import IndexRows
from ledger.persistence.side_tables import BILLABLES
from support.refusals import event_count
from support.stores import FIXTURES, side_table, stored_events, transaction
from support.world import at

V1 = FIXTURES / "v1"
IDS: dict[str, Any] = json.loads((V1 / "ids.json").read_text())
INVOICE, CLIENT, PROJECT = UUID(IDS["invoice_id"]), UUID(IDS["client_id"]), UUID(IDS["project_id"])
ENTRIES, EXPENSE = [UUID(e) for e in IDS["entries"]], UUID(IDS["expense"])
REFERENCE_TABLES = ("billables", "clients", "projects", "invoices", "numbers")


@pytest.fixture
def old_store(tmp_path: Path) -> Settings:
    """A copy of the version-1 SQLite store (the fixture itself is never written to)."""
    copy = tmp_path / "v1.sqlite"
    shutil.copyfile(V1 / "store.sqlite", copy)
    return Settings(database_url=f"sqlite:///{copy}")


@pytest.fixture
def migrated(old_store: Settings) -> Iterator[Ledger]:
    """The version-1 store opened by this version: its side tables migrate as it opens."""
    app = open_ledger(old_store)
    yield app
    app.close()


def owner_of(ledger: Ledger) -> Actor:
    actor = ledger.authenticate(IDS["api_key"])
    assert actor is not None
    return actor


def aggregate_ids(ledger: Ledger) -> set[UUID]:
    return {n.originator_id for n in ledger.recorder.select_notifications(start=None, limit=10_000)}


def expected_side_tables(ledger: Ledger) -> dict[str, set[tuple[Any, ...]]]:
    """The rows this version writes for the aggregates of the store, as if it had written them all."""
    aggregates = [ledger.repository.get(aggregate_id) for aggregate_id in aggregate_ids(ledger)]
    rows = IndexRows.of(aggregates)
    numbers = {(str(a.workspace_id), a.number, str(a.id)) for a in aggregates if isinstance(a, Invoice)}
    return {
        "billables": set(rows.billables),
        "clients": set(rows.clients),
        "projects": set(rows.projects),
        "invoices": set(rows.invoices),
        "numbers": numbers,
    }


def test_every_aggregate_of_a_version_1_store_loads_after_it_opens(migrated: Ledger) -> None:
    loaded = {type(migrated.repository.get(i)).__name__ for i in aggregate_ids(migrated)}

    assert loaded == {
        "Workspace",
        "Member",
        "Client",
        "Project",
        "ExpenseCategory",
        "TimeEntry",
        "Expense",
        "Invoice",
    }


def test_the_invoice_a_field_it_does_not_own_once_broke_loads_with_its_real_status(migrated: Ledger) -> None:
    invoice = migrated.get_invoice(owner_of(migrated), INVOICE)

    # The old DetailsChanged said {"status": "paid", "subject": "October 2026"}: the subject stays.
    assert (invoice.status, invoice.subject, invoice.note, invoice.version) == (
        "unsent",
        "October 2026",
        "Thanks",
        4,
    )
    assert (invoice.number, invoice.currency) == ("INV-0001", "USD")
    assert (str(invoice.subtotal), str(invoice.tax), str(invoice.total)) == ("615.75", "116.99", "732.74")
    assert migrated.repository.get(INVOICE).status is InvoiceStatus.UNSENT


def test_the_history_shows_the_old_edits_with_their_typed_change_sets(migrated: Ledger) -> None:
    owner = owner_of(migrated)

    invoice = migrated.history(owner, "invoice", INVOICE)
    entry = migrated.history(owner, "time-entry", ENTRIES[1])
    expense = migrated.history(owner, "expense", EXPENSE)

    assert [(e.type, e.data.get("changes")) for e in invoice] == [
        ("InvoiceCreated", None),
        ("ItemsImported", None),
        ("DetailsChanged", {"note": "Thanks"}),
        ("DetailsChanged", {"subject": "October 2026"}),
    ]
    assert [(e.type, e.data.get("changes")) for e in entry] == [
        ("TimeEntryLogged", None),
        ("Edited", {"description": "build and test"}),
        ("Invoiced", None),
    ]
    assert expense[1].data["changes"] == {"quantity": "45", "amount": "15.75"}


def test_old_edits_of_the_directory_are_applied_as_recorded(migrated: Ledger) -> None:
    owner = owner_of(migrated)
    client = migrated.get_client(owner, CLIENT)
    workspace = migrated.get_workspace(owner)
    expense = migrated.get_expense(owner, EXPENSE)

    assert (client.email, client.cc_emails, client.country) == ("ap@globex.example", [], None)
    assert (workspace.name, workspace.version) == ("Initech GmbH", 4)
    assert (expense.quantity, expense.amount, expense.invoiced) == (Decimal("45"), Decimal("15.75"), True)


def test_more_time_can_be_imported_into_the_old_invoice(migrated: Ledger) -> None:
    owner = owner_of(migrated)
    start = at("2026-10-20T09:00:00+02:00")
    entry = migrated.log_time(owner, LogTime(project_id=PROJECT, start=start, end=start + timedelta(hours=1)))

    imported = migrated.import_items(
        owner, INVOICE, ImportItems(date_from=date(2026, 10, 1), date_to=date(2026, 10, 31))
    )

    assert (imported.time_entry_count, imported.expense_count) == (1, 0)
    assert [e for item in imported.items for e in item.time_entry_ids] == [entry.id]
    invoice = migrated.get_invoice(owner, INVOICE)
    assert len(invoice.items) == 4 and invoice.version == 5
    assert migrated.get_time_entry(owner, entry.id).invoice_id == INVOICE


def test_the_side_tables_of_the_old_store_are_as_this_version_would_have_written_them(
    migrated: Ledger,
) -> None:
    expected = expected_side_tables(migrated)

    assert {table: side_table(migrated, table) for table in REFERENCE_TABLES} == expected
    assert {row[1] for row in expected["billables"]} == {"time-entry", "expense"}
    assert len(expected["projects"]) == 2 and len(expected["clients"]) == 1


def test_the_number_of_the_old_invoice_stays_taken(migrated: Ledger) -> None:
    owner = owner_of(migrated)
    before = event_count(migrated)

    with pytest.raises(DuplicateNumber):
        migrated.create_invoice(owner, CreateInvoice(client_id=CLIENT, number="INV-0001"))

    assert event_count(migrated) == before
    assert migrated.create_invoice(owner, CreateInvoice(client_id=CLIENT)).number == "INV-0002"


def test_the_old_client_and_project_are_in_use(migrated: Ledger) -> None:
    owner = owner_of(migrated)
    before = event_count(migrated)

    for delete in (
        lambda: migrated.delete_client(owner, CLIENT),
        lambda: migrated.delete_project(owner, PROJECT),
    ):
        with pytest.raises(InUse):
            delete()

    assert event_count(migrated) == before


def test_opening_a_migrated_store_again_changes_nothing(old_store: Settings) -> None:
    first = open_ledger(old_store)
    tables = {table: side_table(first, table) for table in REFERENCE_TABLES}
    head = event_count(first)
    first.close()

    again = open_ledger(old_store)
    try:
        assert {table: side_table(again, table) for table in REFERENCE_TABLES} == tables
        assert event_count(again) == head
        assert side_table(again, "schema_version") == {(2,)}
    finally:
        again.close()


# The same events, in a store of either backend.


def insert_version_1_events(ledger: Ledger) -> None:
    """Record the version-1 events as stored events, exactly as that version stored them."""
    ledger.recorder.insert_events(stored_events(V1 / "events.jsonl"))


def test_the_version_1_events_decode_and_every_aggregate_replays_on_either_backend(ledger: Ledger) -> None:
    insert_version_1_events(ledger)

    notifications = ledger.recorder.select_notifications(start=None, limit=100)
    decoded = [ledger.mapper.to_domain_event(n) for n in notifications]
    replayed = {i: ledger.repository.get(i) for i in aggregate_ids(ledger)}

    assert len(decoded) == len(notifications) == 26
    assert {i: a.version for i, a in replayed.items()} == {
        i: max(n.originator_version for n in notifications if n.originator_id == i) for i in replayed
    }
    invoice = replayed[INVOICE]
    assert isinstance(invoice, Invoice)
    assert (invoice.status, invoice.subject, len(invoice.items)) == (InvoiceStatus.UNSENT, "October 2026", 3)


def version_1_billables() -> list[tuple[Any, ...]]:
    """The billables index as version 1 wrote it (time entries were of kind "time")."""
    with sqlite3.connect(f"file:{V1 / 'store.sqlite'}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT * FROM ledger_billables").fetchall()
    # id, kind, workspace, project, day, then the flags, which SQLite keeps as 0 and 1.
    return [(*row[:5], *(bool(flag) for flag in row[5:])) for row in rows]


def test_an_older_store_of_either_backend_migrates_its_side_tables_from_its_events(
    ledger: Ledger, settings: Settings
) -> None:
    """Given the version-1 events and index rows, and no schema version: the store is from before."""
    insert_version_1_events(ledger)
    with transaction(ledger) as tx:
        tx.execute("DELETE FROM {schema_version}")
        tx.write(BILLABLES, version_1_billables())

    reopened = open_ledger(settings)
    try:
        assert {table: side_table(reopened, table) for table in REFERENCE_TABLES} == expected_side_tables(
            reopened
        )
        assert side_table(reopened, "schema_version") == {(2,)}
    finally:
        reopened.close()
