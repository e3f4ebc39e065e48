"""Importing expenses: per-unit and plain amounts, merged lines, captured prices (SPEC §3, §5)."""

from decimal import Decimal
from typing import Any
from uuid import UUID

from ledger.application import Ledger
from ledger.commands import ChangeCategory
from ledger.invoice import ItemType
from ledger.views import ImportView
from support.world import World, expense_grouping, given_world


def given_a_project(world: World) -> tuple[UUID, UUID]:
    client = world.client()
    return client, world.project(client)


def import_expenses(world: World, invoice: UUID, **fields: Any) -> ImportView:
    return world.import_(invoice, include_time=False, include_expenses=True, **fields)


def test_an_expense_with_a_unit_is_billed_by_quantity_at_the_captured_unit_price(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    mileage = world.category("Mileage", unit="km", unit_price="0.30")
    world.expense(project, mileage, quantity="12.5", note="to the client")
    invoice = world.invoice(client)

    result = import_expenses(world, invoice)

    [line] = result.items
    assert (line.item_type, line.quantity, line.unit, line.unit_price, line.amount) == (
        ItemType.PRODUCT,
        Decimal("12.5"),
        "km",
        Decimal("0.30"),
        Decimal("3.75"),
    )
    assert line.description == "Mileage - to the client - Olga Owner - 2026-10-10"
    assert (line.raw_seconds, line.billed_seconds, line.time_entry_ids) == (None, None, [])


def test_an_expense_without_a_unit_is_billed_as_one_of_its_amount(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    world.expense(project, world.category("Hotel"), amount="89.90")
    invoice = world.invoice(client)

    result = import_expenses(world, invoice)

    [line] = result.items
    assert (line.quantity, line.unit, line.unit_price, line.amount) == (
        Decimal(1),
        None,
        Decimal("89.90"),
        Decimal("89.90"),
    )
    assert result.amount == Decimal("89.90")


def test_merged_expenses_without_a_unit_are_one_of_their_sum(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    hotel, meals = world.category("Hotel"), world.category("Meals")
    world.expense(project, hotel, day="2026-10-10", amount="89.90")
    world.expense(project, hotel, day="2026-10-11", amount="89.90")
    world.expense(project, meals, day="2026-10-11", amount="23.45")
    invoice = world.invoice(client)

    result = import_expenses(world, invoice, expenses=expense_grouping("single"))

    [line] = result.items
    assert (line.description, line.quantity, line.unit_price, line.amount, len(line.expense_ids)) == (
        "Expenses",
        Decimal(1),
        Decimal("203.25"),
        Decimal("203.25"),
        3,
    )


def test_merged_expenses_with_a_unit_add_their_quantities_and_are_priced_once(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    mileage = world.category("Mileage", unit="km", unit_price="0.33")
    world.expense(project, mileage, day="2026-10-10", quantity="10.05")
    world.expense(project, mileage, day="2026-10-11", quantity="10.05")
    invoice = world.invoice(client)

    result = import_expenses(world, invoice, expenses=expense_grouping("grouped", "category"))

    # Each alone costs round2(3.3165) = 3.32; together round2(20.10 × 0.33) = 6.63, not 6.64.
    [line] = result.items
    assert (line.description, line.quantity, line.unit, line.amount) == (
        "Mileage",
        Decimal("20.10"),
        "km",
        Decimal("6.63"),
    )


def test_expenses_with_and_without_a_unit_are_never_merged(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    world.expense(project, world.category("Mileage", unit="km", unit_price="0.30"), quantity="100")
    world.expense(project, world.category("Hotel"), amount="89.90")
    invoice = world.invoice(client)

    result = import_expenses(world, invoice, expenses=expense_grouping("single"))

    assert sorted((i.description, i.quantity, i.unit, i.amount) for i in result.items) == [
        ("Expenses", Decimal(1), None, Decimal("89.90")),
        ("Expenses", Decimal("100"), "km", Decimal("30.00")),
    ]


def test_grouping_expenses_by_user_then_by_category_gives_a_line_per_pair(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    mia = world.member("Mia")
    hotel, meals = world.category("Hotel"), world.category("Meals")
    world.expense(project, hotel, amount="80.00", member=mia)
    world.expense(project, meals, amount="20.00", member=mia)
    world.expense(project, meals, amount="15.00", member=mia)
    world.expense(project, meals, amount="30.00")
    invoice = world.invoice(client)

    result = import_expenses(world, invoice, expenses=expense_grouping("grouped", "user", then_by="category"))

    assert [(i.description, i.amount) for i in result.items] == [
        ("Mia - Hotel", Decimal("80.00")),
        ("Mia - Meals", Decimal("35.00")),
        ("Olga Owner - Meals", Decimal("30.00")),
    ]


def test_the_unit_price_is_the_one_captured_when_the_expense_was_recorded(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    mileage = world.category("Mileage", unit="km", unit_price="0.30")
    world.expense(project, mileage, quantity="12.5")
    ledger.edit_category(world.owner, mileage, ChangeCategory(unit_price="0.50"))
    invoice = world.invoice(client)

    result = import_expenses(world, invoice)

    [line] = result.items
    assert (line.unit_price, line.amount) == (Decimal("0.30"), Decimal("3.75"))


def test_expenses_recorded_before_and_after_a_price_change_are_billed_on_separate_lines(
    ledger: Ledger,
) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    mileage = world.category("Mileage", unit="km", unit_price="0.30")
    world.expense(project, mileage, day="2026-10-10", quantity="10")
    ledger.edit_category(world.owner, mileage, ChangeCategory(unit_price="0.50"))
    world.expense(project, mileage, day="2026-10-11", quantity="10")
    invoice = world.invoice(client)

    result = import_expenses(world, invoice, expenses=expense_grouping("grouped", "category"))

    assert sorted((i.description, i.unit_price, i.amount) for i in result.items) == [
        ("Mileage", Decimal("0.30"), Decimal("3.00")),
        ("Mileage", Decimal("0.50"), Decimal("5.00")),
    ]


def test_an_imported_expense_is_invoiced_on_its_line(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    expense = world.expense(project, world.category("Hotel"), amount="89.90")
    invoice = world.invoice(client)

    result = import_expenses(world, invoice)

    [line] = result.items
    billed = world.expense_view(expense)
    assert (billed.invoiced, billed.invoice_id, billed.line_item_id, billed.import_id) == (
        True,
        invoice,
        line.id,
        result.import_id,
    )
