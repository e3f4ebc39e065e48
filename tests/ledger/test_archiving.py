"""Archiving and deleting clients and projects (SPEC §12), on both backends.

Archived clients take no new invoices, archived projects no new entries, expenses or imports
(`archived`); a client or project something refers to cannot be deleted (`in-use`: archive it
instead), and one nothing refers to is deleted and then not found.
"""

from datetime import date, timedelta
from uuid import UUID

import pytest

from ledger.application import Ledger
from ledger.billable import BillableKind
from ledger.commands import (
    ChangeClient,
    ChangeInvoice,
    ChangeProject,
    CreateProject,
    EditTimeEntry,
    ImportItems,
    LogTime,
)
from ledger.errors import Archived, ConcurrentUpdate, InUse, InvalidInput, NotFound, NothingToImport
from ledger.time_entry import TimeEntry
from ledger.views import TimeEntryView
from support.racing import Ledgers, race
from support.refusals import event_count
from support.world import OCTOBER, World, at, given_world

START = "2026-10-05T09:00:00+00:00"


def archive_client(world: World, client: UUID, archived: bool = True) -> None:
    world.ledger.edit_client(world.owner, client, ChangeClient(archived=archived))


def archive_project(world: World, project: UUID, archived: bool = True) -> None:
    world.ledger.edit_project(world.owner, project, ChangeProject(archived=archived))


# Archived clients.


def test_an_archived_client_takes_no_new_invoice_and_nothing_is_recorded(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    archive_client(world, client)
    before = event_count(ledger)

    with pytest.raises(Archived):
        world.invoice(client)

    assert event_count(ledger) == before
    assert world.ledger.get_client(world.owner, client).archived is True


def test_an_unarchived_client_takes_invoices_again(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    archive_client(world, client)

    archive_client(world, client, archived=False)

    assert world.invoice_view(world.invoice(client)).client_id == client


def test_an_invoice_of_a_since_archived_client_takes_no_import(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    entry = world.log(world.project(client), START, 3600)
    invoice = world.invoice(client)
    archive_client(world, client)
    before = event_count(ledger)

    with pytest.raises(Archived):
        world.import_(invoice)

    assert event_count(ledger) == before
    assert world.entry(entry).invoiced is False


def test_an_invoice_cannot_move_to_an_archived_client(ledger: Ledger) -> None:
    world = given_world(ledger)
    globex, initech = world.client("Globex"), world.client("Initech")
    invoice = world.invoice(globex)
    archive_client(world, initech)

    with pytest.raises(Archived):
        world.ledger.change_invoice_details(world.owner, invoice, ChangeInvoice(client_id=initech))

    assert world.invoice_view(invoice).client_id == globex


# Archived projects.


def test_an_archived_project_takes_no_new_time_entry_or_expense(ledger: Ledger) -> None:
    world = given_world(ledger)
    project = world.project(world.client())
    category = world.category()
    archive_project(world, project)
    before = event_count(ledger)

    with pytest.raises(Archived):
        world.log(project, START, 3600)
    with pytest.raises(Archived):
        world.expense(project, category, amount="25.00")

    assert event_count(ledger) == before


def test_an_entry_cannot_move_onto_an_archived_project(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    active, archived = world.project(client, "Website"), world.project(client, "Legacy")
    entry = world.log(active, START, 3600)
    archive_project(world, archived)

    with pytest.raises(Archived):
        ledger.edit_time_entry(world.owner, entry, EditTimeEntry(project_id=archived))

    assert world.entry(entry).project_id == active


def test_an_entry_on_a_since_archived_project_can_still_be_corrected(ledger: Ledger) -> None:
    world = given_world(ledger)
    project = world.project(world.client())
    entry = world.log(project, START, 3600)
    archive_project(world, project)

    corrected = ledger.edit_time_entry(world.owner, entry, EditTimeEntry(description="Design review"))

    assert (corrected.description, corrected.project_id) == ("Design review", project)


def test_the_default_import_skips_archived_projects(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    active, archived = world.project(client, "Website"), world.project(client, "Legacy")
    billed = world.log(active, START, 3600)
    skipped = world.log(archived, START, 3600)
    archive_project(world, archived)

    result = world.import_(world.invoice(client))

    assert [e for item in result.items for e in item.time_entry_ids] == [billed]
    assert world.entry(skipped).invoiced is False


def test_an_import_of_only_archived_projects_has_nothing_to_import(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    project = world.project(client)
    world.log(project, START, 3600)
    archive_project(world, project)

    with pytest.raises(NothingToImport):
        world.import_(world.invoice(client))


def test_naming_an_archived_project_in_an_import_is_refused_and_nothing_is_recorded(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    active, archived = world.project(client, "Website"), world.project(client, "Legacy")
    world.log(active, START, 3600)
    world.log(archived, START, 3600)
    archive_project(world, archived)
    invoice = world.invoice(client)
    before = event_count(ledger)

    with pytest.raises(Archived):
        world.import_(invoice, project_ids=[active, archived])

    assert event_count(ledger) == before


# Deleting what something refers to.


def test_a_client_with_a_project_is_in_use_and_nothing_is_recorded(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    world.project(client)
    before = event_count(ledger)

    with pytest.raises(InUse):
        ledger.delete_client(world.owner, client)

    assert event_count(ledger) == before
    assert ledger.get_client(world.owner, client).name == "Globex"


def test_a_client_with_an_invoice_is_in_use_even_once_the_invoice_is_deleted(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    invoice = world.invoice(client)

    with pytest.raises(InUse):
        ledger.delete_client(world.owner, client)
    ledger.delete_invoice(world.owner, invoice)
    with pytest.raises(InUse):
        ledger.delete_client(world.owner, client)


@pytest.mark.parametrize("kind", list(BillableKind), ids=lambda kind: kind.value)
def test_a_project_with_an_entry_or_expense_is_in_use_and_nothing_is_recorded(
    ledger: Ledger, kind: BillableKind
) -> None:
    world = given_world(ledger)
    project = world.project(world.client())
    if kind is BillableKind.TIME_ENTRY:
        world.log(project, START, 3600)
    else:
        world.expense(project, world.category(), amount="25.00")
    before = event_count(ledger)

    with pytest.raises(InUse):
        ledger.delete_project(world.owner, project)

    assert event_count(ledger) == before
    assert ledger.get_project(world.owner, project).name == "Website"


def test_a_project_whose_entry_was_deleted_is_still_in_use_by_its_history(ledger: Ledger) -> None:
    world = given_world(ledger)
    project = world.project(world.client())
    entry = world.log(project, START, 3600)
    ledger.delete_entry(world.owner, BillableKind.TIME_ENTRY, entry)

    with pytest.raises(InUse):
        ledger.delete_project(world.owner, project)


def test_a_client_whose_projects_were_all_deleted_can_be_deleted(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    project = world.project(client)
    ledger.delete_project(world.owner, project)

    ledger.delete_client(world.owner, client)

    with pytest.raises(NotFound):
        ledger.get_client(world.owner, client)


# Deleting what nothing refers to.


def test_a_deleted_client_is_not_found_and_takes_nothing_new(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()

    ledger.delete_client(world.owner, client)

    for gone in (
        lambda: ledger.get_client(world.owner, client),
        lambda: ledger.edit_client(world.owner, client, ChangeClient(name="Again")),
        lambda: ledger.delete_client(world.owner, client),
    ):
        with pytest.raises(NotFound):
            gone()
    with pytest.raises(InvalidInput) as refused:
        world.invoice(client)
    assert set(refused.value.errors) == {"client_id"}
    with pytest.raises(InvalidInput):
        ledger.create_project(world.owner, CreateProject(name="App", client_id=client))


def test_a_deleted_project_is_not_found_and_takes_nothing_new(ledger: Ledger) -> None:
    world = given_world(ledger)
    project = world.project(world.client())

    ledger.delete_project(world.owner, project)

    for gone in (
        lambda: ledger.get_project(world.owner, project),
        lambda: ledger.edit_project(world.owner, project, ChangeProject(name="Again")),
        lambda: ledger.delete_project(world.owner, project),
    ):
        with pytest.raises(NotFound):
            gone()
    with pytest.raises(InvalidInput) as refused:
        world.log(project, START, 3600)
    assert set(refused.value.errors) == {"project_id"}


def test_an_import_naming_a_deleted_project_is_invalid_input(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    kept, deleted = world.project(client, "Website"), world.project(client, "Legacy")
    world.log(kept, START, 3600)
    ledger.delete_project(world.owner, deleted)
    invoice = world.invoice(client)

    with pytest.raises(InvalidInput) as refused:
        ledger.import_items(
            world.owner, invoice, ImportItems(date_from=OCTOBER[0], date_to=OCTOBER[1], project_ids=[deleted])
        )

    assert set(refused.value.errors) == {"project_ids"}


# Racing a deletion.

ROUNDS = 4


def race_deleting_and_logging(apps: list[Ledger], world: World, project: UUID) -> list[object]:
    """Delete the project in one thread while another logs an hour on it: each one's outcome."""
    start = at(START)
    log = LogTime(project_id=project, start=start, end=start + timedelta(hours=1))
    work = [
        lambda app: app.delete_project(world.owner, project),
        lambda app: app.log_time(world.owner, log),
    ]
    return race(apps, lambda app, i: work[i](app))


def test_deleting_a_project_while_time_is_logged_on_it_never_leaves_an_entry_on_a_deleted_project(
    ledger: Ledger, ledgers: Ledgers
) -> None:
    world = given_world(ledger)
    client = world.client()
    apps = ledgers(2)

    for n in range(ROUNDS):
        project = world.project(client, f"Project {n}")

        deleted, logged = race_deleting_and_logging(apps, world, project)

        entries = [e for e in entries_logged(ledger) if e.project_id == project]
        if ledger.repository.get(project).deleted:
            # The deletion won: the entry was refused and recorded nothing.
            assert (deleted, entries) == (None, [])
            assert isinstance(logged, InvalidInput | ConcurrentUpdate), logged
        else:
            # The entry won: it exists, and it refers to the project, so the deletion was refused.
            assert isinstance(logged, TimeEntryView) and [e.id for e in entries] == [logged.id]
            assert isinstance(deleted, InUse | ConcurrentUpdate), deleted


def entries_logged(ledger: Ledger) -> list[TimeEntry]:
    """Every time entry in the store, loaded from its events."""
    notifications = ledger.recorder.select_notifications(start=None, limit=100_000)
    ids = {n.originator_id for n in notifications if n.topic.endswith("TimeEntry.TimeEntryLogged")}
    return [ledger.repository.get(i) for i in ids]


def test_an_unarchived_project_takes_entries_again(ledger: Ledger) -> None:
    world = given_world(ledger)
    project = world.project(world.client())
    archive_project(world, project)
    archive_project(world, project, archived=False)

    entry = world.entry(world.log(project, START, 3600))

    assert (entry.project_id, entry.day) == (project, date(2026, 10, 5))
