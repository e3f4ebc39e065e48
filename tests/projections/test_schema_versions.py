"""Read-model versions: each generation records the version of the code that built it, and opening
the read models rebuilds, before anything reads them, every model whose live tables are older."""

import json
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from ledger.access import Actor
from ledger.application import Ledger, open_ledger
from ledger.config import Settings
from projections import InvoiceFilters, ReadModels, ReportFilters
from projections.directory import Directory
from projections.read_models import all_models
from projections.store import ReadStore
from projections.tracking import generations, pending_generation
from support.world import World

FIXTURES = Path(__file__).parents[1] / "fixtures" / "v1"
PREVIOUS_RELEASE = Path(__file__).parent / "fixtures" / "v1_read_models.sql"
VERSIONS = {model.name: model.version for model in all_models()}


def previous_release(prefix: str, table: str = "") -> list[str]:
    """The previous release's statements of its read-model tables that start with `prefix`
    ("CREATE TABLE", "INSERT INTO" ...), of one table or all."""
    lines = PREVIOUS_RELEASE.read_text().splitlines()
    return [line.rstrip(";") for line in lines if line.startswith(f"{prefix} {table}")]


def standing(read_models: ReadModels) -> dict[str, list[tuple[int, bool, int]]]:
    """Each model's generations: number, live or not, version."""
    return {
        name: [(g.generation, g.live, g.version) for g in generations(read_models.store, name)]
        for name in read_models.models
    }


def test_a_new_store_records_that_the_current_code_built_each_model(read_models: ReadModels) -> None:
    assert standing(read_models) == {name: [(1, True, version)] for name, version in VERSIONS.items()}
    assert {row["name"]: row["version"] for row in read_models.status()} == VERSIONS


def test_the_models_whose_rows_changed_since_they_were_first_released_are_at_version_2() -> None:
    assert VERSIONS == {
        "directory": 2,
        "invoiced_status": 2,
        "time_report": 1,
        "expense_report": 1,
        "invoice_list": 2,
        "credit_note_list": 1,
    }


def test_a_model_whose_live_tables_an_older_version_built_is_rebuilt_when_opened(
    settings: Settings,
    ledger: Ledger,
    read_models: ReadModels,
    busy: Callable[[Ledger], World],
    dump: Any,
) -> None:
    busy(ledger)
    read_models.catch_up()
    expected = dump(read_models)
    # The directory's tables as the first release made them (columns missing), and no version.
    old_tables = {name.split()[2] for name in previous_release("CREATE TABLE", "rm_directory_")}
    with read_models.store.transaction() as tx:
        for statement in Directory().drop_statements(1):
            tx.execute(statement)
        for statement in previous_release("CREATE TABLE", "rm_directory_"):
            tx.execute(statement)
        tx.execute("DELETE FROM rm_schema WHERE name = 'directory'")
    assert standing(read_models)["directory"] == [(1, True, 1)]

    reopened = ReadModels.open(settings, ledger)
    try:
        after = standing(reopened)
        rebuilt = dump(reopened)
    finally:
        reopened.close()

    assert after == {name: [(2 if name == "directory" else 1, True, v)] for name, v in VERSIONS.items()}
    assert rebuilt == expected
    for table in old_tables:
        with pytest.raises(read_models.store.missing_table):
            read_models.store.query(f"SELECT COUNT(*) FROM {table}")


def test_an_unfinished_rebuild_by_another_version_is_started_afresh_not_resumed(
    ledger: Ledger, read_models: ReadModels, busy: Callable[[Ledger], World], dump: Any
) -> None:
    busy(ledger)
    read_models.catch_up()
    expected = dump(read_models)

    class FirstDirectory(Directory):
        version = 1

    # Half of a rebuild by the first version: resuming it would skip the first half of the events.
    interrupted = pending_generation(read_models.store, FirstDirectory())
    notes = list(ledger.recorder.select_notifications(0, 10_000, inclusive_of_start=False))
    assert read_models.projector.apply(FirstDirectory(), interrupted, notes[: len(notes) // 2], [])
    assert [(g.generation, g.live, g.version) for g in generations(read_models.store, "directory")] == [
        (1, True, 2),
        (2, False, 1),
    ]

    read_models.rebuild("directory")

    assert standing(read_models)["directory"] == [(3, True, 2)]
    assert dump(read_models) == expected


# The store the previous release wrote (tests/fixtures/v1), opened by this one.


@pytest.fixture
def v1_settings(tmp_path: Path) -> Settings:
    """A copy of the previous release's SQLite store: opening it migrates it."""
    shutil.copy(FIXTURES / "store.sqlite", tmp_path / "store.sqlite")
    return Settings(database_url=f"sqlite:///{tmp_path / 'store.sqlite'}")


@pytest.fixture
def v1_ledger(v1_settings: Settings) -> Iterator[Ledger]:
    ledger = open_ledger(v1_settings)
    yield ledger
    ledger.close()


def lay_previous_read_models(settings: Settings) -> None:
    """The read-model tables the previous release wrote for this store, rows and tracking."""
    store = ReadStore.open(settings)
    try:
        with store.transaction() as tx:
            for prefix in ("CREATE TABLE", "CREATE INDEX", "INSERT INTO"):
                for statement in previous_release(prefix):
                    tx.execute(statement)
    finally:
        store.close()


def answers(read_models: ReadModels, actor: Actor) -> dict[str, Any]:
    """What the lists and reports of the v1 workspace answer, as the API would write them."""
    workspace, zone, today = actor.workspace_id, "Europe/Berlin", date(2026, 11, 15)
    directory = read_models.directory

    def json_of(page: Any, without: set[str] | None = None) -> list[dict[str, Any]]:
        return [row.model_dump(mode="json", exclude=without) for row in page.items]

    return {
        "time": read_models.time_report.page(workspace, ReportFilters(), 1, 50, zone).model_dump(mode="json"),
        "expenses": read_models.expense_report.page(workspace, ReportFilters(), 1, 50, zone).model_dump(
            mode="json"
        ),
        "invoices": json_of(read_models.invoice_list.page(workspace, InvoiceFilters(), 1, 50, today)),
        # The fixture names neither Mia nor the second project: their ids are left out.
        "members": json_of(directory.members(workspace, 1, 50), {"id"}),
        "clients": json_of(directory.clients(workspace, 1, 50)),
        "projects": json_of(directory.projects(workspace, 1, 50), {"id"}),
        "categories": json_of(directory.categories(workspace, 1, 50)),
    }


@pytest.mark.parametrize("read_models_too", [True, False], ids=["with-its-read-models", "events-only"])
def test_a_store_of_the_previous_release_answers_with_the_right_rows_after_the_upgrade(
    v1_settings: Settings, v1_ledger: Ledger, read_models_too: bool, dump: Any
) -> None:
    ids = json.loads((FIXTURES / "ids.json").read_text())
    if read_models_too:
        lay_previous_read_models(v1_settings)
    actor = v1_ledger.authenticate(ids["api_key"])
    assert actor is not None

    read_models = ReadModels.open(v1_settings, v1_ledger)
    try:
        read_models.catch_up()
        answered, after = answers(read_models, actor), standing(read_models)
        upgraded = dump(read_models)
        for name in read_models.models:
            read_models.rebuild(name)
        rebuilt = dump(read_models)
    finally:
        read_models.close()

    # Where the previous release built the tables, only the models whose rows changed are rebuilt,
    # and the tables kept are those a rebuild by this release would write.
    rebuilt_at_open = {"directory", "invoiced_status", "invoice_list"} if read_models_too else set()
    assert after == {name: [(2 if name in rebuilt_at_open else 1, True, v)] for name, v in VERSIONS.items()}
    assert upgraded == rebuilt
    assert answered == expected_answers(v1_ledger, actor, ids)


def expected_answers(ledger: Ledger, actor: Actor, ids: dict[str, Any]) -> dict[str, Any]:
    """The v1 workspace as SPEC §8 and §12 show it: see tests/fixtures/README.md."""
    workspace = UUID(ids["workspace_id"])
    owner = ledger.get_member(actor, actor.member_id)
    client = ledger.get_client(actor, UUID(ids["client_id"]))
    website = ledger.get_project(actor, UUID(ids["project_id"]))
    invoice = ledger.get_invoice(actor, UUID(ids["invoice_id"]))
    design, build = (ledger.get_time_entry(actor, UUID(i)) for i in ids["entries"])
    expense = ledger.get_expense(actor, UUID(ids["expense"]))
    assert workspace == actor.workspace_id

    def time_row(entry: Any, start: str, end: str, day: str, description: str) -> dict[str, Any]:
        line = next(item for item in invoice.items if entry.id in item.time_entry_ids)
        assert line.id == entry.line_item_id
        return {
            "id": str(entry.id),
            "description": description,
            "member_id": str(owner.id),
            "member_name": "Olga Owner",
            "project_id": str(website.id),
            "project_name": "Website",
            "client_id": str(client.id),
            "client_name": "Globex",
            "start": start,
            "end": end,
            "day": day,
            "duration_seconds": entry.duration_seconds,
            "billable": True,
            "hourly_rate": "120.00",
            "amount": entry.model_dump(mode="json")["amount"],
            "approved": False,
            "invoiced": True,
            "invoice_id": str(invoice.id),
            "invoice_number": "INV-0001",
            "manually_invoiced": False,
        }

    return {
        "time": {
            "items": [
                time_row(
                    design, "2026-10-05T11:00:00+02:00", "2026-10-05T13:00:00+02:00", "2026-10-05", "design"
                ),
                time_row(
                    build,
                    "2026-10-06T11:00:00+02:00",
                    "2026-10-06T14:00:00+02:00",
                    "2026-10-06",
                    "build and test",
                ),
            ],
            "total": 2,
            "page": 1,
            "page_size": 50,
            "totals": {"count": 2, "duration_seconds": 18000, "amount": "600.00"},
        },
        "expenses": {
            "items": [
                {
                    "id": str(expense.id),
                    "date": "2026-10-06",
                    "note": "visit",
                    "member_id": str(owner.id),
                    "member_name": "Olga Owner",
                    "project_id": str(website.id),
                    "project_name": "Website",
                    "client_id": str(client.id),
                    "client_name": "Globex",
                    "category_id": str(expense.category_id),
                    "category_name": "Mileage",
                    "unit": "km",
                    "quantity": "45.0000",
                    "unit_price": "0.35",
                    "amount": "15.75",
                    "billable": True,
                    "approved": False,
                    "invoiced": True,
                    "invoice_id": str(invoice.id),
                    "invoice_number": "INV-0001",
                    "manually_invoiced": False,
                }
            ],
            "total": 1,
            "page": 1,
            "page_size": 50,
            "totals": {"count": 1, "quantity": "45.0000", "amount": "15.75"},
        },
        "invoices": [
            {
                "id": str(invoice.id),
                "number": "INV-0001",
                "client_id": str(client.id),
                "client_name": "Globex",
                "issue_date": "2026-11-02",
                "due_date": "2026-12-02",
                "currency": "USD",
                "status": "unsent",
                "subtotal": invoice.model_dump(mode="json")["subtotal"],
                "total": invoice.model_dump(mode="json")["total"],
                "paid": "0.00",
                "credited": "0.00",
                "balance": invoice.model_dump(mode="json")["balance"],
            }
        ],
        "members": [
            {
                "version": 2,
                "name": "Mia",
                "email": "mia@example.com",
                "role": "member",
                "hourly_rate": "85.00",
            },
            {**owner.model_dump(mode="json", exclude={"id"}), "version": 1},
        ],
        "clients": [{**client.model_dump(mode="json"), "version": 2}],
        "projects": [
            {
                "version": 2,
                "client_id": str(client.id),
                "name": "Internal",
                "billable": False,
                "hourly_rate": None,
                "archived": False,
            },
            {**website.model_dump(mode="json", exclude={"id", "member_rates"}), "version": 1},
        ],
        "categories": [
            {
                "id": str(expense.category_id),
                "version": 2,
                "name": "Mileage",
                "unit": "km",
                "unit_price": "0.35",
                "archived": False,
            }
        ],
    }
