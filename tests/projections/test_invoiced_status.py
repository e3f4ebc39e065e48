"""The invoiced status of each entry and expense: by which invoice, line and import, and since when."""

from typing import Any
from uuid import UUID

from ledger.application import Ledger
from ledger.billable import BillableKind
from projections import ReadModels
from projections.directory import Directory
from projections.invoiced_status import InvoicedStatus
from projections.queries import live_tables
from projections.readmodel import Insert, Update
from support.world import given_world


def status_of(read_models: ReadModels, entry_id: UUID) -> tuple[Any, ...]:
    read_models.catch_up()
    table = live_tables(read_models.store, [read_models.models["invoiced_status"]])["status"]
    columns = "kind, invoiced, invoice_id, line_item_id, import_id, manually_invoiced, since"
    [row] = read_models.store.query(f"SELECT {columns} FROM {table} WHERE id = ?", (entry_id,))
    return row


def test_an_imported_entry_and_expense_record_their_invoice_line_and_import_since_the_import(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger)
    client = world.client()
    project = world.project(client)
    entry = world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    expense = world.expense(project, world.category("Travel"), amount="42.10")
    invoice = world.invoice(client)
    imported = world.import_(invoice, include_expenses=True)
    time_line, expense_line = imported.items
    history = {
        i: ledger.history(world.owner, kind.value, i)
        for i, kind in ((entry, BillableKind.TIME_ENTRY), (expense, BillableKind.EXPENSE))
    }

    def expected(kind: str, entry_id: UUID, line: Any) -> tuple[Any, ...]:
        since = history[entry_id][-1].recorded_at.isoformat()
        return (kind, 1, str(invoice), str(line.id), str(imported.import_id), 0, since)

    assert status_of(read_models, entry) == expected("time-entry", entry, time_line)
    assert status_of(read_models, expense) == expected("expense", expense, expense_line)


def test_a_released_entry_has_no_invoice_line_or_import_left(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    client = world.client()
    entry = world.log(world.project(client), "2026-10-05T09:00:00+00:00", 3600)
    invoice = world.invoice(client)
    world.import_(invoice)
    ledger.delete_invoice(world.owner, invoice)

    released = ledger.history(world.owner, "time-entry", entry)[-1]

    assert released.type == "Released"
    assert status_of(read_models, entry) == (
        "time-entry",
        0,
        None,
        None,
        None,
        0,
        released.recorded_at.isoformat(),
    )


def test_a_release_implies_one_update_and_a_project_event_none(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    project = world.project(client)
    entry = world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    invoice = world.invoice(client)
    [line] = world.import_(invoice).items
    assert line.id is not None
    ledger.remove_item(world.owner, invoice, line.id)
    released = list(ledger.events.get(entry))[-1]
    [project_created] = ledger.events.get(project)

    [change] = InvoicedStatus().changes(released)

    assert change == Update(
        "status",
        entry,
        {
            "invoiced": False,
            "invoice_id": None,
            "line_item_id": None,
            "import_id": None,
            "since": released.timestamp,
        },
    )
    assert InvoicedStatus().changes(project_created) == []


def test_a_member_added_implies_one_insert_and_a_time_entry_event_none(ledger: Ledger) -> None:
    world = given_world(ledger)
    mia = world.member("Mia")
    entry = world.log(world.project(world.client()), "2026-10-05T09:00:00+00:00", 3600, member=mia)
    [added] = ledger.events.get(mia.member_id)
    [logged] = ledger.events.get(entry)

    [change] = Directory().changes(added)

    assert isinstance(change, Insert) and change.table == "members"
    assert (change.row_id, change.values["workspace_id"], change.values["name"]) == (
        mia.member_id,
        world.owner.workspace_id,
        "Mia",
    )
    assert Directory().changes(logged) == []
