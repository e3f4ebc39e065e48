"""Removing an import: its lines go, its entries are released, other imports stay (SPEC §5)."""

from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from ledger.application import Ledger
from ledger.errors import InvoiceLocked, NotFound
from ledger.views import ImportView
from support.refusals import event_count
from support.world import World, given_world


def given_two_imports(world: World) -> tuple[UUID, ImportView, ImportView]:
    """An invoice with a first import of two entries and a second of one entry and one expense."""
    client = world.client()
    project = world.project(client)
    world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    world.log(project, "2026-10-06T09:00:00+00:00", 1800)
    invoice = world.invoice(client)
    first = world.import_(invoice)
    world.log(project, "2026-10-07T09:00:00+00:00", 900)
    world.expense(project, world.category(), amount="25.00")
    second = world.import_(invoice, include_expenses=True)
    return invoice, first, second


def entries_of(result: ImportView) -> list[UUID]:
    return [entry_id for item in result.items for entry_id in item.time_entry_ids]


def test_removing_an_import_removes_its_lines_and_keeps_the_other_imports(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, first, second = given_two_imports(world)

    ledger.remove_import(world.owner, invoice, first.import_id)

    view = world.invoice_view(invoice)
    assert view.items == second.items
    assert view.subtotal == second.amount == Decimal("50.00")


def test_removing_an_import_releases_its_entries_as_line_item_removed(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, first, _ = given_two_imports(world)

    ledger.remove_import(world.owner, invoice, first.import_id)

    for entry in entries_of(first):
        released = world.entry(entry)
        assert (released.invoiced, released.invoice_id, released.line_item_id) == (False, None, None)
        last = ledger.history(world.owner, "time-entry", entry)[-1]
        assert (last.type, last.data["reason"]) == ("Released", "line-item-removed")


def test_removing_an_import_leaves_the_other_imports_entries_and_expenses_invoiced(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, first, second = given_two_imports(world)
    [expense] = [e for item in second.items for e in item.expense_ids]
    version = world.expense_view(expense).version

    ledger.remove_import(world.owner, invoice, first.import_id)

    assert [world.entry(entry).import_id for entry in entries_of(second)] == [second.import_id]
    assert world.expense_view(expense).version == version


def test_removing_an_import_releases_its_expenses(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, _, second = given_two_imports(world)
    [expense] = [e for item in second.items for e in item.expense_ids]

    ledger.remove_import(world.owner, invoice, second.import_id)

    assert world.expense_view(expense).invoiced is False
    last = ledger.history(world.owner, "expense", expense)[-1]
    assert (last.type, last.data["reason"]) == ("Released", "line-item-removed")


def test_entries_of_a_removed_import_can_be_imported_again(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, first, _ = given_two_imports(world)
    ledger.remove_import(world.owner, invoice, first.import_id)

    again = world.import_(invoice)

    assert sorted(entries_of(again)) == sorted(entries_of(first))
    assert again.amount == first.amount
    assert [i.position for i in again.items] == [5, 6]


def test_removing_an_import_records_the_removal_on_the_invoice(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, first, _ = given_two_imports(world)

    ledger.remove_import(world.owner, invoice, first.import_id)

    last = ledger.history(world.owner, "invoice", invoice)[-1]
    assert last.type == "ImportRemoved"
    assert sorted(last.data["time_entry_ids"]) == sorted(str(e) for e in entries_of(first))
    assert last.data["totals"]["subtotal"] == "50.00"


def test_removing_an_unknown_import_is_not_found_and_records_nothing(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, _, _ = given_two_imports(world)
    before = event_count(ledger)

    with pytest.raises(NotFound):
        ledger.remove_import(world.owner, invoice, uuid4())

    assert event_count(ledger) == before


def test_removing_an_import_of_a_sent_invoice_is_refused(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, first, _ = given_two_imports(world)
    ledger.send_invoice(world.owner, invoice)
    before = event_count(ledger)

    with pytest.raises(InvoiceLocked):
        ledger.remove_import(world.owner, invoice, first.import_id)

    assert event_count(ledger) == before
    assert all(world.entry(entry).invoiced for entry in entries_of(first))
