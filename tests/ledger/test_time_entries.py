"""Logging, editing, approving and deleting time entries (SPEC §3), on both backends."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

import pytest
from pydantic import ValidationError

from ledger.access import Role
from ledger.application import Ledger
from ledger.billable import BillableKind
from ledger.commands import EditTimeEntry, LogTime
from ledger.errors import EntryLocked, Forbidden, InvalidInput, NotFound
from support.refusals import event_count, refused_fields
from support.world import World, at, given_world

START = "2026-10-05T09:00:00+00:00"
TIME = BillableKind.TIME_ENTRY


def given_a_project(ledger: Ledger, timezone: str = "UTC", billable: bool = True) -> tuple[World, UUID]:
    world = given_world(ledger, timezone=timezone)
    return world, world.project(world.client(), billable=billable)


def test_an_entry_records_its_whole_seconds_and_the_amount_at_the_captured_rate(ledger: Ledger) -> None:
    world, project = given_a_project(ledger)

    entry = world.entry(world.log(project, START, 5400, "kick-off"))

    assert (entry.duration_seconds, entry.hourly_rate, entry.amount) == (
        5400,
        Decimal("100.00"),
        Decimal("150.00"),
    )
    assert (entry.description, entry.approved, entry.invoiced, entry.version) == (
        "kick-off",
        False,
        False,
        1,
    )


@pytest.mark.parametrize("seconds", [0, -60], ids=["end-equals-start", "end-before-start"])
def test_an_end_not_after_the_start_is_invalid(ledger: Ledger, seconds: int) -> None:
    world, project = given_a_project(ledger)
    before = event_count(ledger)

    with pytest.raises(InvalidInput) as rejected:
        world.log(project, START, seconds)

    assert set(rejected.value.errors) == {"end"}
    assert event_count(ledger) == before


def test_an_entry_longer_than_seven_days_is_invalid(ledger: Ledger) -> None:
    world, project = given_a_project(ledger)

    with pytest.raises(InvalidInput) as rejected:
        world.log(project, START, 7 * 24 * 3600 + 1)

    assert set(rejected.value.errors) == {"end"}


def test_an_entry_of_exactly_seven_days_is_accepted(ledger: Ledger) -> None:
    world, project = given_a_project(ledger)

    entry = world.entry(world.log(project, START, 7 * 24 * 3600))

    assert entry.duration_seconds == 604800


def test_naive_datetimes_are_invalid_naming_both_fields(ledger: Ledger) -> None:
    world, project = given_a_project(ledger)
    naive = datetime(2026, 10, 5, 9, 0)

    with pytest.raises(ValidationError) as rejected:
        ledger.log_time(world.owner, LogTime(project_id=project, start=naive, end=naive + timedelta(hours=1)))

    assert refused_fields(rejected.value) == {"start", "end"}


@pytest.mark.parametrize(
    ("timezone", "start", "day"),
    [
        ("America/New_York", "2026-10-05T02:30:00+00:00", date(2026, 10, 4)),
        ("Pacific/Auckland", "2026-10-05T13:30:00+00:00", date(2026, 10, 6)),
        ("UTC", "2026-10-05T23:30:00-05:00", date(2026, 10, 6)),
        ("Europe/Berlin", "2026-10-05T23:30:00+02:00", date(2026, 10, 5)),
    ],
)
def test_the_day_of_an_entry_is_the_date_of_its_start_in_the_workspace_timezone(
    ledger: Ledger, timezone: str, start: str, day: date
) -> None:
    world, project = given_a_project(ledger, timezone=timezone)

    entry = world.entry(world.log(project, start, 3600))

    assert entry.day == day
    assert entry.start == at(start)


def test_an_entry_is_billable_by_default_when_its_project_is(ledger: Ledger) -> None:
    world, project = given_a_project(ledger, billable=True)

    assert world.entry(world.log(project, START, 3600)).billable is True


def test_an_entry_on_a_non_billable_project_is_not_billable_and_costs_nothing(ledger: Ledger) -> None:
    world, project = given_a_project(ledger, billable=False)

    entry = world.entry(world.log(project, START, 3600))

    assert (entry.billable, entry.amount) == (False, Decimal("0"))


def test_an_entry_may_be_made_billable_on_a_non_billable_project(ledger: Ledger) -> None:
    world, project = given_a_project(ledger, billable=False)

    entry = world.entry(world.log(project, START, 3600, billable=True))

    assert (entry.billable, entry.amount) == (True, Decimal("100.00"))


def test_a_member_logs_time_for_themselves(ledger: Ledger) -> None:
    world, project = given_a_project(ledger)
    mia = world.member("Mia", rate="60.00")

    entry = ledger.get_time_entry(mia, world.log(project, START, 3600, member=mia))

    assert (entry.member_id, entry.hourly_rate) == (mia.member_id, Decimal("60.00"))


def test_a_member_naming_another_member_is_forbidden_and_nothing_is_recorded(ledger: Ledger) -> None:
    world, project = given_a_project(ledger)
    mia, max_ = world.member("Mia"), world.member("Max")
    before = event_count(ledger)

    with pytest.raises(Forbidden):
        ledger.log_time(
            mia,
            LogTime(
                project_id=project,
                start=at(START),
                end=at(START) + timedelta(hours=1),
                member_id=max_.member_id,
            ),
        )

    assert event_count(ledger) == before


@pytest.mark.parametrize("role", [Role.OWNER, Role.ADMIN])
def test_a_manager_may_log_time_for_another_member_at_that_members_rate(ledger: Ledger, role: Role) -> None:
    world, project = given_a_project(ledger)
    manager = world.member("Ada", role=role) if role is Role.ADMIN else world.owner
    mia = world.member("Mia", rate="60.00")

    entry = ledger.log_time(
        manager,
        LogTime(
            project_id=project, start=at(START), end=at(START) + timedelta(hours=1), member_id=mia.member_id
        ),
    )

    assert (entry.member_id, entry.hourly_rate) == (mia.member_id, Decimal("60.00"))


def test_a_member_may_not_approve_even_their_own_entry(ledger: Ledger) -> None:
    world, project = given_a_project(ledger)
    mia = world.member("Mia")
    entry_id = world.log(project, START, 3600, member=mia)

    with pytest.raises(Forbidden):
        ledger.set_approval(mia, TIME, entry_id, True)

    assert world.entry(entry_id).approved is False


@pytest.mark.parametrize("role", [Role.OWNER, Role.ADMIN])
def test_a_manager_approves_an_entry(ledger: Ledger, role: Role) -> None:
    world, project = given_a_project(ledger)
    manager = world.member("Ada", role=role) if role is Role.ADMIN else world.owner
    entry_id = world.log(project, START, 3600)

    entry = ledger.set_approval(manager, TIME, entry_id, True)

    assert (entry.approved, entry.version) == (True, 2)


def test_an_approved_entry_can_be_neither_edited_nor_deleted(ledger: Ledger) -> None:
    world, project = given_a_project(ledger)
    entry_id = world.log(project, START, 3600)
    ledger.set_approval(world.owner, TIME, entry_id, True)
    before = event_count(ledger)

    with pytest.raises(EntryLocked):
        ledger.edit_time_entry(world.owner, entry_id, EditTimeEntry(description="changed"))
    with pytest.raises(EntryLocked):
        ledger.delete_entry(world.owner, TIME, entry_id)

    assert event_count(ledger) == before


def test_withdrawing_the_approval_unlocks_the_entry(ledger: Ledger) -> None:
    world, project = given_a_project(ledger)
    entry_id = world.log(project, START, 3600)
    ledger.set_approval(world.owner, TIME, entry_id, True)

    ledger.set_approval(world.owner, TIME, entry_id, False)
    entry = ledger.edit_time_entry(world.owner, entry_id, EditTimeEntry(description="changed"))

    assert (entry.approved, entry.description) == (False, "changed")


def test_an_invoiced_entry_is_locked_until_its_line_is_removed(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    entry_id = world.log(world.project(client), START, 3600)
    invoice_id = world.invoice(client)
    [line] = world.import_(invoice_id).items

    with pytest.raises(EntryLocked):
        ledger.edit_time_entry(world.owner, entry_id, EditTimeEntry(description="changed"))
    ledger.remove_item(world.owner, invoice_id, line.id)

    assert (
        ledger.edit_time_entry(world.owner, entry_id, EditTimeEntry(description="changed")).description
        == "changed"
    )


def test_a_deleted_entry_is_not_found(ledger: Ledger) -> None:
    world, project = given_a_project(ledger)
    entry_id = world.log(project, START, 3600)

    ledger.delete_entry(world.owner, TIME, entry_id)

    with pytest.raises(NotFound):
        world.entry(entry_id)
    with pytest.raises(NotFound):
        ledger.edit_time_entry(world.owner, entry_id, EditTimeEntry(description="changed"))
    with pytest.raises(NotFound):
        ledger.delete_entry(world.owner, TIME, entry_id)
    with pytest.raises(NotFound):
        ledger.set_approval(world.owner, TIME, entry_id, True)


def test_a_member_edits_and_deletes_their_own_entry(ledger: Ledger) -> None:
    world, project = given_a_project(ledger)
    mia = world.member("Mia")
    entry_id = world.log(project, START, 3600, member=mia)

    edited = ledger.edit_time_entry(mia, entry_id, EditTimeEntry(description="pairing"))
    ledger.delete_entry(mia, TIME, entry_id)

    assert edited.description == "pairing"
    with pytest.raises(NotFound):
        ledger.get_time_entry(mia, entry_id)


def test_a_member_may_not_hand_their_entry_to_another_member(ledger: Ledger) -> None:
    world, project = given_a_project(ledger)
    mia, max_ = world.member("Mia"), world.member("Max")
    entry_id = world.log(project, START, 3600, member=mia)

    with pytest.raises(Forbidden):
        ledger.edit_time_entry(mia, entry_id, EditTimeEntry(member_id=max_.member_id))

    assert world.entry(entry_id).member_id == mia.member_id


def test_editing_to_an_invalid_span_is_refused_and_changes_nothing(ledger: Ledger) -> None:
    world, project = given_a_project(ledger)
    entry_id = world.log(project, START, 3600)

    with pytest.raises(InvalidInput) as rejected:
        ledger.edit_time_entry(world.owner, entry_id, EditTimeEntry(end=at(START)))

    assert set(rejected.value.errors) == {"end"}
    assert world.entry(entry_id).version == 1
