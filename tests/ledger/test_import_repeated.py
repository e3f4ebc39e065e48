"""Several imports into one invoice each take only what is still uninvoiced (SPEC §5)."""

from datetime import date
from uuid import UUID

import pytest

from ledger.application import Ledger
from ledger.errors import NothingToImport
from support.refusals import event_count
from support.world import World, given_world


def given_a_project(world: World) -> tuple[UUID, UUID]:
    client = world.client()
    return client, world.project(client)


def test_importing_the_same_range_again_finds_nothing_and_records_nothing(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    invoice = world.invoice(client)
    world.import_(invoice)
    before = event_count(ledger)

    with pytest.raises(NothingToImport):
        world.import_(invoice)

    assert event_count(ledger) == before


def test_a_second_import_takes_only_time_logged_since_the_first(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    world.log(project, "2026-10-06T09:00:00+00:00", 3600)
    invoice = world.invoice(client)
    first = world.import_(invoice)
    late = world.log(project, "2026-10-02T09:00:00+00:00", 1800)

    second = world.import_(invoice)

    [line] = second.items
    assert line.time_entry_ids == [late]
    assert second.time_entry_count == 1
    assert second.import_id != first.import_id


def test_positions_continue_across_imports(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    world.log(project, "2026-10-06T09:00:00+00:00", 3600)
    invoice = world.invoice(client)
    world.import_(invoice)
    world.log(project, "2026-10-07T09:00:00+00:00", 1800)

    second = world.import_(invoice)

    assert [i.position for i in second.items] == [3]
    assert [i.position for i in world.invoice_view(invoice).items] == [1, 2, 3]


def test_imports_of_adjacent_ranges_each_take_their_own_entries(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    early = world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    late = world.log(project, "2026-10-20T09:00:00+00:00", 3600)
    invoice = world.invoice(client)

    first = world.import_(invoice, date_from=date(2026, 10, 1), date_to=date(2026, 10, 15))
    second = world.import_(invoice, date_from=date(2026, 10, 16), date_to=date(2026, 10, 31))

    assert [i.time_entry_ids for i in first.items] == [[early]]
    assert [i.time_entry_ids for i in second.items] == [[late]]
    assert world.invoice_view(invoice).subtotal == first.amount + second.amount


def test_a_second_import_of_time_can_still_take_the_expenses(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    expense = world.expense(project, world.category(), amount="25.00")
    invoice = world.invoice(client)
    world.import_(invoice)

    second = world.import_(invoice, include_expenses=True)

    assert (second.time_entry_count, second.expense_count) == (0, 1)
    assert [i.expense_ids for i in second.items] == [[expense]]


def test_an_entry_on_one_invoice_is_not_taken_by_another_invoice_of_the_client(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    world.import_(world.invoice(client))
    other = world.invoice(client)
    before = event_count(ledger)

    with pytest.raises(NothingToImport):
        world.import_(other)

    assert event_count(ledger) == before
