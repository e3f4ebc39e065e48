"""The detailed expense report: rows, filters, pages, totals of quantity and amount, CSV."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any
from uuid import UUID

import pytest

from ledger.application import Ledger
from ledger.billable import BillableKind
from ledger.commands import ChangeCategory, EditExpense, MarkInvoiced, VoidInvoice
from projections import ReadModels
from projections.expense_report import ExpenseReport, ExpenseReportRow
from projections.readmodel import Insert
from support import reports
from support.world import World, given_world

EXPENSE, TIME = BillableKind.EXPENSE, BillableKind.TIME_ENTRY
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
HEADER = (
    "id,date,note,member_id,member_name,project_id,project_name,client_id,client_name,category_id,"
    "category_name,unit,quantity,unit_price,amount,billable,approved,invoiced,invoice_id,invoice_number,"
    "manually_invoiced"
)


report = partial(reports.report, "expense")
only_row = partial(reports.only_row, "expense")
csv_text = partial(reports.csv_text, "expense")


def test_an_expense_priced_per_unit_is_a_row_with_its_quantity_and_names(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger)
    client = world.client("Globex")
    project = world.project(client, "Website")
    mileage = world.category("Mileage", "km", "0.30")
    mia = world.member("Mia")
    expense = world.expense(project, mileage, "2026-10-10", quantity="12.5", note="client visit", member=mia)

    assert only_row(read_models, world).model_dump(mode="json") == {
        "id": str(expense),
        "date": "2026-10-10",
        "note": "client visit",
        "member_id": str(mia.member_id),
        "member_name": "Mia",
        "project_id": str(project),
        "project_name": "Website",
        "client_id": str(client),
        "client_name": "Globex",
        "category_id": str(mileage),
        "category_name": "Mileage",
        "unit": "km",
        "quantity": "12.5000",
        "unit_price": "0.30",
        "amount": "3.75",
        "billable": True,
        "approved": False,
        "invoiced": False,
        "invoice_id": None,
        "invoice_number": None,
        "manually_invoiced": False,
    }


def test_an_expense_of_an_amount_is_one_unit_at_that_price(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    travel = world.category("Travel")
    world.expense(world.project(world.client()), travel, amount="42.10")

    row = only_row(read_models, world).model_dump(mode="json")

    assert (row["unit"], row["quantity"], row["unit_price"], row["amount"]) == (
        None,
        "1.0000",
        "42.10",
        "42.10",
    )


def test_renaming_a_category_renames_it_on_existing_rows(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    travel = world.category("Travel")
    world.expense(world.project(world.client()), travel, amount="42.10")
    assert only_row(read_models, world).category_name == "Travel"

    ledger.edit_category(world.owner, travel, ChangeCategory(name="Trains"))

    assert only_row(read_models, world).category_name == "Trains"


def test_a_new_quantity_is_priced_at_the_captured_unit_price(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    mileage = world.category("Mileage", "km", "0.30")
    expense = world.expense(world.project(world.client()), mileage, quantity="12.5")
    report(read_models, world)
    ledger.edit_category(world.owner, mileage, ChangeCategory(unit_price="0.50"))

    ledger.edit_expense(world.owner, expense, EditExpense(quantity="20.125", date=date(2026, 10, 11)))

    row = only_row(read_models, world).model_dump(mode="json")
    assert (row["date"], row["quantity"], row["unit_price"], row["amount"]) == (
        "2026-10-11",
        "20.1250",
        "0.30",
        "6.04",
    )


def test_an_imported_expense_shows_its_invoice_until_the_import_is_removed(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger)
    client = world.client()
    world.expense(world.project(client), world.category("Travel"), amount="42.10")
    invoice = world.invoice(client, number="2026-031")
    import_id = world.import_(invoice, include_time=False, include_expenses=True).import_id
    assert import_id is not None
    imported = only_row(read_models, world)

    ledger.remove_import(world.owner, invoice, import_id)

    removed = only_row(read_models, world)

    def status(row: ExpenseReportRow) -> tuple[Any, ...]:
        return (row.invoiced, row.invoice_id, row.invoice_number, row.manually_invoiced)

    assert [status(r) for r in (imported, removed)] == [
        (True, invoice, "2026-031", False),
        (False, None, None, False),
    ]


def test_voiding_the_invoice_makes_its_expenses_uninvoiced_again(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger)
    client = world.client()
    world.expense(world.project(client), world.category("Travel"), amount="42.10")
    invoice = world.invoice(client)
    world.import_(invoice, include_time=False, include_expenses=True)
    ledger.send_invoice(world.owner, invoice)
    assert only_row(read_models, world).invoiced is True

    ledger.void_invoice(world.owner, invoice, VoidInvoice(reason="sent to the wrong client"))

    row = only_row(read_models, world)
    assert (row.invoiced, row.invoice_id, row.invoice_number) == (False, None, None)


def test_expenses_marked_invoiced_by_hand_are_manually_invoiced(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger)
    expense = world.expense(world.project(world.client()), world.category("Travel"), amount="42.10")

    ledger.mark_invoiced(world.owner, EXPENSE, MarkInvoiced(ids=[expense], invoiced=True))

    row = only_row(read_models, world)
    assert (row.invoiced, row.manually_invoiced, row.invoice_id) == (True, True, None)


def test_a_deleted_expense_leaves_the_report_and_its_totals(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    project = world.project(world.client())
    travel = world.category("Travel")
    kept = world.expense(project, travel, amount="42.10")
    deleted = world.expense(project, travel, amount="10.00")
    assert report(read_models, world).total == 2

    ledger.delete_entry(world.owner, EXPENSE, deleted)

    result = report(read_models, world)
    assert [row.id for row in result.items] == [kept]
    assert result.totals.model_dump(mode="json") == {"count": 1, "quantity": "1.0000", "amount": "42.10"}


# Filters, pages and totals over one small trip.


@dataclass
class Trip:
    """Five expenses a..e over three categories, two clients, a project without one, two members."""

    world: World
    ids: dict[str, UUID]
    mileage: UUID
    travel: UUID
    meals: UUID
    initrode: UUID
    internal: UUID
    mia: UUID

    def names(self, rows: list[ExpenseReportRow]) -> list[str]:
        by_id = {v: k for k, v in self.ids.items()}
        return [by_id[row.id] for row in rows]


# name: (quantity, amount) as recorded below; c is on a project that is not billable.
RECORDED = {
    "a": ("12.5", "3.75"),
    "b": ("1", "42.10"),
    "c": ("1", "18.40"),
    "d": ("100.25", "30.08"),
    "e": ("1", "250.00"),
}


@pytest.fixture
def trip(ledger: Ledger) -> Trip:
    world = given_world(ledger)
    globex, initrode = world.client("Globex"), world.client("Initrode")
    website, app = world.project(globex, "Website"), world.project(initrode, "App")
    internal = world.project(None, "Internal", billable=False)
    mileage, travel, meals = (
        world.category("Mileage", "km", "0.30"),
        world.category("Travel"),
        world.category("Meals"),
    )
    mia = world.member("Mia")
    ids = {
        "a": world.expense(website, mileage, "2026-10-03", quantity="12.5"),
        "b": world.expense(app, travel, "2026-10-08", amount="42.10", member=mia),
        "c": world.expense(internal, meals, "2026-10-12", amount="18.40"),
        "d": world.expense(website, mileage, "2026-10-20", quantity="100.25", member=mia),
        "e": world.expense(app, travel, "2026-11-02", amount="250.00"),
    }
    ledger.set_approval(world.owner, EXPENSE, ids["d"], True)
    invoice = world.invoice(initrode)
    world.import_(
        invoice, include_time=False, include_expenses=True, date_from=NOVEMBER[0], date_to=NOVEMBER[1]
    )
    return Trip(world, ids, mileage, travel, meals, initrode, internal, mia.member_id)


def totals_of(names: list[str]) -> dict[str, Any]:
    quantity = sum((Decimal(RECORDED[n][0]) for n in names), Decimal("0.0000"))
    amount = sum((Decimal(RECORDED[n][1]) for n in names), Decimal("0.00"))
    return {"count": len(names), "quantity": str(quantity), "amount": str(amount)}


# Each filter, and the expenses it selects.
FILTERS: dict[str, tuple[Callable[[Trip], dict[str, Any]], list[str]]] = {
    "none": (lambda t: {}, ["a", "b", "c", "d", "e"]),
    "category_ids": (lambda t: {"category_ids": (t.mileage,)}, ["a", "d"]),
    "two_categories": (lambda t: {"category_ids": (t.travel, t.meals)}, ["b", "c", "e"]),
    "dates": (lambda t: {"date_from": date(2026, 10, 8), "date_to": date(2026, 10, 20)}, ["b", "c", "d"]),
    "client_ids": (lambda t: {"client_ids": (t.initrode,)}, ["b", "e"]),
    "project_ids": (lambda t: {"project_ids": (t.internal,)}, ["c"]),
    "member_ids": (lambda t: {"member_ids": (t.mia,)}, ["b", "d"]),
    "not_billable": (lambda t: {"billable": False}, ["c"]),
    "invoiced": (lambda t: {"invoiced": True}, ["e"]),
    "uninvoiced": (lambda t: {"invoiced": False}, ["a", "b", "c", "d"]),
    "approved": (lambda t: {"approved": True}, ["d"]),
    "combined": (lambda t: {"category_ids": (t.mileage,), "member_ids": (t.mia,)}, ["d"]),
}


def test_each_filter_selects_its_rows_and_totals_them(trip: Trip, read_models: ReadModels) -> None:
    results = {name: report(read_models, trip.world, **given(trip)) for name, (given, _) in FILTERS.items()}

    assert {name: trip.names(r.items) for name, r in results.items()} == {
        name: expected for name, (_, expected) in FILTERS.items()
    }
    assert {name: (r.total, r.totals.model_dump(mode="json")) for name, r in results.items()} == {
        name: (len(expected), totals_of(expected)) for name, (_, expected) in FILTERS.items()
    }


def test_quantities_are_totalled_to_four_decimals(trip: Trip, read_models: ReadModels) -> None:
    totals = report(read_models, trip.world).totals.model_dump(mode="json")

    assert totals == {"count": 5, "quantity": "115.7500", "amount": "344.33"}


def test_a_page_holds_page_size_rows_and_the_totals_cover_every_matching_row(
    trip: Trip, read_models: ReadModels
) -> None:
    result = report(read_models, trip.world, page=2, page_size=2, billable=True)

    assert trip.names(result.items) == ["d", "e"]
    assert (result.page, result.page_size, result.total) == (2, 2, 4)
    assert result.totals.model_dump(mode="json") == totals_of(["a", "b", "d", "e"])


def test_the_csv_is_a_header_and_every_matching_row(trip: Trip, read_models: ReadModels) -> None:
    rows = report(read_models, trip.world, category_ids=(trip.mileage,)).items

    text = csv_text(read_models, trip.world, category_ids=(trip.mileage,))

    lines = text.splitlines()
    assert (lines[0], len(lines)) == (HEADER, 3)
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert [p["id"] for p in parsed] == [str(row.id) for row in rows]
    assert lines[2].endswith(",Mileage,km,100.2500,0.30,30.08,true,true,false,,,false")


def test_quantities_have_four_decimals_and_prices_two_in_json_and_csv_alike(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger)
    mileage = world.category("Mileage", "km", "0.3")
    world.expense(world.project(world.client()), mileage, quantity="42.5")

    row = only_row(read_models, world).model_dump(mode="json")
    [line] = csv.DictReader(io.StringIO(csv_text(read_models, world)))
    totals = report(read_models, world).totals.model_dump(mode="json")

    columns = ("quantity", "unit_price", "amount")
    assert tuple(row[c] for c in columns) == tuple(line[c] for c in columns) == ("42.5000", "0.30", "12.75")
    assert (totals["quantity"], totals["amount"]) == ("42.5000", "12.75")


# The pure function behind the rows.


def test_a_recorded_expense_implies_one_insert_that_a_replay_cannot_duplicate(ledger: Ledger) -> None:
    world = given_world(ledger)
    mileage = world.category("Mileage", "km", "0.30")
    expense = world.expense(world.project(world.client()), mileage, quantity="12.5")
    [recorded] = ledger.events.get(expense)

    [change] = ExpenseReport().changes(recorded)

    assert isinstance(change, Insert) and change.table == "expenses"
    assert change.row_id == expense
    # Quantities in ten-thousandths and money in cents, so that sums are exact on both backends.
    assert (change.values["quantity_e4"], change.values["amount_cents"]) == (125000, 375)


def test_events_of_time_entries_imply_no_statements_for_the_expense_report(ledger: Ledger) -> None:
    world = given_world(ledger)
    entry = world.log(world.project(world.client()), "2026-10-05T09:00:00+00:00", 3600)
    ledger.set_approval(world.owner, TIME, entry, True)

    assert [ExpenseReport().changes(event) for event in ledger.events.get(entry)] == [[], []]
