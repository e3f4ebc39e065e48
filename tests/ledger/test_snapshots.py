"""Invoices are snapshotted every 20 events: a long history loads as its events say, from a snapshot."""

from uuid import UUID

from ledger.application import Ledger
from ledger.commands import AddLine, ChangeInvoice
from ledger.invoice import Invoice
from ledger.loading import project
from support.world import World, given_world


def given_an_invoice_with_a_long_history(ledger: Ledger, edits: int) -> tuple[World, UUID]:
    world = given_world(ledger)
    invoice = world.invoice(world.client())
    for n in range(3):
        ledger.add_item(
            world.owner, invoice, AddLine(description=f"line {n}", quantity="2", unit_price="10.00")
        )
    for n in range(edits):
        ledger.change_invoice_details(world.owner, invoice, ChangeInvoice(subject=f"subject {n}"))
    return world, invoice


def test_an_invoice_after_fifty_events_loads_from_its_snapshot_as_its_events_replay(ledger: Ledger) -> None:
    world, invoice_id = given_an_invoice_with_a_long_history(ledger, edits=46)

    loaded: Invoice = ledger.repository.get(invoice_id, projector_func=project)
    replayed: Invoice = project(None, ledger.events.get(invoice_id))

    assert ledger.snapshots is not None
    assert [s.originator_version for s in ledger.snapshots.get(invoice_id)] == [20, 40]
    assert (loaded.version, vars(loaded)) == (50, vars(replayed))
    assert world.invoice_view(invoice_id).subject == "subject 45"


def test_an_invoice_can_be_read_at_a_version_before_its_last_snapshot(ledger: Ledger) -> None:
    world, invoice_id = given_an_invoice_with_a_long_history(ledger, edits=26)

    view = ledger.get_invoice(world.owner, invoice_id, version=10)

    assert (view.version, view.subject) == (10, "subject 5")
