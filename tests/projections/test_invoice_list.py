"""The invoice list: status (overdue derived from the day of the read), filters, money strings, CSV."""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest

from ledger.application import Ledger
from ledger.commands import AddLine, ChangeInvoice, RecordPayment, VoidInvoice
from ledger.errors import InvalidInput
from ledger.invoice import InvoiceStatus, is_overdue
from projections import InvoiceFilters, ReadModels
from projections.batch import write
from projections.invoice_list import InvoiceList, InvoiceRow
from projections.queries import Page, live_tables
from projections.readmodel import Insert, cents
from support.world import World, given_world

TODAY = date(2026, 11, 15)
HEADER = (
    "id,number,client_id,client_name,issue_date,due_date,currency,status,subtotal,total,paid,credited,balance"
)


def listed(
    read_models: ReadModels, world: World, today: date = TODAY, page: int = 1, **filters: Any
) -> Page[InvoiceRow]:
    read_models.catch_up()
    return read_models.invoice_list.page(world.owner.workspace_id, InvoiceFilters(**filters), page, 50, today)


def billed(world: World, client: UUID, issue: str, due: str, amount: str = "200.00", **fields: Any) -> UUID:
    """An invoice of one line of `amount`."""
    invoice: UUID = world.invoice(
        client, issue_date=date.fromisoformat(issue), due_date=date.fromisoformat(due), **fields
    )
    line = AddLine(description="Consulting", quantity="1", unit_price=amount)
    world.ledger.add_item(world.owner, invoice, line)
    return invoice


def pay(world: World, invoice: UUID, amount: str) -> None:
    world.ledger.record_payment(world.owner, invoice, RecordPayment(amount=amount, date=date(2026, 11, 1)))


def test_an_invoice_is_listed_with_its_client_dates_status_and_money(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger)
    client = world.client("Initrode", currency="USD")
    invoice = billed(world, client, "2026-10-10", "2026-12-09", tax_percent="10")
    ledger.send_invoice(world.owner, invoice)
    pay(world, invoice, "50.00")

    assert [row.model_dump(mode="json") for row in listed(read_models, world).items] == [
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
            "credited": "0.00",
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
        [row] = listed(read_models, world, today).items
        return row.status

    on_time, late = status(date(2026, 10, 31)), status(date(2026, 11, 1))
    pay(world, invoice, "200.00")

    assert (on_time, late, status(date(2026, 11, 1))) == ("sent", "overdue", "paid")


def test_a_draft_past_its_due_date_is_still_unsent(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    billed(world, world.client(), "2026-10-01", "2026-10-31")

    assert [row.status for row in listed(read_models, world).items] == ["unsent"]


@dataclass
class Book:
    """Eight invoices, one of each status (and one deleted), over two clients (see `book`)."""

    world: World
    ids: dict[str, UUID]
    globex: UUID
    initrode: UUID

    def names(self, rows: list[InvoiceRow]) -> list[str]:
        by_id = {v: k for k, v in self.ids.items()}
        return [by_id[row.id] for row in rows]


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
    ledger.void_invoice(world.owner, ids["void"], VoidInvoice(reason="duplicate"))
    ledger.delete_invoice(world.owner, ids["deleted"])
    return Book(world, ids, globex, initrode)


def test_every_invoice_but_the_deleted_one_is_listed_with_its_status(
    book: Book, read_models: ReadModels
) -> None:
    result = listed(read_models, book.world)

    assert {name: row.status for name, row in zip(book.names(result.items), result.items, strict=True)} == {
        "unsent": "unsent",
        "sent": "sent",
        "overdue": "overdue",
        "partial": "partially_paid",
        "partial_overdue": "overdue",
        "paid": "paid",
        "void": "void",
    }
    assert result.total == 7


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

    assert {name: (book.names(r.items), r.total) for name, r in results.items()} == {
        name: (expected, len(expected)) for name, (_, expected) in FILTERS.items()
    }


def test_the_client_filter_selects_that_clients_invoices(book: Book, read_models: ReadModels) -> None:
    result = listed(read_models, book.world, client_id=book.initrode, status="overdue")

    assert book.names(result.items) == ["overdue", "partial_overdue"]
    assert [row.client_name for row in result.items] == ["Initrode", "Initrode"]


def test_an_invoice_is_overdue_only_as_of_the_day_asked_about(book: Book, read_models: ReadModels) -> None:
    earlier = TODAY - timedelta(days=10)

    assert book.names(listed(read_models, book.world, earlier, status="overdue").items) == []
    assert book.names(listed(read_models, book.world, earlier, status="sent").items) == ["sent", "overdue"]


def test_the_row_follows_new_details_and_a_deleted_payment(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    invoice = billed(world, world.client(), "2026-10-01", "2026-12-31")
    change = ChangeInvoice(number="2026-100", due_date=date(2026, 12, 1))
    ledger.change_invoice_details(world.owner, invoice, change)
    ledger.send_invoice(world.owner, invoice)
    pay(world, invoice, "200.00")
    [payment] = ledger.get_invoice(world.owner, invoice).payments
    assert listed(read_models, world).items[0].status == "paid"

    ledger.delete_payment(world.owner, invoice, payment.id)

    [row] = listed(read_models, world).items
    json_row = row.model_dump(mode="json")
    assert tuple(json_row[k] for k in ("number", "due_date", "status", "paid", "balance")) == (
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
    assert listed(read_models, world).items[0].status == "overdue"

    ledger.reopen_invoice(world.owner, invoice)

    assert listed(read_models, world).items[0].status == "unsent"


def test_a_page_of_invoices_counts_every_listed_one(book: Book, read_models: ReadModels) -> None:
    read_models.catch_up()

    result = read_models.invoice_list.page(book.world.owner.workspace_id, InvoiceFilters(), 2, 3, TODAY)

    assert book.names(result.items) == ["partial", "partial_overdue", "paid"]
    assert (result.page, result.page_size, result.total) == (2, 3, 7)


def test_the_csv_is_a_header_and_every_listed_invoice_with_its_derived_status(
    book: Book, read_models: ReadModels
) -> None:
    filters = InvoiceFilters(client_id=book.initrode)
    rows = listed(read_models, book.world, **vars(filters)).items

    text = read_models.invoice_list.csv(book.world.owner.workspace_id, filters, TODAY)

    lines = text.splitlines()
    assert lines[0] == HEADER
    as_json = [{k: str(v) for k, v in row.model_dump(mode="json").items()} for row in rows]
    assert list(csv.DictReader(io.StringIO(text))) == as_json
    assert [line.split(",")[7:] for line in lines[1:]] == [
        ["overdue", "200.00", "200.00", "0.00", "0.00", "200.00"],
        ["overdue", "200.00", "200.00", "50.00", "0.00", "150.00"],
        ["void", "200.00", "200.00", "0.00", "0.00", "200.00"],
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
        InvoiceStatus.UNSENT,
    )
    assert type(allocated).__name__ == "InvoiceNumberAllocated"
    assert InvoiceList().changes(allocated) == []


def test_unknown_statuses_and_backward_issue_ranges_are_refused_when_filters_are_built() -> None:
    with pytest.raises(InvalidInput) as unknown:
        InvoiceFilters(status="overdu")
    with pytest.raises(InvalidInput) as backward:
        InvoiceFilters(issue_date_from=date(2026, 10, 2), issue_date_to=date(2026, 10, 1))

    assert list(unknown.value.errors) == ["status"]
    assert backward.value.errors == {"issue_date_to": "must not be before issue_date_from"}


# The SQL of "overdue" pinned to `ledger.invoice.is_overdue`: the same cases through both.
# (status, due date, balance, today, overdue as the rule says)
OVERDUE_CASES = [
    ("sent", "2026-11-14", "200.00", "2026-11-15", True),
    ("sent", "2026-11-15", "200.00", "2026-11-15", False),  # due today: not yet
    ("sent", "2026-11-16", "200.00", "2026-11-15", False),
    ("sent", "2026-11-14", "0.01", "2026-11-15", True),
    ("sent", "2026-11-14", "0.00", "2026-11-15", False),
    ("sent", "2026-11-14", "-5.00", "2026-11-15", False),
    ("sent", "2025-12-31", "1.00", "2026-01-01", True),
    ("sent", "2026-02-01", "1.00", "2026-10-01", True),
    ("sent", "2026-10-01", "1.00", "2026-09-30", False),
    ("partially_paid", "2026-11-14", "150.00", "2026-11-15", True),
    ("partially_paid", "2026-11-15", "150.00", "2026-11-15", False),
    ("partially_paid", "2026-11-14", "0.00", "2026-11-15", False),
    ("paid", "2026-11-14", "0.00", "2026-11-15", False),
    ("paid", "2026-11-14", "10.00", "2026-11-15", False),
    ("unsent", "2026-11-14", "200.00", "2026-11-15", False),
    ("void", "2026-11-14", "200.00", "2026-11-15", False),
    ("credited", "2026-11-14", "0.00", "2026-11-15", False),
    ("credited", "2026-11-14", "-200.00", "2026-11-15", False),
]


def test_the_overdue_sql_agrees_with_the_overdue_rule_case_by_case(read_models: ReadModels) -> None:
    tables = live_tables(read_models.store, [read_models.models["invoice_list"]])
    by_sql, by_python = {}, {}
    for n, (status, due, balance, today, _) in enumerate(OVERDUE_CASES):
        workspace, day = uuid4(), date.fromisoformat(today)
        row = {
            "id": uuid4(),
            "workspace_id": workspace,
            "number": f"T-{n}",
            "client_id": uuid4(),
            "issue_date": date(2025, 1, 1),
            "due_date": date.fromisoformat(due),
            "currency": "EUR",
            "status": status,
            "subtotal_cents": 0,
            "total_cents": 0,
            "paid_cents": 0,
            "balance_cents": cents(Decimal(balance)),
            "deleted": False,
        }
        with read_models.store.transaction() as tx:
            write(tx, [Insert("invoices", row)], tables)

        def total(workspace: UUID = workspace, day: date = day, **filters: Any) -> int:
            return read_models.invoice_list.page(workspace, InvoiceFilters(**filters), 1, 10, day).total

        [shown] = read_models.invoice_list.page(workspace, InvoiceFilters(), 1, 10, day).items
        by_sql[n] = (shown.status, total(status="overdue"), total(status=status))
        overdue = is_overdue(InvoiceStatus(status), date.fromisoformat(due), Decimal(balance), day)
        by_python[n] = ("overdue", 1, 0) if overdue else (status, 0, 1)

    assert by_sql == by_python
    assert [by_python[n][0] == "overdue" for n in by_python] == [case[-1] for case in OVERDUE_CASES]
