"""Line items by hand: add, edit, remove, and the totals that follow (SPEC §6), on both backends."""

import dataclasses
from collections.abc import Callable
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from pydantic import ValidationError

from ledger.application import Ledger
from ledger.commands import AddLine, ChangeSettings, EditLine
from ledger.errors import InvoiceLocked, NotFound
from ledger.invoice import ItemType
from ledger.totals import TaxMode, Totals
from ledger.views import ImportView, InvoiceView, LineView
from support.refusals import event_count, refused_fields
from support.world import World, expense_grouping, given_world, grouping


def given_an_imported_invoice(world: World) -> tuple[UUID, ImportView]:
    """An invoice with two imported lines: two entries on one, an entry and an expense on another."""
    client = world.client()
    website, app = world.project(client, "Website"), world.project(client, "App")
    world.log(website, "2026-10-05T09:00:00+00:00", 3600)
    world.log(website, "2026-10-06T09:00:00+00:00", 1800)
    world.log(app, "2026-10-07T09:00:00+00:00", 900)
    world.expense(app, world.category("Hotel"), amount="89.90")
    invoice = world.invoice(client)
    result = world.import_(
        invoice,
        include_expenses=True,
        time=grouping("grouped", "project"),
        expenses=expense_grouping("grouped", "project"),
    )
    return invoice, result


def line_described(result: ImportView, description: str, item_type: ItemType) -> LineView:
    lines = result.items
    [line] = [i for i in lines if (i.description, i.item_type) == (description, item_type)]
    return line


def add_consulting(ledger: Ledger, world: World, invoice: UUID, quantity: str = "2.5") -> LineView:
    return ledger.add_item(
        world.owner, invoice, AddLine(description="Consulting", quantity=quantity, unit_price="33.33")
    )


def totals_of(view: InvoiceView) -> Totals:
    """The totals an invoice view shows, as the totals of SPEC §6."""
    return Totals(**{field.name: getattr(view, field.name) for field in dataclasses.fields(Totals)})


def versions(world: World, entry_ids: tuple[UUID, ...]) -> list[int]:
    return [world.entry(entry).version for entry in entry_ids]


def recorded_since(ledger: Ledger, last_id: int | None) -> list[tuple[str, str]]:
    """(originator id, event name) of everything recorded after notification `last_id`."""
    notifications = ledger.recorder.select_notifications(start=(last_id or 0) + 1, limit=100)
    return sorted((str(n.originator_id), n.topic.rsplit(".", 1)[-1]) for n in notifications)


# Adding.


def test_a_manual_line_costs_its_quantity_times_unit_price_rounded_half_up(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())

    line = ledger.add_item(
        world.owner,
        invoice,
        AddLine(
            description="Workshop", quantity="2.5", unit_price="33.33", item_type=ItemType.PRODUCT, unit="day"
        ),
    )

    assert (line.description, line.quantity, line.unit, line.unit_price, line.amount) == (
        "Workshop",
        Decimal("2.5"),
        "day",
        Decimal("33.33"),
        Decimal("83.33"),
    )
    assert (line.item_type, line.position, line.import_id, line.time_entry_ids) == (
        ItemType.PRODUCT,
        1,
        None,
        [],
    )
    assert world.invoice_view(invoice).items == [line]


def test_a_manual_line_is_a_service_without_a_unit_by_default(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())

    line = add_consulting(ledger, world, invoice)

    assert (line.item_type, line.unit) == (ItemType.SERVICE, None)


def test_a_manual_line_follows_the_imported_ones_and_adds_to_the_subtotal(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, imported = given_an_imported_invoice(world)

    line = add_consulting(ledger, world, invoice)

    assert line.position == len(imported.items) + 1
    view = world.invoice_view(invoice)
    assert view.subtotal == imported.amount + Decimal("83.33")
    assert view.items[-1] == line


def test_a_manual_line_of_zero_quantity_is_invalid_and_nothing_is_recorded(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())
    before = event_count(ledger)

    with pytest.raises(ValidationError) as refused:
        add_consulting(ledger, world, invoice, quantity="0")

    assert refused_fields(refused.value) == {"quantity"}
    assert event_count(ledger) == before


def test_a_manual_line_without_a_description_is_invalid(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())

    with pytest.raises(ValidationError) as refused:
        ledger.add_item(world.owner, invoice, AddLine(description="  ", quantity="1", unit_price="10.00"))

    assert refused_fields(refused.value) == {"description"}


# Editing.


def test_editing_an_imported_line_recomputes_its_amount_from_quantity_and_unit_price(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, imported = given_an_imported_invoice(world)
    line = line_described(imported, "Website", ItemType.SERVICE)

    edited = ledger.edit_item(
        world.owner,
        invoice,
        line.id,
        EditLine(
            description="Website redesign",
            quantity="1.25",
            unit="hours",
            unit_price="99.99",
            item_type=ItemType.PRODUCT,
        ),
    )

    assert (edited.description, edited.quantity, edited.unit, edited.unit_price, edited.item_type) == (
        "Website redesign",
        Decimal("1.25"),
        "hours",
        Decimal("99.99"),
        ItemType.PRODUCT,
    )
    assert edited.amount == Decimal("124.99")  # 124.9875 half up
    assert (edited.position, edited.import_id, edited.time_entry_ids) == (
        line.position,
        line.import_id,
        line.time_entry_ids,
    )
    assert (edited.raw_seconds, edited.billed_seconds, edited.quantity_overridden) == (5400, 5400, True)


def test_editing_the_quantity_of_an_imported_time_line_keeps_what_was_tracked_and_billed(
    ledger: Ledger,
) -> None:
    world = given_world(ledger)
    ledger.change_settings(world.owner, ChangeSettings.model_validate({"rounding": {"minutes": 15}}))
    client = world.client()
    world.log(world.project(client), "2026-10-05T09:00:00+00:00", 3700)
    invoice = world.invoice(client)
    [line] = world.import_(invoice, round_time=True).items

    edited = ledger.edit_item(world.owner, invoice, line.id, EditLine(quantity="1"))

    assert (line.raw_seconds, line.billed_seconds, line.quantity_overridden) == (3700, 4500, False)
    assert (edited.quantity, edited.amount) == (Decimal("1"), Decimal("100.00"))
    assert (edited.raw_seconds, edited.billed_seconds, edited.quantity_overridden) == (3700, 4500, True)
    assert world.invoice_view(invoice).items == [edited]


def test_an_overridden_quantity_stays_overridden_even_when_set_back(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, imported = given_an_imported_invoice(world)
    line = line_described(imported, "Website", ItemType.SERVICE)

    ledger.edit_item(world.owner, invoice, line.id, EditLine(quantity="2"))
    back = ledger.edit_item(world.owner, invoice, line.id, EditLine(quantity=line.quantity))

    assert (back.quantity, back.amount, back.quantity_overridden) == (line.quantity, line.amount, True)


@pytest.mark.parametrize(
    ("description", "item_type", "edit"),
    [
        ("Website", ItemType.SERVICE, EditLine(description="Website design", unit_price="120.00")),
        ("App", ItemType.PRODUCT, EditLine(quantity="2")),
    ],
    ids=["time-line-but-not-its-quantity", "quantity-of-an-expense-line"],
)
def test_other_edits_never_mark_a_quantity_overridden(
    ledger: Ledger, description: str, item_type: ItemType, edit: EditLine
) -> None:
    world = given_world(ledger)
    invoice, imported = given_an_imported_invoice(world)
    line = line_described(imported, description, item_type)

    edited = ledger.edit_item(world.owner, invoice, line.id, edit)

    assert edited != line
    assert (edited.raw_seconds, edited.billed_seconds, edited.quantity_overridden) == (
        line.raw_seconds,
        line.billed_seconds,
        False,
    )


def test_a_manual_lines_quantity_is_never_overridden(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())
    line = add_consulting(ledger, world, invoice)

    edited = ledger.edit_item(world.owner, invoice, line.id, EditLine(quantity="4"))

    assert (edited.amount, edited.raw_seconds, edited.quantity_overridden) == (Decimal("133.32"), None, False)


def test_editing_a_line_updates_the_invoice_totals(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, imported = given_an_imported_invoice(world)
    line = line_described(imported, "Website", ItemType.SERVICE)

    ledger.edit_item(world.owner, invoice, line.id, EditLine(quantity="2"))

    # The Website line was 1.5 h at 100.00; now 2 h.
    assert world.invoice_view(invoice).subtotal == imported.amount + Decimal("50.00")


def test_editing_an_imported_line_leaves_its_entries_invoiced_and_untouched(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, imported = given_an_imported_invoice(world)
    line = line_described(imported, "Website", ItemType.SERVICE)
    before = versions(world, line.time_entry_ids)

    ledger.edit_item(world.owner, invoice, line.id, EditLine(quantity="2", description="Design"))

    assert versions(world, line.time_entry_ids) == before
    assert [world.entry(entry).line_item_id for entry in line.time_entry_ids] == [line.id, line.id]


def test_editing_a_line_to_zero_quantity_is_invalid_and_nothing_is_recorded(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, imported = given_an_imported_invoice(world)
    before = event_count(ledger)

    with pytest.raises(ValidationError) as refused:
        ledger.edit_item(world.owner, invoice, imported.items[0].id, EditLine(quantity="0"))

    assert refused_fields(refused.value) == {"quantity"}
    assert event_count(ledger) == before


def test_editing_a_line_to_its_own_values_records_nothing(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, imported = given_an_imported_invoice(world)
    line = imported.items[0]
    before = event_count(ledger)

    unchanged = ledger.edit_item(world.owner, invoice, line.id, EditLine(description=line.description))

    assert unchanged == line
    assert event_count(ledger) == before


def test_editing_an_unknown_line_is_not_found(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, _ = given_an_imported_invoice(world)

    with pytest.raises(NotFound):
        ledger.edit_item(world.owner, invoice, uuid4(), EditLine(description="Design"))


# Removing.


@pytest.mark.parametrize(
    ("item_type", "kind"), [(ItemType.SERVICE, "time-entry"), (ItemType.PRODUCT, "expense")]
)
def test_removing_a_line_releases_what_it_billed(ledger: Ledger, item_type: ItemType, kind: str) -> None:
    world = given_world(ledger)
    invoice, imported = given_an_imported_invoice(world)
    line = line_described(imported, "App", item_type)
    [billed_id] = (*line.time_entry_ids, *line.expense_ids)

    ledger.remove_item(world.owner, invoice, line.id)

    get = world.entry if kind == "time-entry" else world.expense_view
    released = get(billed_id)
    assert (released.invoiced, released.invoice_id, released.line_item_id) == (False, None, None)
    last = ledger.history(world.owner, kind, billed_id)[-1]
    assert (last.type, last.data["reason"]) == ("Released", "line-item-removed")


def test_removing_a_line_records_its_removal_and_the_releases_in_one_transaction(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, imported = given_an_imported_invoice(world)
    line = line_described(imported, "Website", ItemType.SERVICE)
    before = event_count(ledger)

    ledger.remove_item(world.owner, invoice, line.id)

    assert recorded_since(ledger, before) == sorted(
        [(str(invoice), "LineItemRemoved"), *((str(e), "Released") for e in line.time_entry_ids)]
    )
    removed = ledger.history(world.owner, "invoice", invoice)[-1]
    assert (removed.type, removed.data["item_id"]) == ("LineItemRemoved", str(line.id))
    assert sorted(removed.data["time_entry_ids"]) == sorted(str(e) for e in line.time_entry_ids)


def test_removing_a_line_leaves_the_other_lines_and_their_entries_alone(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, imported = given_an_imported_invoice(world)
    removed = line_described(imported, "Website", ItemType.SERVICE)
    others = [i for i in imported.items if i.id != removed.id]
    [other_entry] = line_described(imported, "App", ItemType.SERVICE).time_entry_ids
    version = world.entry(other_entry).version

    ledger.remove_item(world.owner, invoice, removed.id)

    view = world.invoice_view(invoice)
    assert view.items == others
    assert view.subtotal == sum((i.amount for i in others), Decimal(0))
    assert (world.entry(other_entry).invoiced, world.entry(other_entry).version) == (True, version)


def test_removing_a_manual_line_releases_nothing(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())
    line = add_consulting(ledger, world, invoice)
    before = event_count(ledger)

    ledger.remove_item(world.owner, invoice, line.id)

    assert recorded_since(ledger, before) == [(str(invoice), "LineItemRemoved")]
    assert totals_of(world.invoice_view(invoice)) == Totals()


def test_entries_of_a_removed_line_can_be_imported_again(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, imported = given_an_imported_invoice(world)
    line = line_described(imported, "Website", ItemType.SERVICE)
    ledger.remove_item(world.owner, invoice, line.id)

    again = world.import_(invoice, time=grouping("grouped", "project"))

    [line_again] = again.items
    assert (line_again.time_entry_ids, line_again.amount) == (line.time_entry_ids, line.amount)


def test_removing_an_unknown_line_is_not_found_and_records_nothing(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, _ = given_an_imported_invoice(world)
    before = event_count(ledger)

    with pytest.raises(NotFound):
        ledger.remove_item(world.owner, invoice, uuid4())

    assert event_count(ledger) == before


# Sent invoices.


@pytest.mark.parametrize("change", ["add", "edit", "remove"])
def test_the_lines_of_a_sent_invoice_cannot_change(ledger: Ledger, change: str) -> None:
    world = given_world(ledger)
    invoice, imported = given_an_imported_invoice(world)
    line = imported.items[0]
    ledger.send_invoice(world.owner, invoice)
    before = event_count(ledger)
    changes: dict[str, Callable[[], object]] = {
        "add": lambda: add_consulting(ledger, world, invoice),
        "edit": lambda: ledger.edit_item(world.owner, invoice, line.id, EditLine(description="Design")),
        "remove": lambda: ledger.remove_item(world.owner, invoice, line.id),
    }

    with pytest.raises(InvoiceLocked):
        changes[change]()

    assert event_count(ledger) == before
    assert world.invoice_view(invoice).items == imported.items


# Totals.


@pytest.mark.parametrize(
    ("tax_mode", "tax2", "total"),
    [
        # tax2 on the base: 7 % of 2339.99 = 163.7993.
        (TaxMode.SIMPLE, Decimal("163.80"), Decimal("2948.39")),
        # tax2 on base + tax: 7 % of 2784.59 = 194.9213.
        (TaxMode.COMPOUND, Decimal("194.92"), Decimal("2979.51")),
    ],
)
def test_totals_follow_edited_lines_with_discount_and_two_taxes(
    ledger: Ledger, tax_mode: TaxMode, tax2: Decimal, total: Decimal
) -> None:
    world = given_world(ledger)
    invoice = world.invoice(
        world.client(),
        discount_percent=Decimal("10"),
        tax_percent=Decimal("19"),
        tax2_percent=Decimal("7"),
        tax_mode=tax_mode,
    )
    design = ledger.add_item(
        world.owner, invoice, AddLine(description="Design", quantity="1", unit_price="1000.00")
    )
    add_consulting(ledger, world, invoice, quantity="3")

    ledger.edit_item(world.owner, invoice, design.id, EditLine(quantity="2.5"))

    # subtotal 2500.00 + 99.99; discount 259.999 → 260.00; base 2339.99; tax 444.5981 → 444.60.
    assert totals_of(world.invoice_view(invoice)) == Totals(
        subtotal=Decimal("2599.99"),
        discount=Decimal("260.00"),
        tax=Decimal("444.60"),
        tax2=tax2,
        total=total,
        paid=Decimal("0.00"),
        balance=total,
    )


def test_totals_follow_a_removed_line_with_discount_and_taxes(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice = world.invoice(
        world.client(), discount_percent=Decimal("5"), tax_percent=Decimal("20"), tax2_percent=Decimal(0)
    )
    add_consulting(ledger, world, invoice, quantity="3")
    extra = ledger.add_item(
        world.owner, invoice, AddLine(description="Extra", quantity="1", unit_price="500.00")
    )

    ledger.remove_item(world.owner, invoice, extra.id)

    # 99.99 less 5.00 (4.9995) = 94.99; tax 18.998 → 19.00.
    totals = world.invoice_view(invoice)
    assert (totals.subtotal, totals.discount, totals.tax, totals.total) == (
        Decimal("99.99"),
        Decimal("5.00"),
        Decimal("19.00"),
        Decimal("113.99"),
    )
