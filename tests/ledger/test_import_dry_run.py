"""A dry run answers what an import would bill, with no ids, and records nothing (SPEC §5, §12)."""

from typing import Any
from uuid import UUID

import pytest

from ledger.application import Ledger
from ledger.errors import NothingToImport
from ledger.views import LineView
from support.refusals import event_count
from support.world import World, given_world, grouping


def without_ids(item: LineView) -> dict[str, Any]:
    """A line as it bills, leaving out the ids each import draws afresh."""
    return item.model_dump(exclude={"id", "import_id"})


def given_time_and_an_expense_to_bill(world: World) -> tuple[UUID, list[UUID]]:
    client = world.client()
    project = world.project(client)
    entries = [
        world.log(project, "2026-10-05T09:00:00+00:00", 4545),
        world.log(project, "2026-10-06T09:00:00+00:00", 9930, description="review"),
    ]
    world.expense(project, world.category("Mileage", unit="km", unit_price="0.30"), quantity="12.5")
    return world.invoice(client), entries


def test_a_dry_run_answers_the_same_body_as_the_import_but_its_ids(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, _ = given_time_and_an_expense_to_bill(world)
    request: dict[str, Any] = {
        "include_expenses": True,
        "time": grouping("grouped", "project", then_by="description"),
    }

    preview = world.import_(invoice, dry_run=True, **request)
    result = world.import_(invoice, **request)

    assert [without_ids(i) for i in preview.items] == [without_ids(i) for i in result.items]
    assert (preview.time_entry_count, preview.expense_count, preview.amount) == (
        result.time_entry_count,
        result.expense_count,
        result.amount,
    )
    assert (result.time_entry_count, result.expense_count) == (2, 1)


def test_a_dry_run_carries_no_ids_that_will_never_exist(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, entries = given_time_and_an_expense_to_bill(world)

    preview = world.import_(invoice, include_expenses=True, dry_run=True)

    assert preview.import_id is None
    assert [item.id for item in preview.items] == [None, None, None]
    assert [item.import_id for item in preview.items] == [None, None, None]
    # What it would bill is named, though: those entries exist.
    assert [e for item in preview.items for e in item.time_entry_ids] == entries


def test_a_dry_run_records_nothing(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice, entries = given_time_and_an_expense_to_bill(world)
    version = world.invoice_view(invoice).version
    before = event_count(ledger)

    world.import_(invoice, include_expenses=True, dry_run=True)

    assert event_count(ledger) == before
    assert world.invoice_view(invoice).version == version
    assert world.invoice_view(invoice).items == []
    assert [world.entry(entry).invoiced for entry in entries] == [False, False]


def test_a_dry_run_with_nothing_eligible_is_refused_like_the_import(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())

    with pytest.raises(NothingToImport):
        world.import_(invoice, dry_run=True)
