"""Racing requests in real threads: nothing is ever billed twice, numbers never collide (SPEC §4, §5).

Each scenario runs on both backends, once with one `Ledger` shared by every thread (the API's
threadpool) and once with a `Ledger` per thread (separate processes on one database).
"""

from collections import Counter
from datetime import date
from decimal import Decimal
from uuid import UUID

from ledger.application import Ledger
from ledger.billable import BillableKind
from ledger.commands import CreateInvoice, ImportItems, MarkInvoiced, RecordPayment, VoidInvoice
from ledger.errors import ConcurrentUpdate, EntryAlreadyInvoiced, LedgerError, NothingToImport
from ledger.views import ImportView
from support.racing import Ledgers, race
from support.world import OCTOBER, World, given_world

THREADS = 4
# What a request that lost a race may answer: someone billed the entries first, or before it looked.
LOST = (EntryAlreadyInvoiced, ConcurrentUpdate, NothingToImport)


def given_entries_and_invoices(
    ledger: Ledger, entries: int, invoices: int
) -> tuple[World, list[UUID], list[UUID]]:
    world = given_world(ledger)
    client = world.client()
    project = world.project(client)
    entry_ids = [
        world.log(project, f"2026-10-{day:02d}T09:00:00+00:00", 3600) for day in range(1, entries + 1)
    ]
    return world, entry_ids, [world.invoice(client) for _ in range(invoices)]


def test_importing_the_same_entries_into_several_invoices_at_once_bills_each_entry_exactly_once(
    ledger: Ledger, ledgers: Ledgers
) -> None:
    world, entry_ids, invoice_ids = given_entries_and_invoices(ledger, entries=6, invoices=THREADS)
    request = ImportItems(date_from=OCTOBER[0], date_to=OCTOBER[1])

    outcomes = race(ledgers(THREADS), lambda app, i: app.import_items(world.owner, invoice_ids[i], request))

    won = [i for i, outcome in enumerate(outcomes) if isinstance(outcome, ImportView)]
    assert len(won) == 1, outcomes
    assert all(isinstance(outcomes[i], LOST) for i in range(THREADS) if i not in won), outcomes
    winner = invoice_ids[won[0]]
    views = {i: world.invoice_view(i) for i in invoice_ids}
    lines = Counter(e for view in views.values() for item in view.items for e in item.time_entry_ids)
    assert lines == Counter(entry_ids)
    assert {world.entry(e).invoice_id for e in entry_ids} == {winner}
    assert {item.id for item in views[winner].items} == {world.entry(e).line_item_id for e in entry_ids}
    # The losers recorded nothing: their invoices are as created, the entries were billed once.
    assert [views[i].version for i in invoice_ids if i != winner] == [1] * (THREADS - 1)
    assert {len(ledger.history(world.owner, "time-entry", e)) for e in entry_ids} == {2}


def test_creating_invoices_at_once_gives_every_invoice_its_own_number(
    ledger: Ledger, ledgers: Ledgers
) -> None:
    world = given_world(ledger)
    client = world.client()
    apps = ledgers(8)

    outcomes = race(
        apps, lambda app, i: app.create_invoice(world.owner, CreateInvoice(client_id=client)).number
    )

    assert sorted(outcomes) == [f"INV-{n:04d}" for n in range(1, 9)], outcomes
    assert world.invoice_view(world.invoice(client)).number == "INV-0009"


def test_marking_by_hand_while_importing_never_leaves_an_entry_both_marked_and_billed(
    ledger: Ledger, ledgers: Ledgers
) -> None:
    world, entry_ids, [invoice] = given_entries_and_invoices(ledger, entries=4, invoices=1)
    request = ImportItems(date_from=OCTOBER[0], date_to=OCTOBER[1])
    work = [
        lambda app: app.import_items(world.owner, invoice, request),
        lambda app: app.mark_invoiced(
            world.owner, BillableKind.TIME_ENTRY, MarkInvoiced(ids=entry_ids, invoiced=True)
        ),
    ]

    outcomes = race(ledgers(2), lambda app, i: work[i](app))

    assert all(not isinstance(o, Exception) or isinstance(o, LedgerError) for o in outcomes), outcomes
    entries = [world.entry(e) for e in entry_ids]
    billed = [e for e in entries if e.invoice_id == invoice]
    assert all(e.invoiced for e in entries)
    assert [e.manually_invoiced for e in entries] == [not billed] * len(entries)
    assert len(billed) in (0, len(entries))
    assert sum(len(item.time_entry_ids) for item in world.invoice_view(invoice).items) == len(billed)


def test_a_payment_racing_a_void_leaves_the_invoice_either_void_or_paid_never_both(
    ledger: Ledger, ledgers: Ledgers
) -> None:
    world, entry_ids, [invoice] = given_entries_and_invoices(ledger, entries=2, invoices=1)
    world.import_(invoice)
    ledger.send_invoice(world.owner, invoice)
    work = [
        lambda app: app.void_invoice(world.owner, invoice, VoidInvoice(reason="cancelled")),
        lambda app: app.record_payment(
            world.owner, invoice, RecordPayment(amount=Decimal("200.00"), date=date(2026, 11, 5))
        ),
    ]

    outcomes = race(ledgers(2), lambda app, i: work[i](app))

    assert all(not isinstance(o, Exception) or isinstance(o, LedgerError) for o in outcomes), outcomes
    view = world.invoice_view(invoice)
    invoiced = {world.entry(e).invoiced for e in entry_ids}
    if view.status == "void":
        assert (view.payments, invoiced) == ([], {False})
    else:
        assert (view.status, len(view.payments), invoiced) == ("paid", 1, {True})
