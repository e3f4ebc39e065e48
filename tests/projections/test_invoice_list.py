"""The invoice list: status (overdue derived from the day of the read), filters, money strings, CSV."""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from ledger.application import Ledger
from projections import InvoiceFilters, ReadModels
from projections.invoice_list import InvoiceList
from projections.readmodel import Insert
from support.world import World, given_world

TODAY = date(2026, 11, 15)
HEADER = "id,number,client_id,client_name,issue_date,due_date,currency,status,subtotal,total,paid,balance"


def listed(read_models: ReadModels, world: World, today: date = TODAY, page: int = 1, **filters: Any) -> Any:
    read_models.catch_up()
    return read_models.invoices(world.owner.workspace_id, InvoiceFilters(**filters), page, 50, today=today)


def billed(world: World, client: UUID, issue: str, due: str, amount: str = "200.00", **fields: Any) -> UUID:
    """An invoice of one line of `amount`."""
    invoice: UUID = world.invoice(
        client, issue_date=date.fromisoformat(issue), due_date=date.fromisoformat(due), **fields
    )
    world.ledger.add_item(world.owner, invoice, "Consulting", Decimal("1"), Decimal(amount))
    return invoice


def pay(world: World, invoice: UUID, amount: str) -> None:
    world.ledger.record_payment(world.owner, invoice, Decimal(amount), date(2026, 11, 1))


def test_an_invoice_is_listed_with_its_client_dates_status_and_money(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger)
    client = world.client("Initrode", currency="USD")
    invoice = billed(world, client, "2026-10-10", "2026-12-09", tax_percent=Decimal("10"))
    ledger.send_invoice(world.owner, invoice)
    pay(world, invoice, "50.00")

    assert listed(read_models, world)["items"] == [
        {
            "id": str(invoice),
            "number": "INV-0001",
            "client_id": str(client),
            "client_name": "Initrode",
            "issue_date": "2026-10-10",
            "due_date": "2026-12-09",
            "currency": "USD",
            "status": "partially_paid",
            "subtotal": "200.00",
            "total": "220.00",
            "paid": "50.00",
            "balance": "170.00",
        }
    ]


def test_a_sent_invoice_is_overdue_from_the_day_after_its_due_date_while_a_balance_remains(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger)
    invoice = billed(world, world.client(), "2026-10-01", "2026-10-31")
    ledger.send_invoice(world.owner, invoice)

    def status(today: date) -> str:
        [row] = listed(read_models, world, today)["items"]
        return row["status"]  # type: ignore[no-any-return]

    on_time, late = status(date(2026, 10, 31)), status(date(2026, 11, 1))
    pay(world, invoice, "200.00")

    assert (on_time, late, status(date(2026, 11, 1))) == ("sent", "overdue", "paid")


def test_a_draft_past_its_due_date_is_still_unsent(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    billed(world, world.client(), "2026-10-01", "2026-10-31")

    assert [row["status"] for row in listed(read_models, world)["items"]] == ["unsent"]


@dataclass
class Book:
    """Eight invoices, one of each status (and one deleted), over two clients (see `book`)."""

    world: World
    ids: dict[str, UUID]
    globex: UUID
    initrode: UUID

    def names(self, rows: list[dict[str, Any]]) -> list[str]:
        by_id = {str(v): k for k, v in self.ids.items()}
        return [by_id[row["id"]] for row in rows]


@pytest.fixture
def book(ledger: Ledger) -> Book:
    world = given_world(ledger)
    globex, initrode = world.client("Globex"), world.client("Initrode")
    ids = {
        "unsent": billed(world, globex, "2026-10-01", "2026-10-31"),
        "sent": billed(world, globex, "2026-10-05", "2026-11-30"),
        "overdue": billed(world, initrode, "2026-10-10", "2026-11-09"),
        "partial": billed(world, globex, "2026-10-15", "2026-12-15"),
        "partial_overdue": billed(world, initrode, "2026-10-20", "2026-11-10"),
        "paid": billed(world, globex, "2026-10-25", "2026-11-01"),
        "void": billed(world, initrode, "2026-10-28", "2026-11-27"),
        "deleted": billed(world, globex, "2026-10-30", "2026-11-29"),
    }
    for name in ("sent", "overdue", "partial", "partial_overdue", "paid", "void"):
        ledger.send_invoice(world.owner, ids[name])
    pay(world, ids["partial"], "50.00")
    pay(world, ids["partial_overdue"], "50.00")
    pay(world, ids["paid"], "200.00")
    ledger.void_invoice(world.owner, ids["void"], "duplicate")
    ledger.delete_invoice(world.owner, ids["deleted"])
    return Book(world, ids, globex, initrode)


def test_every_invoice_but_the_deleted_one_is_listed_with_its_status(
    book: Book, read_models: ReadModels
) -> None:
    result = listed(read_models, book.world)

    assert {
        name: row["status"] for name, row in zip(book.names(result["items"]), result["items"], strict=True)
    } == {
        "unsent": "unsent",
        "sent": "sent",
        "overdue": "overdue",
        "partial": "partially_paid",
        "partial_overdue": "overdue",
        "paid": "paid",
        "void": "void",
    }
    assert result["total"] == 7


# Each filter, and the invoices it selects, in order of issue.
FILTERS: dict[str, tuple[dict[str, Any], list[str]]] = {
    "overdue": ({"status": "overdue"}, ["overdue", "partial_overdue"]),
    "sent": ({"status": "sent"}, ["sent"]),
    "partially_paid": ({"status": "partially_paid"}, ["partial"]),
    "paid": ({"status": "paid"}, ["paid"]),
    "void": ({"status": "void"}, ["void"]),
    "unsent": ({"status": "unsent"}, ["unsent"]),
    "issued_from": ({"issue_date_from": date(2026, 10, 20)}, ["partial_overdue", "paid", "void"]),
    "issued_to": ({"issue_date_to": date(2026, 10, 10)}, ["unsent", "sent", "overdue"]),
}


def test_each_filter_selects_its_invoices(book: Book, read_models: ReadModels) -> None:
    results = {name: listed(read_models, book.world, **given) for name, (given, _) in FILTERS.items()}

    assert {name: (book.names(r["items"]), r["total"]) for name, r in results.items()} == {
        name: (expected, len(expected)) for name, (_, expected) in FILTERS.items()
    }


def test_the_client_filter_selects_that_clients_invoices(book: Book, read_models: ReadModels) -> None:
    result = listed(read_models, book.world, client_id=book.initrode, status="overdue")

    assert book.names(result["items"]) == ["overdue", "partial_overdue"]
    assert [row["client_name"] for row in result["items"]] == ["Initrode", "Initrode"]


def test_an_invoice_is_overdue_only_as_of_the_day_asked_about(book: Book, read_models: ReadModels) -> None:
    earlier = TODAY - timedelta(days=10)

    assert book.names(listed(read_models, book.world, earlier, status="overdue")["items"]) == []
    assert book.names(listed(read_models, book.world, earlier, status="sent")["items"]) == ["sent", "overdue"]


def test_the_row_follows_new_details_and_a_deleted_payment(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    invoice = billed(world, world.client(), "2026-10-01", "2026-12-31")
    ledger.change_invoice_details(world.owner, invoice, {"number": "2026-100", "due_date": date(2026, 12, 1)})
    ledger.send_invoice(world.owner, invoice)
    pay(world, invoice, "200.00")
    [payment] = ledger.get_invoice(world.owner, invoice)["payments"]
    assert listed(read_models, world)["items"][0]["status"] == "paid"

    ledger.delete_payment(world.owner, invoice, payment.id)

    [row] = listed(read_models, world)["items"]
    assert (row["number"], row["due_date"], row["status"], row["paid"], row["balance"]) == (
        "2026-100",
        "2026-12-01",
        "sent",
        "0.00",
        "200.00",
    )


def test_a_reopened_invoice_is_unsent_again(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    invoice = billed(world, world.client(), "2026-10-01", "2026-10-31")
    ledger.send_invoice(world.owner, invoice)
    assert listed(read_models, world)["items"][0]["status"] == "overdue"

    ledger.reopen_invoice(world.owner, invoice)

    assert listed(read_models, world)["items"][0]["status"] == "unsent"


def test_a_page_of_invoices_counts_every_listed_one(book: Book, read_models: ReadModels) -> None:
    read_models.catch_up()

    result = read_models.invoices(book.world.owner.workspace_id, InvoiceFilters(), 2, 3, today=TODAY)

    assert book.names(result["items"]) == ["partial", "partial_overdue", "paid"]
    assert (result["page"], result["page_size"], result["total"]) == (2, 3, 7)


def test_the_csv_is_a_header_and_every_listed_invoice_with_its_derived_status(
    book: Book, read_models: ReadModels
) -> None:
    filters = InvoiceFilters(client_id=book.initrode)
    rows = listed(read_models, book.world, **vars(filters))["items"]

    text = read_models.invoices_csv(book.world.owner.workspace_id, filters, TODAY)

    lines = text.splitlines()
    assert lines[0] == HEADER
    assert list(csv.DictReader(io.StringIO(text))) == [{k: str(v) for k, v in row.items()} for row in rows]
    assert [line.split(",")[7:] for line in lines[1:]] == [
        ["overdue", "200.00", "200.00", "0.00", "200.00"],
        ["overdue", "200.00", "200.00", "50.00", "150.00"],
        ["void", "200.00", "200.00", "0.00", "200.00"],
    ]


# The pure function behind the rows.


def test_a_created_invoice_implies_one_insert_and_its_number_allocation_none(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())
    [created] = ledger.events.get(invoice)
    allocated = list(ledger.events.get(world.owner.workspace_id))[-1]

    [change] = InvoiceList().changes(created)

    assert isinstance(change, Insert) and change.table == "invoices"
    assert (change.row_id, change.values["number"], change.values["status"]) == (
        invoice,
        "INV-0001",
        "unsent",
    )
    assert type(allocated).__name__ == "InvoiceNumberAllocated"
    assert InvoiceList().changes(allocated) == []
