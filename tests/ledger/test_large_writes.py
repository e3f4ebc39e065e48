"""Writes at scale finish: an import of 10,000 entries and 1,000 expenses, and what undoes it.

On PostgreSQL such a save once hung for ever (a pipelined save of 11,001 events and their
side-table rows deadlocked client and server, psycopg issue #685). Each scenario here has a
bound: a hang fails the test (pytest-timeout) instead of stalling the suite.
"""

import pytest

from ledger.application import Ledger
from ledger.billable import BillableKind
from ledger.commands import MarkInvoiced
from support.bulk import seed
from support.world import World, given_world

ENTRIES, EXPENSES = 10_000, 1_000
pytestmark = pytest.mark.timeout(300)


@pytest.fixture
def world(ledger: Ledger) -> World:
    return given_world(ledger)


def test_a_detailed_import_of_ten_thousand_entries_and_a_thousand_expenses_bills_every_one(
    world: World,
) -> None:
    client = world.client()
    project = world.project(client)
    entries, expenses = seed(world, client, project, world.category(), ENTRIES, EXPENSES)
    invoice = world.invoice(client)

    result = world.import_(invoice, include_expenses=True)

    assert (result.time_entry_count, result.expense_count) == (ENTRIES, EXPENSES)
    assert len(world.invoice_view(invoice).items) == ENTRIES + EXPENSES
    assert all(world.entry(entry_id).invoiced for entry_id in entries[:: ENTRIES // 50])
    assert all(world.expense_view(expense_id).invoiced for expense_id in expenses[::50])


def test_removing_an_import_of_eleven_thousand_lines_and_deleting_the_invoice_release_everything(
    world: World,
) -> None:
    client = world.client()
    project = world.project(client)
    entries, _ = seed(world, client, project, world.category(), ENTRIES, EXPENSES)
    invoice = world.invoice(client)
    first = world.import_(invoice, include_expenses=True)

    world.ledger.remove_import(world.owner, invoice, first.import_id)
    assert world.invoice_view(invoice).items == []
    world.import_(invoice, include_expenses=True)
    world.ledger.delete_invoice(world.owner, invoice)

    assert not any(world.entry(entry_id).invoiced for entry_id in entries[:: ENTRIES // 50])


def test_marking_ten_thousand_entries_by_hand_and_back_takes_every_one(world: World) -> None:
    client = world.client()
    project = world.project(client)
    entries, _ = seed(world, client, project, world.category(), ENTRIES, 0)

    time = BillableKind.TIME_ENTRY
    marked = world.ledger.mark_invoiced(world.owner, time, MarkInvoiced(ids=entries, invoiced=True))
    assert len(marked) == ENTRIES and all(entry.manually_invoiced for entry in marked)
    unmarked = world.ledger.mark_invoiced(world.owner, time, MarkInvoiced(ids=entries, invoiced=False))
    assert not any(entry.invoiced for entry in unmarked)
