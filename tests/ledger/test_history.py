"""Every event of an invoice, entry or expense, and invoices as they stood (SPEC §8), on both backends."""

import json
from datetime import timedelta
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from ledger.access import Role
from ledger.application import Ledger
from ledger.billable import BillableKind
from ledger.commands import ChangeInvoice, EditTimeEntry, MarkInvoiced, VoidInvoice
from ledger.errors import NotFound
from support.world import World, expense_grouping, given_world

TIME = BillableKind.TIME_ENTRY


def given_an_invoice_with_a_life(ledger: Ledger) -> tuple[World, UUID, UUID]:
    """An invoice that billed an entry, lost that line and was deleted; returns it and the entry."""
    world = given_world(ledger)
    client = world.client()
    entry = world.log(world.project(client), "2026-10-05T09:00:00+00:00", 5400)
    invoice = world.invoice(client)
    [line] = world.import_(invoice).items
    ledger.remove_item(world.owner, invoice, line.id)
    ledger.delete_invoice(world.owner, invoice)
    return world, invoice, entry


def test_an_invoices_history_lists_every_event_oldest_first(ledger: Ledger) -> None:
    world, invoice, _ = given_an_invoice_with_a_life(ledger)

    history = ledger.history(world.owner, "invoice", invoice)

    assert [(e.version, e.type) for e in history] == [
        (1, "InvoiceCreated"),
        (2, "ItemsImported"),
        (3, "LineItemRemoved"),
        (4, "InvoiceDeleted"),
    ]
    assert [e.actor_id for e in history] == [world.owner.member_id] * 4
    stamps = [e.recorded_at for e in history]
    assert stamps == sorted(stamps) and all(stamp.tzinfo is not None for stamp in stamps)


def test_history_data_is_plain_json_with_money_as_strings(ledger: Ledger) -> None:
    world, invoice, entry = given_an_invoice_with_a_life(ledger)

    history = ledger.history(world.owner, "invoice", invoice)

    imported = history[1].data
    assert json.loads(json.dumps(imported)) == imported
    assert imported["totals"]["subtotal"] == "150.00"
    assert (imported["items"][0]["amount"], imported["items"][0]["quantity"]) == ("150.00", "1.5000")
    assert imported["items"][0]["time_entry_ids"] == [str(entry)]
    assert history[2].data["totals"]["total"] == "0.00"


def test_a_time_entrys_history_shows_it_invoiced_and_released_with_the_reason(ledger: Ledger) -> None:
    world, invoice, entry = given_an_invoice_with_a_life(ledger)

    history = ledger.history(world.owner, "time-entry", entry)

    assert [(e.version, e.type) for e in history] == [
        (1, "TimeEntryLogged"),
        (2, "Invoiced"),
        (3, "Released"),
    ]
    assert history[0].data["hourly_rate"] == "100.00"
    assert history[1].data["invoice_id"] == str(invoice)
    assert (history[2].data["reason"], history[2].data["invoice_id"]) == (
        "line-item-removed",
        str(invoice),
    )


def test_a_time_entrys_history_records_edits_approvals_and_deletion(ledger: Ledger) -> None:
    world = given_world(ledger)
    entry = world.log(world.project(world.client()), "2026-10-05T09:00:00+00:00", 3600)
    ledger.edit_time_entry(world.owner, entry, EditTimeEntry(description="review"))
    ledger.set_approval(world.owner, TIME, entry, True)
    ledger.set_approval(world.owner, TIME, entry, False)
    ledger.mark_invoiced(world.owner, TIME, MarkInvoiced(ids=[entry], invoiced=True))
    ledger.mark_invoiced(world.owner, TIME, MarkInvoiced(ids=[entry], invoiced=False))
    ledger.delete_entry(world.owner, TIME, entry)

    history = ledger.history(world.owner, "time-entry", entry)

    assert [e.type for e in history] == [
        "TimeEntryLogged",
        "Edited",
        "Approved",
        "ApprovalWithdrawn",
        "MarkedInvoiced",
        "MarkedUninvoiced",
        "Deleted",
    ]
    assert history[1].data["changes"] == {"description": "review"}


def test_an_expenses_history_starts_with_expense_recorded(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    expense = world.expense(world.project(client), world.category("Mileage", "km", "0.30"), quantity="10")
    invoice = world.invoice(client)
    world.import_(invoice, include_time=False, include_expenses=True, expenses=expense_grouping())
    ledger.void_invoice(world.owner, invoice, VoidInvoice(reason="wrong client"))

    history = ledger.history(world.owner, "expense", expense)

    assert [e.type for e in history] == ["ExpenseRecorded", "Invoiced", "Released"]
    assert (history[0].data["unit_price"], history[0].data["amount"]) == ("0.30", "3.00")
    assert history[2].data["reason"] == "invoice-voided"


def test_an_event_names_the_member_who_caused_it(ledger: Ledger) -> None:
    world = given_world(ledger)
    admin = world.member("Ada", role=Role.ADMIN)
    invoice = world.invoice(world.client())

    ledger.change_invoice_details(admin, invoice, ChangeInvoice(subject="October"))

    changed = ledger.history(world.owner, "invoice", invoice)[-1]
    assert (changed.type, changed.actor_id, changed.data["changes"]) == (
        "DetailsChanged",
        admin.member_id,
        {"subject": "October"},
    )


def test_a_deleted_time_entry_keeps_its_history(ledger: Ledger) -> None:
    world = given_world(ledger)
    entry = world.log(world.project(world.client()), "2026-10-05T09:00:00+00:00", 3600)
    ledger.delete_entry(world.owner, TIME, entry)

    assert [e.type for e in ledger.history(world.owner, "time-entry", entry)] == [
        "TimeEntryLogged",
        "Deleted",
    ]


def test_the_history_of_an_unknown_or_foreign_or_mistyped_id_is_not_found(ledger: Ledger) -> None:
    world, invoice, entry = given_an_invoice_with_a_life(ledger)
    stranger = given_world(ledger)

    for kind, aggregate_id, actor in (
        ("invoice", uuid4(), world.owner),
        ("invoice", invoice, stranger.owner),
        ("time-entry", invoice, world.owner),
        ("expense", entry, world.owner),
        ("project", entry, world.owner),
    ):
        with pytest.raises(NotFound):
            ledger.history(actor, kind, aggregate_id)


def test_an_invoice_at_a_version_is_the_invoice_as_it_stood_then(ledger: Ledger) -> None:
    world, invoice, _ = given_an_invoice_with_a_life(ledger)

    versions = [ledger.get_invoice(world.owner, invoice, version=v) for v in (1, 2, 3)]

    assert [(v.version, len(v.items), v.total) for v in versions] == [
        (1, 0, Decimal("0.00")),
        (2, 1, Decimal("150.00")),
        (3, 0, Decimal("0.00")),
    ]


def test_an_invoice_as_of_an_instant_has_every_event_recorded_at_or_before_it(ledger: Ledger) -> None:
    world, invoice, _ = given_an_invoice_with_a_life(ledger)
    history = ledger.history(world.owner, "invoice", invoice)

    imported = ledger.get_invoice(world.owner, invoice, as_of=history[1].recorded_at)
    between = ledger.get_invoice(
        world.owner, invoice, as_of=history[2].recorded_at - timedelta(microseconds=1)
    )

    assert (imported.version, imported.subtotal) == (2, Decimal("150.00"))
    assert between.version == 2


def test_an_invoice_as_of_before_its_first_event_is_not_found(ledger: Ledger) -> None:
    world, invoice, _ = given_an_invoice_with_a_life(ledger)
    created = ledger.history(world.owner, "invoice", invoice)[0].recorded_at

    with pytest.raises(NotFound):
        ledger.get_invoice(world.owner, invoice, as_of=created - timedelta(microseconds=1))


def test_a_deleted_invoice_is_not_found_at_its_deleting_version(ledger: Ledger) -> None:
    world, invoice, _ = given_an_invoice_with_a_life(ledger)

    with pytest.raises(NotFound):
        ledger.get_invoice(world.owner, invoice, version=4)
