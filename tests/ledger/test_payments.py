"""Payments on invoices and the status they lead to (SPEC §4, §6), on both backends."""

from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from pydantic import ValidationError

from ledger.application import Ledger
from ledger.commands import AddLine, RecordPayment, VoidInvoice
from ledger.errors import InvalidTransition, NotFound, PaymentRejected
from support.refusals import event_count, refused_fields
from support.world import World, given_world

PAID_ON = date(2026, 11, 5)


def given_an_invoice_of(ledger: Ledger, amount: str = "500.00", send: bool = True) -> tuple[World, UUID]:
    """An invoice with one manual line of `amount`, sent unless told otherwise."""
    world = given_world(ledger)
    invoice = world.invoice(world.client())
    ledger.add_item(world.owner, invoice, AddLine(description="Consulting", quantity="1", unit_price=amount))
    if send:
        ledger.send_invoice(world.owner, invoice)
    return world, invoice


def pay(world: World, invoice: UUID, amount: str) -> UUID:
    payment = RecordPayment(amount=amount, date=PAID_ON, note="wire")
    return world.ledger.record_payment(world.owner, invoice, payment).id


def test_a_partial_payment_makes_a_sent_invoice_partially_paid(ledger: Ledger) -> None:
    world, invoice = given_an_invoice_of(ledger)

    pay(world, invoice, "200.00")

    view = world.invoice_view(invoice)
    assert (view.status, view.paid, view.balance) == (
        "partially_paid",
        Decimal("200.00"),
        Decimal("300.00"),
    )
    assert [(p.amount, p.date, p.note) for p in view.payments] == [(Decimal("200.00"), PAID_ON, "wire")]


def test_payments_adding_up_to_the_total_make_the_invoice_paid(ledger: Ledger) -> None:
    world, invoice = given_an_invoice_of(ledger)

    pay(world, invoice, "200.00")
    pay(world, invoice, "300.00")

    view = world.invoice_view(invoice)
    assert (view.status, view.balance, len(view.payments)) == ("paid", Decimal("0.00"), 2)


def test_a_payment_on_an_unsent_invoice_is_an_invalid_transition(ledger: Ledger) -> None:
    world, invoice = given_an_invoice_of(ledger, send=False)
    before = event_count(ledger)

    with pytest.raises(InvalidTransition):
        pay(world, invoice, "100.00")

    assert event_count(ledger) == before


def test_a_payment_on_a_paid_invoice_is_an_invalid_transition(ledger: Ledger) -> None:
    world, invoice = given_an_invoice_of(ledger)
    pay(world, invoice, "500.00")

    with pytest.raises(InvalidTransition):
        pay(world, invoice, "0.01")


def test_a_payment_on_a_void_invoice_is_an_invalid_transition(ledger: Ledger) -> None:
    world, invoice = given_an_invoice_of(ledger)
    ledger.void_invoice(world.owner, invoice, VoidInvoice(reason="cancelled"))

    with pytest.raises(InvalidTransition):
        pay(world, invoice, "100.00")


def test_a_payment_above_the_balance_is_rejected_and_records_nothing(ledger: Ledger) -> None:
    world, invoice = given_an_invoice_of(ledger)
    before = event_count(ledger)

    with pytest.raises(PaymentRejected):
        pay(world, invoice, "500.01")

    assert event_count(ledger) == before
    assert world.invoice_view(invoice).status == "sent"


def test_a_payment_above_the_remaining_balance_is_rejected(ledger: Ledger) -> None:
    world, invoice = given_an_invoice_of(ledger)
    pay(world, invoice, "400.00")

    with pytest.raises(PaymentRejected):
        pay(world, invoice, "100.01")

    assert world.invoice_view(invoice).balance == Decimal("100.00")


@pytest.mark.parametrize(
    "amount", ["0.00", "-10.00", "10.005"], ids=["zero", "negative", "more-than-two-decimals"]
)
def test_a_payment_not_above_zero_or_of_more_than_two_decimals_is_refused_naming_the_amount(
    ledger: Ledger, amount: str
) -> None:
    world, invoice = given_an_invoice_of(ledger)
    before = event_count(ledger)

    with pytest.raises(ValidationError) as rejected:
        pay(world, invoice, amount)

    assert refused_fields(rejected.value) == {"amount"}
    assert event_count(ledger) == before


def test_deleting_the_only_payment_makes_the_invoice_sent_again(ledger: Ledger) -> None:
    world, invoice = given_an_invoice_of(ledger)
    payment = pay(world, invoice, "200.00")

    view = ledger.delete_payment(world.owner, invoice, payment)

    assert (view.status, view.paid, view.balance, view.payments) == (
        "sent",
        Decimal("0.00"),
        Decimal("500.00"),
        [],
    )


def test_deleting_one_payment_of_a_paid_invoice_makes_it_partially_paid(ledger: Ledger) -> None:
    world, invoice = given_an_invoice_of(ledger)
    first = pay(world, invoice, "200.00")
    pay(world, invoice, "300.00")

    view = ledger.delete_payment(world.owner, invoice, first)

    assert (view.status, view.balance) == ("partially_paid", Decimal("200.00"))
    assert [p.amount for p in view.payments] == [Decimal("300.00")]


def test_an_invoice_sent_again_after_its_payments_are_deleted_can_be_reopened(ledger: Ledger) -> None:
    world, invoice = given_an_invoice_of(ledger)
    ledger.delete_payment(world.owner, invoice, pay(world, invoice, "500.00"))

    assert ledger.reopen_invoice(world.owner, invoice).status == "unsent"


def test_deleting_an_unknown_payment_is_not_found(ledger: Ledger) -> None:
    world, invoice = given_an_invoice_of(ledger)
    pay(world, invoice, "200.00")

    with pytest.raises(NotFound):
        ledger.delete_payment(world.owner, invoice, uuid4())

    assert world.invoice_view(invoice).paid == Decimal("200.00")
