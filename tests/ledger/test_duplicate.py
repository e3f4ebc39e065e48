"""Duplicating an invoice (SPEC §13): a new draft, the same details and lines, nothing billed twice."""

from datetime import date
from decimal import Decimal

import pytest

from ledger.application import Ledger
from ledger.commands import AddLine, ChangeClient, ChangeSettings, RecordPayment
from ledger.errors import Archived, Forbidden, NotFound
from ledger.totals import TaxMode
from support.world import World, given_world


def given_an_invoice_with_imported_and_manual_lines(world: World) -> tuple:
    client = world.client(currency="USD")
    project = world.project(client, rate="120.00")
    entry = world.log(project, "2026-10-05T09:00:00+00:00", 4800, "Design")
    invoice = world.invoice(
        client,
        issue_date=date(2026, 11, 2),
        subject="October",
        note="Thank you",
        discount_percent=Decimal("5"),
        tax_percent=Decimal("19"),
        tax2_percent=Decimal("2.5"),
        tax_mode=TaxMode.COMPOUND,
    )
    world.import_(invoice)
    line = AddLine(description="Hosting", quantity="3", unit_price="49.00", unit="month")
    world.ledger.add_item(world.owner, invoice, line)
    return client, invoice, entry


def test_a_duplicate_is_a_new_draft_with_the_same_details_and_lines(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, invoice, _ = given_an_invoice_with_imported_and_manual_lines(world)
    source = world.invoice_view(invoice)

    copy = ledger.duplicate_invoice(world.owner, invoice)

    assert (copy.number, copy.status, copy.client_id, copy.currency) == ("INV-0002", "unsent", client, "USD")
    details = ("subject", "note", "discount_percent", "tax_percent", "tax2_percent", "tax_mode")
    assert {name: getattr(copy, name) for name in details} == {
        name: getattr(source, name) for name in details
    }
    lines = [(i.position, i.description, i.quantity, i.unit, i.unit_price, i.amount) for i in copy.items]
    assert lines == [
        (i.position, i.description, i.quantity, i.unit, i.unit_price, i.amount) for i in source.items
    ]
    assert copy.total == source.total
    assert world.invoice_view(copy.id) == copy


def test_the_duplicates_lines_are_manual_lines_billing_nothing(ledger: Ledger) -> None:
    world = given_world(ledger)
    _, invoice, entry = given_an_invoice_with_imported_and_manual_lines(world)

    copy = ledger.duplicate_invoice(world.owner, invoice)

    for item in copy.items:
        assert (item.import_id, item.time_entry_ids, item.expense_ids) == (None, [], [])
        assert (item.raw_seconds, item.billed_seconds, item.quantity_overridden) == (None, None, False)
    assert copy.service_period is None
    assert world.entry(entry).invoice_id == invoice


def test_a_duplicate_is_issued_today_and_due_after_the_settings_due_days(ledger: Ledger) -> None:
    world = given_world(ledger)
    ledger.change_settings(world.owner, ChangeSettings(due_days=14))
    _, invoice, _ = given_an_invoice_with_imported_and_manual_lines(world)
    today = ledger.today(world.owner)

    copy = ledger.duplicate_invoice(world.owner, invoice)

    assert (copy.issue_date, (copy.due_date - copy.issue_date).days) == (today, 14)


def test_a_paid_invoice_duplicates_without_its_payments(ledger: Ledger) -> None:
    world = given_world(ledger)
    _, invoice, _ = given_an_invoice_with_imported_and_manual_lines(world)
    ledger.send_invoice(world.owner, invoice)
    ledger.record_payment(world.owner, invoice, RecordPayment(amount="10.00", date=date(2026, 11, 20)))

    copy = ledger.duplicate_invoice(world.owner, invoice)

    assert (copy.payments, copy.paid, copy.balance) == ([], Decimal("0.00"), copy.total)


def test_a_deleted_invoice_cannot_be_duplicated(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())
    ledger.delete_invoice(world.owner, invoice)

    with pytest.raises(NotFound):
        ledger.duplicate_invoice(world.owner, invoice)


def test_an_archived_clients_invoice_is_not_duplicated(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    invoice = world.invoice(client)
    ledger.edit_client(world.owner, client, ChangeClient(archived=True))

    with pytest.raises(Archived):
        ledger.duplicate_invoice(world.owner, invoice)


def test_members_cannot_duplicate_invoices(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())

    with pytest.raises(Forbidden):
        ledger.duplicate_invoice(world.member(), invoice)


def test_the_duplicate_takes_the_next_number_even_after_a_number_given_by_hand(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    first = world.invoice(client)
    world.invoice(client, number="INV-0002")
    ledger.add_item(world.owner, first, AddLine(description="Design", quantity="1", unit_price="10.00"))

    copy = ledger.duplicate_invoice(world.owner, first)

    assert copy.number == "INV-0003"
