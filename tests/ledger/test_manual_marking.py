"""Marking time and expenses invoiced or uninvoiced by hand (SPEC §7), on both backends."""

from dataclasses import dataclass
from uuid import UUID, uuid4

import pytest

from ledger.access import Role
from ledger.application import Ledger
from ledger.billable import BillableKind
from ledger.commands import EditTimeEntry, MarkInvoiced
from ledger.errors import (
    BulkMarkingRejected,
    EntryLocked,
    EntryOnInvoice,
    Forbidden,
    NotFound,
    NothingToImport,
)
from ledger.usecases.tracking import EntryView
from support.refusals import event_count
from support.world import World, given_world

TIME, EXPENSE = BillableKind.TIME_ENTRY, BillableKind.EXPENSE


@dataclass
class Tracked:
    """A client's project with two time entries and one expense, none of them billed yet."""

    world: World
    client_id: UUID
    entry_ids: list[UUID]
    expense_id: UUID

    @property
    def ledger(self) -> Ledger:
        return self.world.ledger

    def mark(self, kind: BillableKind, ids: list[UUID], invoiced: bool = True) -> list[EntryView]:
        return self.ledger.mark_invoiced(self.world.owner, kind, MarkInvoiced(ids=ids, invoiced=invoiced))


def given_tracked_work(ledger: Ledger) -> Tracked:
    world = given_world(ledger)
    client = world.client()
    project = world.project(client)
    entries = [world.log(project, f"2026-10-0{day}T09:00:00+00:00", 3600) for day in (5, 6)]
    expense = world.expense(project, world.category("Hotel"), amount="89.90")
    return Tracked(world, client, entries, expense)


def test_marking_entries_invoiced_by_hand_links_them_to_no_invoice(ledger: Ledger) -> None:
    tracked = given_tracked_work(ledger)

    marked = tracked.mark(TIME, tracked.entry_ids)

    assert [(e.id, e.invoiced, e.manually_invoiced, e.invoice_id) for e in marked] == [
        (entry_id, True, True, None) for entry_id in tracked.entry_ids
    ]
    assert [tracked.world.entry(i).manually_invoiced for i in tracked.entry_ids] == [True, True]


def test_marking_an_expense_invoiced_by_hand_links_it_to_no_invoice(ledger: Ledger) -> None:
    tracked = given_tracked_work(ledger)

    tracked.mark(EXPENSE, [tracked.expense_id])

    expense = tracked.world.expense_view(tracked.expense_id)
    assert (expense.invoiced, expense.manually_invoiced, expense.invoice_id) == (True, True, None)


def test_one_unknown_id_rejects_the_whole_marking_listing_exactly_that_id(ledger: Ledger) -> None:
    tracked = given_tracked_work(ledger)
    unknown = uuid4()
    before = event_count(ledger)

    with pytest.raises(BulkMarkingRejected) as rejected:
        tracked.mark(TIME, [tracked.entry_ids[0], unknown, tracked.entry_ids[1]])

    assert [entry_id for entry_id, _ in rejected.value.failures] == [unknown]
    assert isinstance(rejected.value.failures[0][1], NotFound)
    assert event_count(ledger) == before
    assert [tracked.world.entry(i).invoiced for i in tracked.entry_ids] == [False, False]


def test_every_offending_id_is_listed_deleted_foreign_and_of_the_other_kind(ledger: Ledger) -> None:
    tracked = given_tracked_work(ledger)
    ledger.delete_entry(tracked.world.owner, TIME, tracked.entry_ids[1])
    other = given_tracked_work(ledger)
    offending = [tracked.entry_ids[1], other.entry_ids[0], tracked.expense_id]
    before = event_count(ledger)

    with pytest.raises(BulkMarkingRejected) as rejected:
        tracked.mark(TIME, [tracked.entry_ids[0], *offending])

    assert [entry_id for entry_id, _ in rejected.value.failures] == offending
    assert rejected.value.category is NotFound
    assert event_count(ledger) == before


def test_unmarking_an_entry_on_a_live_invoice_is_rejected_as_entry_on_invoice(ledger: Ledger) -> None:
    tracked = given_tracked_work(ledger)
    tracked.world.import_(tracked.world.invoice(tracked.client_id))
    before = event_count(ledger)

    with pytest.raises(BulkMarkingRejected) as rejected:
        tracked.mark(TIME, tracked.entry_ids, invoiced=False)

    assert [(i, type(error)) for i, error in rejected.value.failures] == [
        (entry_id, EntryOnInvoice) for entry_id in tracked.entry_ids
    ]
    assert event_count(ledger) == before
    assert [tracked.world.entry(i).invoiced for i in tracked.entry_ids] == [True, True]


def test_marking_an_entry_billed_by_an_invoice_keeps_its_invoice(ledger: Ledger) -> None:
    tracked = given_tracked_work(ledger)
    invoice = tracked.world.invoice(tracked.client_id)
    tracked.world.import_(invoice)

    [entry] = tracked.mark(TIME, tracked.entry_ids[:1])

    assert (entry.invoiced, entry.manually_invoiced, entry.invoice_id, entry.version) == (
        True,
        False,
        invoice,
        2,
    )


def test_entries_marked_by_hand_are_not_imported(ledger: Ledger) -> None:
    tracked = given_tracked_work(ledger)
    tracked.mark(TIME, tracked.entry_ids[:1])

    result = tracked.world.import_(tracked.world.invoice(tracked.client_id))

    assert result.items[0].time_entry_ids == [tracked.entry_ids[1]]
    assert result.time_entry_count == 1


def test_an_import_of_only_entries_marked_by_hand_has_nothing_to_import(ledger: Ledger) -> None:
    tracked = given_tracked_work(ledger)
    tracked.mark(TIME, tracked.entry_ids)

    with pytest.raises(NothingToImport):
        tracked.world.import_(tracked.world.invoice(tracked.client_id))


def test_unmarked_entries_can_be_imported_again(ledger: Ledger) -> None:
    tracked = given_tracked_work(ledger)
    tracked.mark(TIME, tracked.entry_ids)

    unmarked = tracked.mark(TIME, tracked.entry_ids, invoiced=False)
    result = tracked.world.import_(tracked.world.invoice(tracked.client_id))

    assert [(e.invoiced, e.manually_invoiced) for e in unmarked] == [(False, False), (False, False)]
    assert result.time_entry_count == 2


def test_an_entry_marked_by_hand_is_locked(ledger: Ledger) -> None:
    tracked = given_tracked_work(ledger)
    tracked.mark(TIME, tracked.entry_ids[:1])

    with pytest.raises(EntryLocked):
        ledger.edit_time_entry(
            tracked.world.owner, tracked.entry_ids[0], EditTimeEntry(description="changed")
        )


def test_marking_an_id_twice_in_one_request_marks_it_once(ledger: Ledger) -> None:
    tracked = given_tracked_work(ledger)

    marked = tracked.mark(TIME, [tracked.entry_ids[0], tracked.entry_ids[0]])

    assert [e.version for e in marked] == [2]


@pytest.mark.parametrize("role", [Role.MEMBER, Role.AUDITOR])
def test_only_managers_may_mark_entries(ledger: Ledger, role: Role) -> None:
    tracked = given_tracked_work(ledger)
    someone = tracked.world.member("Sam", role=role)

    with pytest.raises(Forbidden):
        ledger.mark_invoiced(someone, TIME, MarkInvoiced(ids=tracked.entry_ids, invoiced=True))

    assert [tracked.world.entry(i).invoiced for i in tracked.entry_ids] == [False, False]


def test_an_admin_may_mark_entries(ledger: Ledger) -> None:
    tracked = given_tracked_work(ledger)
    admin = tracked.world.member("Ada", role=Role.ADMIN)

    marked = ledger.mark_invoiced(admin, EXPENSE, MarkInvoiced(ids=[tracked.expense_id], invoiced=True))

    assert marked[0].manually_invoiced is True
