"""An invoice's life: currency, dates, send, reopen, void, delete, overdue (SPEC §4), on both backends."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

import pytest

from ledger.application import Ledger, open_ledger
from ledger.commands import AddLine, ChangeClient, ChangeInvoice, EditLine, RecordPayment, VoidInvoice
from ledger.config import Settings
from ledger.errors import InvalidTransition, InvoiceEmpty, InvoiceLocked, NotFound
from support.refusals import event_count
from support.world import OCTOBER, World, expense_grouping, given_world

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
EXTRA = AddLine(description="Extra", quantity="1", unit_price="10.00")


@pytest.fixture
def december(settings: Settings) -> Iterator[Ledger]:
    """The ledger on a clock stopped at noon UTC on 1 December 2026."""
    app = open_ledger(settings, clock=lambda: NOW)
    yield app
    app.close()


@dataclass
class Billed:
    """An unsent invoice billing two time entries and one expense of its client."""

    world: World
    client_id: UUID
    invoice_id: UUID
    entry_ids: list[UUID]
    expense_ids: list[UUID]

    @property
    def ledger(self) -> Ledger:
        return self.world.ledger

    def released_reasons(self) -> dict[UUID, list[str]]:
        """Per entry and expense, the reasons of every release in its history."""
        kinds = [("time-entry", i) for i in self.entry_ids] + [("expense", i) for i in self.expense_ids]
        return {
            entry_id: [
                e.data["reason"]
                for e in self.ledger.history(self.world.owner, kind, entry_id)
                if e.type == "Released"
            ]
            for kind, entry_id in kinds
        }

    def invoiced_flags(self) -> list[bool]:
        owner = self.world.owner
        return [self.ledger.get_time_entry(owner, i).invoiced for i in self.entry_ids] + [
            self.ledger.get_expense(owner, i).invoiced for i in self.expense_ids
        ]


def given_a_billed_invoice(ledger: Ledger) -> Billed:
    world = given_world(ledger)
    client = world.client()
    project = world.project(client)
    entries = [world.log(project, f"2026-10-0{day}T09:00:00+00:00", 3600) for day in (5, 6)]
    expenses = [world.expense(project, world.category("Hotel"), amount="89.90")]
    invoice = world.invoice(client, issue_date=date(2026, 10, 31))
    world.import_(invoice, include_expenses=True, expenses=expense_grouping())
    return Billed(world, client, invoice, entries, expenses)


def given_a_manual_invoice(ledger: Ledger, amount: str = "500.00", **fields: object) -> tuple[World, UUID]:
    """An unsent invoice with one manual line of `amount`."""
    world = given_world(ledger)
    invoice = world.invoice(world.client(), **fields)
    ledger.add_item(world.owner, invoice, AddLine(description="Consulting", quantity="1", unit_price=amount))
    return world, invoice


def test_an_invoice_takes_the_currency_of_its_client(ledger: Ledger) -> None:
    world = given_world(ledger)

    invoice = world.invoice_view(world.invoice(world.client(currency="USD")))

    assert invoice.currency == "USD"


def test_an_invoice_of_a_client_without_a_currency_takes_the_workspaces(ledger: Ledger) -> None:
    world = given_world(ledger)

    invoice = world.invoice_view(world.invoice(world.client(currency=None)))

    assert invoice.currency == "EUR"


def test_changing_the_clients_currency_later_never_redenominates_its_invoice(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client(currency="USD")
    invoice = world.invoice(client)

    ledger.edit_client(world.owner, client, ChangeClient(currency="GBP"))

    assert (world.invoice_view(invoice).currency, world.invoice_view(invoice).version) == ("USD", 1)
    assert world.invoice_view(world.invoice(client)).currency == "GBP"


def test_the_due_date_defaults_to_the_issue_date_plus_the_due_days(ledger: Ledger) -> None:
    world = given_world(ledger)

    invoice = world.invoice_view(world.invoice(world.client(), issue_date=date(2026, 10, 1)))

    assert (invoice.issue_date, invoice.due_date) == (date(2026, 10, 1), date(2026, 10, 31))


def test_an_explicit_due_date_is_kept(ledger: Ledger) -> None:
    world = given_world(ledger)

    invoice = world.invoice_view(
        world.invoice(world.client(), issue_date=date(2026, 10, 1), due_date=date(2026, 10, 8))
    )

    assert invoice.due_date == date(2026, 10, 8)


def test_the_issue_date_defaults_to_today_in_the_workspace_timezone(december: Ledger) -> None:
    world = given_world(december, timezone="Pacific/Auckland")

    invoice = world.invoice_view(world.invoice(world.client()))

    assert (invoice.issue_date, invoice.due_date) == (date(2026, 12, 2), date(2027, 1, 1))


def test_sending_an_unsent_invoice_makes_it_sent(ledger: Ledger) -> None:
    world, invoice = given_a_manual_invoice(ledger)

    sent = ledger.send_invoice(world.owner, invoice)

    assert (sent.status, sent.version) == ("sent", 3)


def test_sending_a_sent_invoice_again_is_an_invalid_transition(ledger: Ledger) -> None:
    world, invoice = given_a_manual_invoice(ledger)
    ledger.send_invoice(world.owner, invoice)

    with pytest.raises(InvalidTransition):
        ledger.send_invoice(world.owner, invoice)


def test_sending_an_invoice_without_lines_is_invoice_empty_and_records_nothing(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())
    before = event_count(ledger)

    with pytest.raises(InvoiceEmpty):
        ledger.send_invoice(world.owner, invoice)

    assert event_count(ledger) == before
    assert world.invoice_view(invoice).status == "unsent"


def test_an_invoice_whose_last_line_was_removed_cannot_be_sent(ledger: Ledger) -> None:
    billed = given_a_billed_invoice(ledger)
    owner = billed.world.owner
    for item in billed.world.invoice_view(billed.invoice_id).items:
        ledger.remove_item(owner, billed.invoice_id, item.id)

    with pytest.raises(InvoiceEmpty):
        ledger.send_invoice(owner, billed.invoice_id)


def test_reopening_a_sent_invoice_without_payments_makes_it_unsent_and_editable(ledger: Ledger) -> None:
    world, invoice = given_a_manual_invoice(ledger)
    ledger.send_invoice(world.owner, invoice)

    reopened = ledger.reopen_invoice(world.owner, invoice)
    edited = ledger.change_invoice_details(world.owner, invoice, ChangeInvoice(subject="October"))

    assert (reopened.status, edited.status, edited.subject) == ("unsent", "unsent", "October")


def test_reopening_an_invoice_with_a_payment_is_an_invalid_transition(ledger: Ledger) -> None:
    world, invoice = given_a_manual_invoice(ledger)
    ledger.send_invoice(world.owner, invoice)
    ledger.record_payment(
        world.owner, invoice, RecordPayment(amount=Decimal("100.00"), date=date(2026, 11, 5))
    )

    with pytest.raises(InvalidTransition):
        ledger.reopen_invoice(world.owner, invoice)

    assert world.invoice_view(invoice).status == "partially_paid"


def test_reopening_an_unsent_invoice_is_an_invalid_transition(ledger: Ledger) -> None:
    world, invoice = given_a_manual_invoice(ledger)

    with pytest.raises(InvalidTransition):
        ledger.reopen_invoice(world.owner, invoice)


EDITS: dict[str, Callable[[Billed], object]] = {
    "details": lambda b: b.ledger.change_invoice_details(
        b.world.owner, b.invoice_id, ChangeInvoice(subject="New")
    ),
    "add-item": lambda b: b.ledger.add_item(b.world.owner, b.invoice_id, EXTRA),
    "edit-item": lambda b: b.ledger.edit_item(
        b.world.owner, b.invoice_id, b.world.invoice_view(b.invoice_id).items[0].id, EditLine(description="x")
    ),
    "remove-item": lambda b: b.ledger.remove_item(
        b.world.owner, b.invoice_id, b.world.invoice_view(b.invoice_id).items[0].id
    ),
    "remove-import": lambda b: b.ledger.remove_import(
        b.world.owner, b.invoice_id, b.world.invoice_view(b.invoice_id).items[0].import_id
    ),
    "import": lambda b: b.world.import_(b.invoice_id),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_a_sent_invoice_refuses_every_edit_as_locked_and_records_nothing(
    ledger: Ledger, edit: Callable[[Billed], object]
) -> None:
    billed = given_a_billed_invoice(ledger)
    billed.world.log(billed.world.project(billed.client_id, "Late"), "2026-10-20T09:00:00+00:00", 600)
    ledger.send_invoice(billed.world.owner, billed.invoice_id)
    before = event_count(ledger)

    with pytest.raises(InvoiceLocked):
        edit(billed)

    assert event_count(ledger) == before


@pytest.mark.parametrize("send", [False, True], ids=["unsent", "sent"])
def test_voiding_releases_every_entry_and_expense_with_reason_invoice_voided(
    ledger: Ledger, send: bool
) -> None:
    billed = given_a_billed_invoice(ledger)
    if send:
        ledger.send_invoice(billed.world.owner, billed.invoice_id)

    voided = ledger.void_invoice(billed.world.owner, billed.invoice_id, VoidInvoice(reason="wrong client"))

    assert (voided.status, voided.void_reason) == ("void", "wrong client")
    assert billed.invoiced_flags() == [False, False, False]
    assert billed.released_reasons() == {
        i: ["invoice-voided"] for i in [*billed.entry_ids, *billed.expense_ids]
    }


def test_voiding_records_the_void_and_every_release_in_one_write(ledger: Ledger) -> None:
    billed = given_a_billed_invoice(ledger)
    before = event_count(ledger)
    assert before is not None

    ledger.void_invoice(billed.world.owner, billed.invoice_id, VoidInvoice(reason="duplicate"))

    recorded = ledger.recorder.select_notifications(before, limit=100, inclusive_of_start=False)
    assert [n.id for n in recorded] == list(range(before + 1, before + 5))
    assert sorted(n.topic.rsplit(".", 1)[1] for n in recorded) == ["InvoiceVoided", *["Released"] * 3]
    assert {n.originator_id for n in recorded} == {billed.invoice_id, *billed.entry_ids, *billed.expense_ids}


def test_released_entries_of_a_void_invoice_can_be_billed_again(ledger: Ledger) -> None:
    billed = given_a_billed_invoice(ledger)
    ledger.void_invoice(billed.world.owner, billed.invoice_id, VoidInvoice(reason="redo"))
    again = billed.world.invoice(billed.client_id)

    result = billed.world.import_(again, include_expenses=True, expenses=expense_grouping())

    assert (result.time_entry_count, result.expense_count) == (2, 1)
    assert {billed.world.entry(i).invoice_id for i in billed.entry_ids} == {again}


def test_voiding_an_invoice_with_a_payment_is_an_invalid_transition_and_releases_nothing(
    ledger: Ledger,
) -> None:
    billed = given_a_billed_invoice(ledger)
    ledger.send_invoice(billed.world.owner, billed.invoice_id)
    ledger.record_payment(
        billed.world.owner, billed.invoice_id, RecordPayment(amount=Decimal("10.00"), date=date(2026, 11, 5))
    )
    before = event_count(ledger)

    with pytest.raises(InvalidTransition):
        ledger.void_invoice(billed.world.owner, billed.invoice_id, VoidInvoice(reason="too late"))

    assert event_count(ledger) == before
    assert billed.invoiced_flags() == [True, True, True]


def test_a_void_invoice_can_be_neither_voided_again_nor_sent(ledger: Ledger) -> None:
    world, invoice = given_a_manual_invoice(ledger)
    ledger.void_invoice(world.owner, invoice, VoidInvoice(reason="typo"))

    with pytest.raises(InvalidTransition):
        ledger.void_invoice(world.owner, invoice, VoidInvoice(reason="again"))
    with pytest.raises(InvalidTransition):
        ledger.send_invoice(world.owner, invoice)


def test_deleting_an_unsent_invoice_releases_everything_with_reason_invoice_deleted(ledger: Ledger) -> None:
    billed = given_a_billed_invoice(ledger)

    ledger.delete_invoice(billed.world.owner, billed.invoice_id)

    assert billed.invoiced_flags() == [False, False, False]
    assert billed.released_reasons() == {
        i: ["invoice-deleted"] for i in [*billed.entry_ids, *billed.expense_ids]
    }


def test_a_deleted_invoice_is_not_found_but_keeps_its_history(ledger: Ledger) -> None:
    billed = given_a_billed_invoice(ledger)
    owner = billed.world.owner

    ledger.delete_invoice(owner, billed.invoice_id)

    for gone in (
        lambda: ledger.get_invoice(owner, billed.invoice_id),
        lambda: ledger.send_invoice(owner, billed.invoice_id),
        lambda: ledger.delete_invoice(owner, billed.invoice_id),
        lambda: ledger.add_item(owner, billed.invoice_id, EXTRA),
    ):
        with pytest.raises(NotFound):
            gone()
    history = ledger.history(owner, "invoice", billed.invoice_id)
    assert [e.type for e in history] == ["InvoiceCreated", "ItemsImported", "InvoiceDeleted"]


def test_deleting_a_sent_invoice_is_an_invalid_transition(ledger: Ledger) -> None:
    billed = given_a_billed_invoice(ledger)
    ledger.send_invoice(billed.world.owner, billed.invoice_id)

    with pytest.raises(InvalidTransition):
        ledger.delete_invoice(billed.world.owner, billed.invoice_id)

    assert billed.invoiced_flags() == [True, True, True]


def test_deleting_a_void_invoice_does_not_release_its_entries_twice(ledger: Ledger) -> None:
    billed = given_a_billed_invoice(ledger)
    ledger.void_invoice(billed.world.owner, billed.invoice_id, VoidInvoice(reason="wrong month"))

    ledger.delete_invoice(billed.world.owner, billed.invoice_id)

    assert billed.released_reasons() == {
        i: ["invoice-voided"] for i in [*billed.entry_ids, *billed.expense_ids]
    }
    deleted = ledger.history(billed.world.owner, "invoice", billed.invoice_id)[-1]
    assert (deleted.type, deleted.data["time_entry_ids"], deleted.data["expense_ids"]) == (
        "InvoiceDeleted",
        [],
        [],
    )


def test_deleting_a_void_invoice_leaves_alone_the_entries_billed_elsewhere_since(ledger: Ledger) -> None:
    billed = given_a_billed_invoice(ledger)
    ledger.void_invoice(billed.world.owner, billed.invoice_id, VoidInvoice(reason="wrong month"))
    again = billed.world.invoice(billed.client_id)
    billed.world.import_(again, include_expenses=True, expenses=expense_grouping())

    ledger.delete_invoice(billed.world.owner, billed.invoice_id)

    assert billed.invoiced_flags() == [True, True, True]
    assert {billed.world.entry(i).invoice_id for i in billed.entry_ids} == {again}


@pytest.mark.parametrize(
    ("due_date", "payment", "shown"),
    [
        (date(2026, 11, 30), None, "overdue"),
        (date(2026, 11, 30), "100.00", "overdue"),
        (date(2026, 11, 30), "500.00", "paid"),
        (date(2026, 12, 1), None, "sent"),
        (date(2026, 12, 2), "100.00", "partially_paid"),
    ],
    ids=["past-due", "past-due-partially-paid", "past-due-but-paid", "due-today", "not-yet-due"],
)
def test_a_sent_invoice_past_its_due_date_with_a_balance_is_shown_overdue(
    december: Ledger, due_date: date, payment: str | None, shown: str
) -> None:
    world, invoice = given_a_manual_invoice(december, issue_date=date(2026, 10, 1), due_date=due_date)
    december.send_invoice(world.owner, invoice)
    if payment is not None:
        december.record_payment(
            world.owner, invoice, RecordPayment(amount=Decimal(payment), date=date(2026, 11, 15))
        )

    assert world.invoice_view(invoice).status == shown


def test_an_unsent_invoice_past_its_due_date_is_not_overdue(december: Ledger) -> None:
    world, invoice = given_a_manual_invoice(december, issue_date=date(2026, 10, 1))

    assert world.invoice_view(invoice).status == "unsent"


def test_an_overdue_invoice_still_takes_payments(december: Ledger) -> None:
    world, invoice = given_a_manual_invoice(december, issue_date=OCTOBER[0])
    december.send_invoice(world.owner, invoice)

    december.record_payment(
        world.owner, invoice, RecordPayment(amount=Decimal("500.00"), date=date(2026, 12, 1))
    )

    assert world.invoice_view(invoice).status == "paid"
