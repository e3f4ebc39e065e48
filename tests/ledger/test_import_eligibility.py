"""Which time entries and expenses an import takes (SPEC §5 "Eligible"), on both backends."""

from datetime import date
from uuid import UUID

import pytest
from pydantic import ValidationError

from ledger.access import Role
from ledger.application import Ledger
from ledger.billable import BillableKind
from ledger.commands import ChangeSettings, ImportItems, RecordExpense
from ledger.errors import Forbidden, InvalidInput, NotFound, NothingToImport, ProjectNotOfClient
from ledger.views import ImportView
from support.refusals import event_count, refused_fields
from support.world import OCTOBER, World, given_world

TIME, EXPENSE = BillableKind.TIME_ENTRY, BillableKind.EXPENSE
OCTOBER_IMPORT = ImportItems(date_from=OCTOBER[0], date_to=OCTOBER[1])


def billed_entries(result: ImportView) -> set[UUID]:
    return {entry_id for item in result.items for entry_id in item.time_entry_ids}


def billed_expenses(result: ImportView) -> set[UUID]:
    return {expense_id for item in result.items for expense_id in item.expense_ids}


def given_a_client_with_a_project(world: World) -> tuple[UUID, UUID]:
    client = world.client()
    return client, world.project(client)


def test_an_import_takes_both_ends_of_its_date_range_and_nothing_outside(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_client_with_a_project(world)
    first_day = world.log(project, "2026-10-01T00:00:00+00:00", 3600)
    last_day = world.log(project, "2026-10-31T23:00:00+00:00", 3600)
    world.log(project, "2026-09-30T23:59:00+00:00", 3600)
    world.log(project, "2026-11-01T00:00:00+00:00", 3600)
    invoice = world.invoice(client)

    result = world.import_(invoice)

    assert billed_entries(result) == {first_day, last_day}
    assert result.time_entry_count == 2


def test_the_date_range_is_read_in_the_workspace_timezone(ledger: Ledger) -> None:
    world = given_world(ledger, timezone="Europe/Berlin")
    client, project = given_a_client_with_a_project(world)
    # 22:30 UTC on Sep 30 is 00:30 on Oct 1 in Berlin (CEST); 23:30 UTC on Oct 31 is Nov 1 (CET).
    october_first_in_berlin = world.log(project, "2026-09-30T22:30:00+00:00", 3600)
    world.log(project, "2026-10-31T23:30:00+00:00", 3600)
    invoice = world.invoice(client)

    result = world.import_(invoice)

    assert billed_entries(result) == {october_first_in_berlin}


def test_an_entry_after_midnight_in_the_workspace_timezone_is_excluded_from_that_month(
    ledger: Ledger,
) -> None:
    world = given_world(ledger, timezone="Europe/Berlin")
    client, project = given_a_client_with_a_project(world)
    november_in_berlin = world.log(project, "2026-10-31T23:30:00+00:00", 3600)
    invoice = world.invoice(client)

    with pytest.raises(NothingToImport):
        world.import_(invoice)

    assert world.entry(november_in_berlin).invoiced is False


def test_non_billable_entries_are_not_imported(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_client_with_a_project(world)
    billable = world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    unbillable = world.log(project, "2026-10-06T09:00:00+00:00", 3600, billable=False)
    invoice = world.invoice(client)

    result = world.import_(invoice)

    assert billed_entries(result) == {billable}
    assert world.entry(unbillable).invoiced is False


def test_entries_of_a_non_billable_project_are_not_imported_by_default(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    internal = world.project(client, "Internal", billable=False)
    world.log(internal, "2026-10-05T09:00:00+00:00", 3600)
    invoice = world.invoice(client)

    with pytest.raises(NothingToImport):
        world.import_(invoice)


def test_deleted_entries_are_not_imported(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_client_with_a_project(world)
    kept = world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    deleted = world.log(project, "2026-10-06T09:00:00+00:00", 3600)
    ledger.delete_entry(world.owner, TIME, deleted)
    invoice = world.invoice(client)

    result = world.import_(invoice)

    assert billed_entries(result) == {kept}


def test_by_default_an_import_takes_every_project_of_the_invoices_client_and_no_other(
    ledger: Ledger,
) -> None:
    world = given_world(ledger)
    globex = world.client("Globex")
    website, app = world.project(globex, "Website"), world.project(globex, "App")
    initrode = world.client("Initrode")
    theirs = world.project(initrode, "Their site")
    on_website = world.log(website, "2026-10-05T09:00:00+00:00", 3600)
    on_app = world.log(app, "2026-10-06T09:00:00+00:00", 3600)
    other_clients = world.log(theirs, "2026-10-07T09:00:00+00:00", 3600)
    invoice = world.invoice(globex)

    result = world.import_(invoice)

    assert billed_entries(result) == {on_website, on_app}
    assert world.entry(other_clients).invoiced is False


def test_chosen_projects_limit_an_import_to_their_entries(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    website, app = world.project(client, "Website"), world.project(client, "App")
    on_website = world.log(website, "2026-10-05T09:00:00+00:00", 3600)
    on_app = world.log(app, "2026-10-06T09:00:00+00:00", 3600)
    invoice = world.invoice(client)

    result = world.import_(invoice, project_ids=[website])

    assert billed_entries(result) == {on_website}
    assert world.entry(on_app).invoiced is False


def test_with_invoice_approved_only_an_import_takes_only_approved_entries(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_client_with_a_project(world)
    approved = world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    unapproved = world.log(project, "2026-10-06T09:00:00+00:00", 3600)
    ledger.set_approval(world.owner, TIME, approved, True)
    ledger.change_settings(world.owner, ChangeSettings(invoice_approved_only=True))
    invoice = world.invoice(client)

    result = world.import_(invoice)

    assert billed_entries(result) == {approved}
    assert world.entry(unapproved).invoiced is False


def test_without_invoice_approved_only_unapproved_entries_are_imported(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_client_with_a_project(world)
    approved = world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    unapproved = world.log(project, "2026-10-06T09:00:00+00:00", 3600)
    ledger.set_approval(world.owner, TIME, approved, True)
    invoice = world.invoice(client)

    result = world.import_(invoice)

    assert billed_entries(result) == {approved, unapproved}


def test_a_project_of_another_client_is_refused_and_nothing_is_recorded(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_client_with_a_project(world)
    theirs = world.project(world.client("Initrode"), "Their site")
    world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    world.log(theirs, "2026-10-06T09:00:00+00:00", 3600)
    invoice = world.invoice(client)
    before = event_count(ledger)

    with pytest.raises(ProjectNotOfClient):
        world.import_(invoice, project_ids=[project, theirs])

    assert event_count(ledger) == before


def test_an_unknown_project_is_invalid_input(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_client_with_a_project(world)
    world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    stranger = given_world(ledger)
    their_project = stranger.project(stranger.client())
    invoice = world.invoice(client)

    with pytest.raises(InvalidInput) as refused:
        world.import_(invoice, project_ids=[their_project])

    assert set(refused.value.errors) == {"project_ids"}


def test_nothing_eligible_is_refused_as_nothing_to_import_and_nothing_is_recorded(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_client_with_a_project(world)
    world.log(project, "2026-09-15T09:00:00+00:00", 3600)
    invoice = world.invoice(client)
    before = event_count(ledger)

    with pytest.raises(NothingToImport):
        world.import_(invoice)

    assert event_count(ledger) == before


def test_a_client_without_projects_has_nothing_to_import(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())

    with pytest.raises(NothingToImport):
        world.import_(invoice)


def test_an_end_before_the_start_is_invalid_input_and_nothing_is_recorded(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_client_with_a_project(world)
    world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    invoice = world.invoice(client)
    before = event_count(ledger)

    with pytest.raises(ValidationError) as refused:
        world.import_(invoice, date_from=date(2026, 10, 31), date_to=date(2026, 10, 1))

    assert refused_fields(refused.value) == {"date_to"}
    assert event_count(ledger) == before


def test_a_one_day_range_is_allowed(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_client_with_a_project(world)
    that_day = world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    world.log(project, "2026-10-06T09:00:00+00:00", 3600)
    invoice = world.invoice(client)

    result = world.import_(invoice, date_from=date(2026, 10, 5), date_to=date(2026, 10, 5))

    assert billed_entries(result) == {that_day}


def test_importing_neither_time_nor_expenses_is_invalid_input(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_client_with_a_project(world)
    world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    invoice = world.invoice(client)
    before = event_count(ledger)

    with pytest.raises(ValidationError) as refused:
        world.import_(invoice, include_time=False, include_expenses=False)

    assert refused_fields(refused.value) == {"include_expenses"}
    assert event_count(ledger) == before


def test_expenses_are_left_out_unless_asked_for(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_client_with_a_project(world)
    world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    expense = world.expense(project, world.category(), amount="25.00")
    invoice = world.invoice(client)

    result = world.import_(invoice)

    assert (result.time_entry_count, result.expense_count) == (1, 0)
    assert world.expense_view(expense).invoiced is False


def test_an_import_of_expenses_only_leaves_the_time_uninvoiced(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_client_with_a_project(world)
    entry = world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    expense = world.expense(project, world.category(), amount="25.00")
    invoice = world.invoice(client)

    result = world.import_(invoice, include_time=False, include_expenses=True)

    assert (result.time_entry_count, result.expense_count) == (0, 1)
    assert billed_entries(result) == set()
    assert billed_expenses(result) == {expense}
    assert world.entry(entry).invoiced is False


def test_expenses_are_eligible_by_their_date_billable_flag_and_project(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_client_with_a_project(world)
    theirs = world.project(world.client("Initrode"), "Their site")
    travel = world.category()
    in_range = world.expense(project, travel, day="2026-10-31", amount="10.00")
    world.expense(project, travel, day="2026-11-01", amount="20.00")
    world.expense(theirs, travel, day="2026-10-10", amount="30.00")
    unbillable = ledger.record_expense(
        world.owner,
        RecordExpense(
            project_id=project, category_id=travel, date=date(2026, 10, 10), amount="40.00", billable=False
        ),
    )
    deleted = world.expense(project, travel, day="2026-10-11", amount="50.00")
    ledger.delete_entry(world.owner, EXPENSE, deleted)
    invoice = world.invoice(client)

    result = world.import_(invoice, include_time=False, include_expenses=True)

    assert billed_expenses(result) == {in_range}
    assert world.expense_view(unbillable.id).invoiced is False


def test_with_invoice_approved_only_an_import_takes_only_approved_expenses(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_client_with_a_project(world)
    travel = world.category()
    approved = world.expense(project, travel, amount="10.00")
    world.expense(project, travel, amount="20.00")
    ledger.set_approval(world.owner, EXPENSE, approved, True)
    ledger.change_settings(world.owner, ChangeSettings(invoice_approved_only=True))
    invoice = world.invoice(client)

    result = world.import_(invoice, include_time=False, include_expenses=True)

    assert billed_expenses(result) == {approved}


def test_a_member_may_not_import(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_client_with_a_project(world)
    mia = world.member("Mia", Role.MEMBER)
    world.log(project, "2026-10-05T09:00:00+00:00", 3600, member=mia)
    invoice = world.invoice(client)
    before = event_count(ledger)

    with pytest.raises(Forbidden):
        ledger.import_items(mia, invoice, OCTOBER_IMPORT)

    assert event_count(ledger) == before


def test_another_workspaces_invoice_is_not_found(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_client_with_a_project(world)
    world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    invoice = world.invoice(client)
    stranger = given_world(ledger)

    with pytest.raises(NotFound):
        ledger.import_items(stranger.owner, invoice, OCTOBER_IMPORT)
