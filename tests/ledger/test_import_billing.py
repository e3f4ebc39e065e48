"""What an import records: invoiced entries, locks, one transaction; and which invoices take one."""

from datetime import timedelta
from uuid import UUID

import pytest

from ledger.application import Ledger
from ledger.billable import BillableKind
from ledger.commands import AddLine, EditExpense, EditTimeEntry
from ledger.errors import EntryLocked, InvoiceLocked, NotFound
from support.refusals import event_count
from support.world import World, at, given_world


def given_an_entry_to_bill(world: World) -> tuple[UUID, UUID]:
    """(invoice, time entry) of one client."""
    client = world.client()
    entry = world.log(world.project(client), "2026-10-05T09:00:00+00:00", 3600)
    return world.invoice(client), entry


def test_an_imported_entry_is_invoiced_on_its_invoice_line_and_import(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, entry = given_an_entry_to_bill(world)

    result = world.import_(invoice)

    [line] = result.items
    billed = world.entry(entry)
    assert (billed.invoiced, billed.manually_invoiced) == (True, False)
    assert (billed.invoice_id, billed.line_item_id, billed.import_id) == (
        invoice,
        line.id,
        result.import_id,
    )


def test_an_import_records_the_invoices_and_every_entrys_event_together(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    project = world.project(client)
    entries = [world.log(project, f"2026-10-0{day}T09:00:00+00:00", 3600) for day in (5, 6)]
    invoice = world.invoice(client)
    before = event_count(ledger)

    result = world.import_(invoice)

    recorded = ledger.recorder.select_notifications(start=before + 1, limit=10)
    assert sorted((str(n.originator_id), n.topic.rsplit(".", 1)[-1]) for n in recorded) == sorted(
        [(str(invoice), "ItemsImported"), *((str(entry), "Invoiced") for entry in entries)]
    )
    invoiced = ledger.history(world.owner, "time-entry", entries[0])[-1]
    assert (invoiced.type, invoiced.data["import_id"]) == ("Invoiced", str(result.import_id))
    assert ledger.history(world.owner, "invoice", invoice)[-1].type == "ItemsImported"


def test_an_invoiced_entry_cannot_be_edited(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, entry = given_an_entry_to_bill(world)
    world.import_(invoice)
    before = event_count(ledger)

    with pytest.raises(EntryLocked):
        ledger.edit_time_entry(world.owner, entry, EditTimeEntry(description="rewritten"))

    assert event_count(ledger) == before


def test_an_invoiced_entry_cannot_be_deleted(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, entry = given_an_entry_to_bill(world)
    world.import_(invoice)
    before = event_count(ledger)

    with pytest.raises(EntryLocked):
        ledger.delete_entry(world.owner, BillableKind.TIME_ENTRY, entry)

    assert event_count(ledger) == before


def test_an_invoiced_expense_cannot_be_edited(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    expense = world.expense(world.project(client), world.category(), amount="25.00")
    invoice = world.invoice(client)
    world.import_(invoice, include_time=False, include_expenses=True)

    with pytest.raises(EntryLocked):
        ledger.edit_expense(world.owner, expense, EditExpense(note="rewritten"))


def test_importing_into_a_sent_invoice_is_refused_and_nothing_is_recorded(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, entry = given_an_entry_to_bill(world)
    ledger.add_item(world.owner, invoice, AddLine(description="Setup", quantity="1", unit_price="90.00"))
    ledger.send_invoice(world.owner, invoice)
    before = event_count(ledger)

    with pytest.raises(InvoiceLocked):
        world.import_(invoice)

    assert event_count(ledger) == before
    assert world.entry(entry).invoiced is False


def test_importing_into_a_deleted_invoice_is_not_found(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, entry = given_an_entry_to_bill(world)
    ledger.delete_invoice(world.owner, invoice)
    before = event_count(ledger)

    with pytest.raises(NotFound):
        world.import_(invoice)

    assert event_count(ledger) == before
    assert world.entry(entry).invoiced is False


def test_an_entry_moved_out_of_the_range_before_the_import_is_not_taken(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    project = world.project(client)
    stays = world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    moves = world.log(project, "2026-10-06T09:00:00+00:00", 3600)
    start = at("2026-11-02T09:00:00+00:00")
    ledger.edit_time_entry(world.owner, moves, EditTimeEntry(start=start, end=start + timedelta(hours=1)))
    invoice = world.invoice(client)

    result = world.import_(invoice)

    assert [i.time_entry_ids for i in result.items] == [[stays]]
    assert world.entry(moves).invoiced is False
