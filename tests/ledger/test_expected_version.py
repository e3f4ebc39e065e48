"""HTTP If-Match at the ledger: `expected_version` is checked on the state the use case decides on."""

import pytest

from ledger.application import Ledger
from ledger.billable import BillableKind
from ledger.commands import AddLine, ChangeClient, ChangeInvoice, EditTimeEntry
from ledger.errors import VersionMismatch
from support.refusals import event_count
from support.world import given_world


def test_a_write_expecting_a_version_that_moved_on_meanwhile_is_refused_and_records_nothing(
    ledger: Ledger,
) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())
    seen = world.invoice_view(invoice).version
    ledger.change_invoice_details(world.owner, invoice, ChangeInvoice(subject="changed by someone else"))
    head = event_count(ledger)

    with pytest.raises(VersionMismatch):
        ledger.change_invoice_details(
            world.owner, invoice, ChangeInvoice(subject="mine"), expected_version=seen
        )

    assert event_count(ledger) == head
    assert world.invoice_view(invoice).subject == "changed by someone else"


def test_a_write_expecting_the_current_version_goes_through(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())

    item = ledger.add_item(
        world.owner,
        invoice,
        AddLine(description="Setup", quantity="1", unit_price="90.00"),
        expected_version=1,
    )

    view = world.invoice_view(invoice)
    assert (view.version, view.items[0].id) == (2, item.id)


def test_any_of_several_expected_versions_will_do(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()

    edited = ledger.edit_client(world.owner, client, ChangeClient(name="Globex AG"), expected_version={1, 7})

    assert (edited.name, edited.version) == ("Globex AG", 2)
    with pytest.raises(VersionMismatch):
        ledger.edit_client(world.owner, client, ChangeClient(name="Globex SA"), expected_version=[1, 7])


def test_without_an_expected_version_the_latest_version_is_changed(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())
    ledger.change_invoice_details(world.owner, invoice, ChangeInvoice(subject="first"))

    ledger.change_invoice_details(world.owner, invoice, ChangeInvoice(subject="unaffected"))

    assert world.invoice_view(invoice).subject == "unaffected"


def test_entries_and_deletions_check_the_expected_version_too(ledger: Ledger) -> None:
    world = given_world(ledger)
    entry = world.log(world.project(world.client()), "2026-10-05T09:00:00+00:00", 3600)
    ledger.edit_time_entry(world.owner, entry, EditTimeEntry(description="review"), expected_version=1)
    head = event_count(ledger)

    for stale in (
        lambda: ledger.edit_time_entry(
            world.owner, entry, EditTimeEntry(description="x"), expected_version=1
        ),
        lambda: ledger.set_approval(world.owner, BillableKind.TIME_ENTRY, entry, True, expected_version=1),
        lambda: ledger.delete_entry(world.owner, BillableKind.TIME_ENTRY, entry, expected_version=1),
    ):
        with pytest.raises(VersionMismatch):
            stale()

    assert event_count(ledger) == head
    ledger.delete_entry(world.owner, BillableKind.TIME_ENTRY, entry, expected_version=2)
