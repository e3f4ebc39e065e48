"""The detailed time report: from the events of the use cases to rows, filters, pages, totals, CSV."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any
from uuid import UUID

import pytest

from ledger.application import Ledger
from ledger.billable import BillableKind
from ledger.commands import (
    ChangeClient,
    ChangeInvoice,
    ChangeMember,
    ChangeProject,
    ChangeSettings,
    ChangeWorkspace,
    EditTimeEntry,
    MarkInvoiced,
)
from ledger.errors import InvalidInput
from projections import ReadModels, ReportFilters
from projections.readmodel import Insert
from projections.time_report import TimeReport, TimeReportRow
from support import reports
from support.world import World, at, given_world

TIME = BillableKind.TIME_ENTRY
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
HEADER = (
    "id,description,member_id,member_name,project_id,project_name,client_id,client_name,start,end,day,"
    "duration_seconds,duration_hours,duration_hm,billable,hourly_rate,amount,approved,invoiced,invoice_id,"
    "invoice_number,manually_invoiced"
)


report = partial(reports.report, "time")
only_row = partial(reports.only_row, "time")
csv_text = partial(reports.csv_text, "time")


def test_a_logged_entry_is_a_row_with_the_names_of_its_member_project_and_client(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger, timezone="Europe/Berlin")
    client = world.client("Globex")
    project = world.project(client, "Website")
    mia = world.member("Mia")
    entry = world.log(project, "2026-10-05T07:00:00+00:00", 5400, "design review", member=mia)

    assert only_row(read_models, world).model_dump(mode="json") == {
        "id": str(entry),
        "description": "design review",
        "member_id": str(mia.member_id),
        "member_name": "Mia",
        "project_id": str(project),
        "project_name": "Website",
        "client_id": str(client),
        "client_name": "Globex",
        "start": "2026-10-05T09:00:00+02:00",
        "end": "2026-10-05T10:30:00+02:00",
        "day": "2026-10-05",
        "duration_seconds": 5400,
        "billable": True,
        "hourly_rate": "100.00",
        "amount": "150.00",
        "approved": False,
        "invoiced": False,
        "invoice_id": None,
        "invoice_number": None,
        "manually_invoiced": False,
    }


def test_times_are_stored_in_utc_and_shown_in_the_timezone_asked_for_with_its_offset(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger, timezone="Europe/Berlin")
    project = world.project(world.client())
    world.log(project, "2026-10-05T09:00:00+02:00", 3600)
    world.log(project, "2026-10-05T05:00:00-04:00", 1800)  # 11:00 in Berlin: the later one

    def starts(timezone: str) -> list[str]:
        rows = report(read_models, world, timezone=timezone).items
        return [row.model_dump(mode="json")["start"] for row in rows]

    assert starts("Europe/Berlin") == ["2026-10-05T09:00:00+02:00", "2026-10-05T11:00:00+02:00"]
    assert starts("America/New_York") == ["2026-10-05T03:00:00-04:00", "2026-10-05T05:00:00-04:00"]
    assert starts("UTC") == ["2026-10-05T07:00:00Z", "2026-10-05T09:00:00Z"]


def test_rates_and_amounts_always_have_two_decimals(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger, rate="95")
    world.log(world.project(world.client()), "2026-10-05T09:00:00+00:00", 1800)

    row = only_row(read_models, world).model_dump(mode="json")
    totals = report(read_models, world).totals.model_dump(mode="json")

    assert (row["hourly_rate"], row["amount"], totals["amount"]) == ("95.00", "47.50", "47.50")


def test_renaming_a_project_member_or_client_renames_them_on_existing_rows(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger)
    client = world.client("Globex")
    project = world.project(client, "Website")
    mia = world.member("Mia")
    world.log(project, "2026-10-05T09:00:00+00:00", 3600, member=mia)
    assert only_row(read_models, world).project_name == "Website"

    ledger.edit_project(world.owner, project, ChangeProject(name="Portal"))
    ledger.edit_member(world.owner, mia.member_id, ChangeMember(name="Mia Wong"))
    ledger.edit_client(world.owner, client, ChangeClient(name="Globex Corp"))

    row = only_row(read_models, world)
    assert (row.project_name, row.member_name, row.client_name) == ("Portal", "Mia Wong", "Globex Corp")


def test_an_entry_without_a_client_has_no_client_name(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    project = world.project(None, "Internal", billable=False)
    world.log(project, "2026-10-05T09:00:00+00:00", 3600)

    row = only_row(read_models, world)

    assert (row.client_id, row.client_name, row.billable, row.amount) == (None, None, False, Decimal("0"))


def test_an_edited_entry_shows_its_new_times_amount_and_client(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger)
    website = world.project(world.client("Globex"), "Website")
    initrode = world.client("Initrode")
    app = world.project(initrode, "App")
    entry = world.log(website, "2026-10-05T09:00:00+00:00", 3600)
    report(read_models, world)

    edit = EditTimeEntry(
        project_id=app, start=at("2026-10-06T14:00:00+00:00"), end=at("2026-10-06T16:30:00Z")
    )
    ledger.edit_time_entry(world.owner, entry, edit)

    row = only_row(read_models, world)
    assert (row.project_name, row.client_id, row.client_name, row.day) == (
        "App",
        initrode,
        "Initrode",
        date(2026, 10, 6),
    )
    assert (row.start, row.end) == (at("2026-10-06T14:00:00+00:00"), at("2026-10-06T16:30:00+00:00"))
    assert (row.duration_seconds, row.amount) == (9000, Decimal("250.00"))


def test_an_imported_entry_shows_its_invoice_and_number(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    client = world.client()
    world.log(world.project(client), "2026-10-05T09:00:00+00:00", 3600)
    invoice = world.invoice(client, number="2026-017")
    world.import_(invoice)

    row = only_row(read_models, world)

    assert (row.invoiced, row.invoice_id, row.invoice_number, row.manually_invoiced) == (
        True,
        invoice,
        "2026-017",
        False,
    )


def test_renumbering_the_invoice_renumbers_its_rows(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    client = world.client()
    world.log(world.project(client), "2026-10-05T09:00:00+00:00", 3600)
    invoice = world.invoice(client, number="2026-017")
    world.import_(invoice)
    report(read_models, world)

    ledger.change_invoice_details(world.owner, invoice, ChangeInvoice(number="2026-018"))

    assert only_row(read_models, world).invoice_number == "2026-018"


def test_removing_the_line_makes_its_entry_uninvoiced_again(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    client = world.client()
    world.log(world.project(client), "2026-10-05T09:00:00+00:00", 3600)
    invoice = world.invoice(client)
    [line] = world.import_(invoice).items
    assert line.id is not None
    assert only_row(read_models, world).invoiced is True

    ledger.remove_item(world.owner, invoice, line.id)

    row = only_row(read_models, world)
    assert (row.invoiced, row.invoice_id, row.invoice_number) == (False, None, None)


def test_deleting_the_invoice_makes_its_entries_uninvoiced_again(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger)
    client = world.client()
    project = world.project(client)
    world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    world.log(project, "2026-10-06T09:00:00+00:00", 3600)
    invoice = world.invoice(client)
    world.import_(invoice)
    assert report(read_models, world, invoiced=True).total == 2

    ledger.delete_invoice(world.owner, invoice)

    rows = report(read_models, world).items
    assert [(r.invoiced, r.invoice_id, r.invoice_number) for r in rows] == [(False, None, None)] * 2


def test_entries_marked_invoiced_by_hand_are_manually_invoiced_until_unmarked(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger)
    project = world.project(world.client())
    first = world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    second = world.log(project, "2026-10-06T09:00:00+00:00", 3600)

    ledger.mark_invoiced(world.owner, TIME, MarkInvoiced(ids=[first, second], invoiced=True))
    marked = report(read_models, world).items
    ledger.mark_invoiced(world.owner, TIME, MarkInvoiced(ids=[first], invoiced=False))
    unmarked = report(read_models, world).items

    def status(row: TimeReportRow) -> tuple[Any, ...]:
        return (row.invoiced, row.manually_invoiced, row.invoice_id, row.invoice_number)

    assert [status(r) for r in marked] == [(True, True, None, None)] * 2
    assert [status(r) for r in unmarked] == [(False, False, None, None), (True, True, None, None)]


def test_an_approved_entry_is_approved_until_the_approval_is_withdrawn(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger)
    entry = world.log(world.project(world.client()), "2026-10-05T09:00:00+00:00", 3600)

    ledger.set_approval(world.owner, TIME, entry, True)
    approved = only_row(read_models, world).approved
    ledger.set_approval(world.owner, TIME, entry, False)

    assert (approved, only_row(read_models, world).approved) == (True, False)


def test_a_deleted_entry_leaves_the_report_and_its_totals(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    project = world.project(world.client())
    kept = world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    deleted = world.log(project, "2026-10-06T09:00:00+00:00", 1800)
    assert report(read_models, world).total == 2

    ledger.delete_entry(world.owner, TIME, deleted)

    result = report(read_models, world)
    assert [row.id for row in result.items] == [kept]
    assert result.totals.model_dump(mode="json") == {"count": 1, "duration_seconds": 3600, "amount": "100.00"}


# Filters, pages and totals over one small month of work.


@dataclass
class Month:
    """Five entries a..e over two clients, a project without one, two members (see `month`)."""

    world: World
    ids: dict[str, UUID]
    globex: UUID
    initrode: UUID
    website: UUID
    internal: UUID
    mia: UUID

    def names(self, rows: list[TimeReportRow]) -> list[str]:
        by_id = {v: k for k, v in self.ids.items()}
        return [by_id[row.id] for row in rows]


# name: (seconds, amount) as logged below at 100.00/h; c is not billable.
LOGGED = {
    "a": (3600, "100.00"),
    "b": (1800, "50.00"),
    "c": (900, "0.00"),
    "d": (7200, "200.00"),
    "e": (3600, "100.00"),
}


@pytest.fixture
def month(ledger: Ledger) -> Month:
    world = given_world(ledger)
    globex, initrode = world.client("Globex"), world.client("Initrode")
    website, app = world.project(globex, "Website"), world.project(initrode, "App")
    internal = world.project(None, "Internal", billable=False)
    mia = world.member("Mia")
    ids = {
        "a": world.log(website, "2026-10-05T09:00:00+00:00", 3600),
        "b": world.log(app, "2026-10-06T09:00:00+00:00", 1800, member=mia),
        "c": world.log(internal, "2026-10-07T09:00:00+00:00", 900),
        "d": world.log(website, "2026-10-20T09:00:00+00:00", 7200, member=mia),
        "e": world.log(app, "2026-11-02T09:00:00+00:00", 3600),
    }
    ledger.set_approval(world.owner, TIME, ids["d"], True)
    world.import_(world.invoice(initrode), date_from=NOVEMBER[0], date_to=NOVEMBER[1])
    return Month(world, ids, globex, initrode, website, internal, mia.member_id)


def totals_of(names: list[str]) -> dict[str, Any]:
    amount = sum((Decimal(LOGGED[n][1]) for n in names), Decimal("0.00"))
    return {"count": len(names), "duration_seconds": sum(LOGGED[n][0] for n in names), "amount": str(amount)}


# Each filter, and the entries it selects.
FILTERS: dict[str, tuple[Callable[[Month], dict[str, Any]], list[str]]] = {
    "none": (lambda m: {}, ["a", "b", "c", "d", "e"]),
    "dates": (lambda m: {"date_from": date(2026, 10, 6), "date_to": date(2026, 10, 20)}, ["b", "c", "d"]),
    "one day": (lambda m: {"date_from": date(2026, 10, 6), "date_to": date(2026, 10, 6)}, ["b"]),
    "date_from": (lambda m: {"date_from": date(2026, 10, 20)}, ["d", "e"]),
    "date_to": (lambda m: {"date_to": date(2026, 10, 5)}, ["a"]),
    "client_ids": (lambda m: {"client_ids": (m.initrode,)}, ["b", "e"]),
    "project_ids": (lambda m: {"project_ids": (m.website, m.internal)}, ["a", "c", "d"]),
    "member_ids": (lambda m: {"member_ids": (m.mia,)}, ["b", "d"]),
    "not_billable": (lambda m: {"billable": False}, ["c"]),
    "billable": (lambda m: {"billable": True}, ["a", "b", "d", "e"]),
    "invoiced": (lambda m: {"invoiced": True}, ["e"]),
    "uninvoiced": (lambda m: {"invoiced": False}, ["a", "b", "c", "d"]),
    "approved": (lambda m: {"approved": True}, ["d"]),
    "unapproved": (lambda m: {"approved": False}, ["a", "b", "c", "e"]),
    "combined": (lambda m: {"client_ids": (m.globex,), "member_ids": (m.mia,)}, ["d"]),
}


def test_each_filter_selects_its_rows_and_totals_them(month: Month, read_models: ReadModels) -> None:
    results = {name: report(read_models, month.world, **given(month)) for name, (given, _) in FILTERS.items()}

    assert {name: month.names(r.items) for name, r in results.items()} == {
        name: expected for name, (_, expected) in FILTERS.items()
    }
    assert {name: (r.total, r.totals.model_dump(mode="json")) for name, r in results.items()} == {
        name: (len(expected), totals_of(expected)) for name, (_, expected) in FILTERS.items()
    }


def test_a_report_ending_before_it_starts_is_refused_when_its_filters_are_built() -> None:
    with pytest.raises(InvalidInput) as refused:
        ReportFilters(date_from=date(2026, 10, 6), date_to=date(2026, 10, 5))
    with pytest.raises(InvalidInput) as replaced:
        replace(ReportFilters(date_from=date(2026, 10, 6)), date_to=date(2026, 10, 5))

    assert refused.value.errors == replaced.value.errors == {"date_to": "must not be before date_from"}


def test_the_day_filter_is_the_day_in_the_workspace_timezone(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger, timezone="Europe/Berlin")
    project = world.project(world.client())
    world.log(project, "2026-10-05T21:00:00+00:00", 3600)  # 23:00 in Berlin: still the 5th
    late = world.log(project, "2026-10-06T01:30:00+02:00", 3600)  # 01:30 in Berlin: the 6th

    [row] = report(read_models, world, date_from=date(2026, 10, 6), date_to=date(2026, 10, 6)).items

    assert (row.id, row.day) == (late, date(2026, 10, 6))
    assert row.model_dump(mode="json")["start"] == "2026-10-06T01:30:00+02:00"


def test_an_entry_keeps_its_day_when_the_workspace_timezone_changes_but_shows_the_new_offset(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger, timezone="Europe/Berlin")
    world.log(world.project(world.client()), "2026-10-05T23:30:00+02:00", 3600)

    ledger.edit_workspace(world.owner, ChangeWorkspace(timezone="America/New_York"))

    row = only_row(read_models, world)
    assert (row.day, row.model_dump(mode="json")["start"]) == (date(2026, 10, 5), "2026-10-05T17:30:00-04:00")


def test_a_page_holds_page_size_rows_and_the_totals_cover_every_matching_row(
    month: Month, read_models: ReadModels
) -> None:
    pages = [report(read_models, month.world, page=n, page_size=2) for n in (1, 2, 3, 4)]

    assert [month.names(p.items) for p in pages] == [["a", "b"], ["c", "d"], ["e"], []]
    assert [(p.page, p.page_size, p.total) for p in pages] == [(n, 2, 5) for n in (1, 2, 3, 4)]
    assert all(p.totals.model_dump(mode="json") == totals_of(["a", "b", "c", "d", "e"]) for p in pages)


def test_a_filtered_page_totals_every_filtered_row_not_only_the_page(
    month: Month, read_models: ReadModels
) -> None:
    result = report(read_models, month.world, page=2, page_size=3, billable=True)

    assert month.names(result.items) == ["e"]
    assert result.total == 4
    assert result.totals.model_dump(mode="json") == {
        "count": 4,
        "duration_seconds": 16200,
        "amount": "450.00",
    }


def test_the_csv_is_a_header_and_every_matching_row_written_as_json_writes_it(
    month: Month, read_models: ReadModels
) -> None:
    rows = report(read_models, month.world, member_ids=(month.mia,)).items

    text = csv_text(read_models, month.world, member_ids=(month.mia,))

    lines = text.splitlines()
    assert (lines[0], len(lines)) == (HEADER, 3)
    parsed = list(csv.DictReader(io.StringIO(text)))
    as_json = [row.model_dump(mode="json") for row in rows]
    assert [{k: v for k, v in p.items() if k not in ("duration_hours", "duration_hm")} for p in parsed] == [
        {k: "" if v is None else str(v).lower() if isinstance(v, bool) else str(v) for k, v in row.items()}
        for row in as_json
    ]


def test_csv_booleans_are_true_or_false_and_durations_are_also_in_hours_and_h_mm(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger, timezone="Europe/Berlin")
    project = world.project(world.client())
    world.log(project, "2026-10-05T07:00:00+00:00", 27_000)  # 7:30
    world.log(project, "2026-10-06T07:00:00+00:00", 5429, billable=False)  # 1:30:29, to the minute 1:30
    ledger.set_approval(world.owner, TIME, world.log(project, "2026-10-07T07:00:00+00:00", 5431), True)

    rows = list(csv.DictReader(io.StringIO(csv_text(read_models, world))))

    columns = ("start", "end", "duration_hours", "duration_hm", "billable", "approved", "amount")
    assert [tuple(row[c] for c in columns) for row in rows] == [
        ("2026-10-05T09:00:00+02:00", "2026-10-05T16:30:00+02:00", "7.50", "7:30", "true", "false", "750.00"),
        ("2026-10-06T09:00:00+02:00", "2026-10-06T10:30:29+02:00", "1.51", "1:30", "false", "false", "0.00"),
        ("2026-10-07T09:00:00+02:00", "2026-10-07T10:30:31+02:00", "1.51", "1:31", "true", "true", "150.86"),
    ]
    assert {row["invoice_id"] for row in rows} == {""}


def test_the_csv_is_not_paged(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    project = world.project(world.client())
    for day in range(1, 31):
        world.log(project, f"2026-09-{day:02d}T09:00:00+00:00", 60)
    for day in range(1, 26):
        world.log(project, f"2026-10-{day:02d}T09:00:00+00:00", 60)

    assert len(csv_text(read_models, world).splitlines()) == 1 + 55


def test_another_workspace_sees_none_of_the_rows(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    world.log(world.project(world.client()), "2026-10-05T09:00:00+00:00", 3600)
    other = given_world(ledger)

    result = report(read_models, other)

    assert result.items == []
    assert result.totals.model_dump(mode="json") == {"count": 0, "duration_seconds": 0, "amount": "0.00"}


# The pure function behind the rows.


def test_a_logged_entry_implies_one_insert_that_a_replay_cannot_duplicate(ledger: Ledger) -> None:
    world = given_world(ledger)
    entry = world.log(world.project(world.client()), "2026-10-05T09:00:00+00:00", 3600)
    [logged] = ledger.events.get(entry)

    [change] = TimeReport().changes(logged)

    assert isinstance(change, Insert) and change.table == "entries"
    assert change.row_id == entry
    assert (change.values["hourly_rate"], change.values["duration_seconds"]) == (Decimal("100.00"), 3600)
    assert (change.values["amount_cents"], change.values["approved"]) == (10000, False)


def test_an_edit_implies_an_update_of_only_the_columns_its_change_set_sets(ledger: Ledger) -> None:
    world = given_world(ledger)
    entry = world.log(world.project(world.client()), "2026-10-05T09:00:00+00:00", 3600)
    ledger.edit_time_entry(world.owner, entry, EditTimeEntry(end=at("2026-10-05T13:00:00+02:00")))
    edited = list(ledger.events.get(entry))[-1]

    [change] = TimeReport().changes(edited)

    assert change.row_id == entry
    assert dict(change.values) == {
        "end_at": at("2026-10-05T11:00:00+00:00"),
        "duration_seconds": 7200,
        "amount_cents": 20000,
    }
    assert str(change.values["end_at"]) == "2026-10-05 11:00:00+00:00"


def test_an_event_the_time_report_does_not_follow_implies_no_statements(ledger: Ledger) -> None:
    world = given_world(ledger)
    ledger.change_settings(world.owner, ChangeSettings(due_days=14))
    changed = list(ledger.events.get(world.owner.workspace_id))[-1]

    assert type(changed).__name__ == "SettingsChanged"
    assert TimeReport().changes(changed) == []
