"""Recording, pricing, locking and editing expenses (SPEC §2, §3), on both backends."""

from decimal import Decimal
from uuid import UUID

import pytest
from pydantic import ValidationError

from ledger.application import Ledger
from ledger.billable import BillableKind
from ledger.commands import ChangeCategory, EditExpense
from ledger.errors import Archived, EntryLocked, InvalidInput, NotFound
from support.refusals import event_count, refused_fields
from support.world import World, expense_grouping, given_world

EXPENSE = BillableKind.EXPENSE


def given_a_project(ledger: Ledger) -> tuple[World, UUID, UUID]:
    """A workspace with a client and one billable project of it."""
    world = given_world(ledger)
    client = world.client()
    return world, client, world.project(client)


def test_an_expense_in_a_category_with_a_unit_captures_unit_and_price_and_rounds_the_amount(
    ledger: Ledger,
) -> None:
    world, _, project = given_a_project(ledger)
    mileage = world.category("Mileage", unit="km", unit_price="0.30")

    expense = world.expense_view(world.expense(project, mileage, quantity="12.3456"))

    assert (expense.unit, expense.quantity, expense.unit_price, expense.amount) == (
        "km",
        Decimal("12.3456"),
        Decimal("0.30"),
        Decimal("3.70"),
    )


def test_an_expense_in_a_category_with_a_unit_needs_a_quantity(ledger: Ledger) -> None:
    world, _, project = given_a_project(ledger)
    mileage = world.category("Mileage", unit="km", unit_price="0.30")
    before = event_count(ledger)

    with pytest.raises(InvalidInput) as rejected:
        world.expense(project, mileage, amount="10.00")

    assert set(rejected.value.errors) == {"quantity"}
    assert event_count(ledger) == before


@pytest.mark.parametrize("quantity", ["0", "-1", "1.00001"], ids=["zero", "negative", "five-decimals"])
def test_an_expense_quantity_must_be_positive_with_at_most_four_decimals(
    ledger: Ledger, quantity: str
) -> None:
    world, _, project = given_a_project(ledger)
    mileage = world.category("Mileage", unit="km", unit_price="0.30")
    before = event_count(ledger)

    with pytest.raises(ValidationError) as rejected:
        world.expense(project, mileage, quantity=quantity, amount="10.00")

    assert refused_fields(rejected.value) == {"quantity"}
    assert event_count(ledger) == before


def test_a_later_category_price_never_reprices_a_recorded_expense(ledger: Ledger) -> None:
    world, _, project = given_a_project(ledger)
    mileage = world.category("Mileage", unit="km", unit_price="0.30")
    expense_id = world.expense(project, mileage, quantity="100")

    ledger.edit_category(world.owner, mileage, ChangeCategory(unit_price="0.35"))

    expense = world.expense_view(expense_id)
    assert (expense.unit_price, expense.amount, expense.version) == (Decimal("0.30"), Decimal("30.00"), 1)


def test_correcting_the_quantity_keeps_the_captured_unit_price(ledger: Ledger) -> None:
    world, _, project = given_a_project(ledger)
    mileage = world.category("Mileage", unit="km", unit_price="0.30")
    expense_id = world.expense(project, mileage, quantity="100")
    ledger.edit_category(world.owner, mileage, ChangeCategory(unit_price="0.35"))

    expense = ledger.edit_expense(world.owner, expense_id, EditExpense(quantity="120"))

    assert (expense.quantity, expense.unit_price, expense.amount) == (
        Decimal("120"),
        Decimal("0.30"),
        Decimal("36.00"),
    )


def test_moving_an_expense_to_another_category_prices_it_from_that_category(ledger: Ledger) -> None:
    world, _, project = given_a_project(ledger)
    mileage = world.category("Mileage", unit="km", unit_price="0.30")
    van = world.category("Van", unit="km", unit_price="0.50")
    expense_id = world.expense(project, mileage, quantity="100")

    expense = ledger.edit_expense(world.owner, expense_id, EditExpense(category_id=van))

    assert (expense.category_id, expense.unit_price, expense.amount) == (
        van,
        Decimal("0.50"),
        Decimal("50.00"),
    )


def test_an_expense_without_a_unit_takes_its_amount_with_quantity_one(ledger: Ledger) -> None:
    world, _, project = given_a_project(ledger)
    hotel = world.category("Hotel")

    expense = world.expense_view(world.expense(project, hotel, amount="89.90", note="Lyon"))

    priced = (expense.unit, expense.quantity, expense.unit_price, expense.amount)
    assert priced == (None, Decimal(1), Decimal("89.90"), Decimal("89.90"))
    assert expense.note == "Lyon"


def test_an_expense_without_a_unit_needs_an_amount(ledger: Ledger) -> None:
    world, _, project = given_a_project(ledger)
    hotel = world.category("Hotel")

    with pytest.raises(InvalidInput) as rejected:
        world.expense(project, hotel, quantity="3")

    assert set(rejected.value.errors) == {"amount"}


@pytest.mark.parametrize("amount", ["0", "0.00", "10.001"], ids=["zero", "zero-cents", "three-decimals"])
def test_an_expense_amount_must_be_non_zero_with_at_most_two_decimals(ledger: Ledger, amount: str) -> None:
    world, _, project = given_a_project(ledger)
    hotel = world.category("Hotel")
    before = event_count(ledger)

    with pytest.raises(ValidationError) as rejected:
        world.expense(project, hotel, amount=amount, quantity="3")

    assert refused_fields(rejected.value) == {"amount"}
    assert event_count(ledger) == before


def test_an_expense_without_a_unit_may_be_a_negative_refund(ledger: Ledger) -> None:
    world, _, project = given_a_project(ledger)
    hotel = world.category("Hotel")

    expense = world.expense_view(world.expense(project, hotel, amount="-20.00"))

    assert (expense.quantity, expense.amount) == (Decimal(1), Decimal("-20.00"))


def test_an_archived_category_takes_no_new_expenses(ledger: Ledger) -> None:
    world, _, project = given_a_project(ledger)
    hotel = world.category("Hotel")
    ledger.edit_category(world.owner, hotel, ChangeCategory(archived=True))
    before = event_count(ledger)

    with pytest.raises(Archived):
        world.expense(project, hotel, amount="89.90")

    assert event_count(ledger) == before


def test_an_expense_of_a_since_archived_category_can_still_be_corrected(ledger: Ledger) -> None:
    world, _, project = given_a_project(ledger)
    mileage = world.category("Mileage", unit="km", unit_price="0.30")
    expense_id = world.expense(project, mileage, quantity="100")
    ledger.edit_category(world.owner, mileage, ChangeCategory(archived=True))

    expense = ledger.edit_expense(world.owner, expense_id, EditExpense(quantity="90", note="detour"))

    assert (expense.amount, expense.note) == (Decimal("27.00"), "detour")


def test_moving_an_expense_into_an_archived_category_is_refused(ledger: Ledger) -> None:
    world, _, project = given_a_project(ledger)
    hotel, old = world.category("Hotel"), world.category("Lodging")
    expense_id = world.expense(project, hotel, amount="89.90")
    ledger.edit_category(world.owner, old, ChangeCategory(archived=True))

    with pytest.raises(Archived):
        ledger.edit_expense(world.owner, expense_id, EditExpense(category_id=old))

    assert world.expense_view(expense_id).category_id == hotel


def test_an_approved_expense_is_locked_until_its_approval_is_withdrawn(ledger: Ledger) -> None:
    world, _, project = given_a_project(ledger)
    expense_id = world.expense(project, world.category("Hotel"), amount="89.90")
    ledger.set_approval(world.owner, EXPENSE, expense_id, True)

    with pytest.raises(EntryLocked):
        ledger.edit_expense(world.owner, expense_id, EditExpense(note="changed"))
    with pytest.raises(EntryLocked):
        ledger.delete_entry(world.owner, EXPENSE, expense_id)
    ledger.set_approval(world.owner, EXPENSE, expense_id, False)

    assert ledger.edit_expense(world.owner, expense_id, EditExpense(note="changed")).note == "changed"


def test_an_invoiced_expense_is_locked_until_its_line_is_removed(ledger: Ledger) -> None:
    world, client, project = given_a_project(ledger)
    expense_id = world.expense(project, world.category("Hotel"), amount="89.90")
    invoice_id = world.invoice(client)
    [line] = world.import_(
        invoice_id, include_time=False, include_expenses=True, expenses=expense_grouping()
    ).items

    with pytest.raises(EntryLocked):
        ledger.edit_expense(world.owner, expense_id, EditExpense(note="changed"))
    with pytest.raises(EntryLocked):
        ledger.delete_entry(world.owner, EXPENSE, expense_id)
    ledger.remove_item(world.owner, invoice_id, line.id)

    assert ledger.edit_expense(world.owner, expense_id, EditExpense(note="changed")).invoiced is False


def test_a_deleted_expense_is_not_found(ledger: Ledger) -> None:
    world, _, project = given_a_project(ledger)
    expense_id = world.expense(project, world.category("Hotel"), amount="89.90")

    ledger.delete_entry(world.owner, EXPENSE, expense_id)

    with pytest.raises(NotFound):
        world.expense_view(expense_id)
    with pytest.raises(NotFound):
        ledger.edit_expense(world.owner, expense_id, EditExpense(note="changed"))
