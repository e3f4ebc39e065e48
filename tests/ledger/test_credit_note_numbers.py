"""Credit-note numbers: a sequence of their own, never reused, unique beside invoice numbers (SPEC §15),
also under racing threads, on both backends."""

from collections import Counter
from decimal import Decimal

import pytest

from ledger.application import Ledger
from ledger.commands import ChangeSettings, IssueCreditNote
from ledger.errors import ConcurrentUpdate, DuplicateNumber, InvalidTransition, OverCredit
from ledger.views import CreditNoteView
from support.crediting import given_a_sent_invoice
from support.racing import Ledgers, race
from support.world import given_world

THREADS = 6


def test_credit_notes_are_numbered_cn_0001_cn_0002_beside_the_invoices_sequence(ledger: Ledger) -> None:
    billed = given_a_sent_invoice(ledger)

    numbers = [billed.credit((2, "1")).number for _ in range(2)]

    assert numbers == ["CN-0001", "CN-0002"]
    assert billed.world.invoice_view(billed.world.invoice(billed.world.client())).number == "INV-0002"


def test_the_prefix_comes_from_the_settings_and_the_padding_is_the_invoices(ledger: Ledger) -> None:
    world = given_world(ledger)
    ledger.change_settings(world.owner, ChangeSettings(credit_note_prefix="GS-", number_padding=6))
    billed = given_a_sent_invoice(ledger, world=world)

    assert billed.credit((2, "1")).number == "GS-000001"


def test_the_sequence_skips_a_number_an_invoice_took_by_hand(ledger: Ledger) -> None:
    world = given_world(ledger)
    world.invoice(world.client(), number="CN-0001")
    billed = given_a_sent_invoice(ledger, world=world)

    assert billed.credit((2, "1")).number == "CN-0002"


def test_an_invoice_cannot_take_a_credit_notes_number_by_hand(ledger: Ledger) -> None:
    billed = given_a_sent_invoice(ledger)
    billed.credit((2, "1"))

    with pytest.raises(DuplicateNumber):
        billed.world.invoice(billed.world.client(), number="CN-0001")


def test_each_workspace_has_its_own_sequence(ledger: Ledger) -> None:
    notes = [given_a_sent_invoice(ledger).credit(all=True) for _ in range(2)]

    assert [note.number for note in notes] == ["CN-0001", "CN-0001"]


def test_credit_notes_of_different_invoices_issued_at_once_each_get_their_own_number(
    ledger: Ledger, ledgers: Ledgers
) -> None:
    world = given_world(ledger)
    invoices = [given_a_sent_invoice(ledger, world=world, entries=1) for _ in range(THREADS)]
    command = IssueCreditNote(reason="Racing", all=True)

    outcomes = race(
        ledgers(THREADS),
        lambda app, i: app.issue_credit_note(world.owner, invoices[i].invoice_id, command).number,
    )

    assert sorted(outcomes) == [f"CN-{n:04d}" for n in range(1, THREADS + 1)], outcomes
    # The sequence carries on after the race, with no gap.
    assert (
        given_a_sent_invoice(ledger, world=world, entries=0).credit(all=True).number
        == f"CN-{THREADS + 1:04d}"
    )


def test_racing_credit_notes_of_one_line_never_credit_more_than_it_billed(
    ledger: Ledger, ledgers: Ledgers
) -> None:
    # The line bills 3 months; each of the racers asks for 1 of them.
    billed = given_a_sent_invoice(ledger, entries=1)
    line = billed.line(2)
    command = IssueCreditNote.model_validate(
        {"reason": "Racing", "lines": [{"line_item_id": line, "quantity": "1"}]}
    )

    outcomes = race(
        ledgers(THREADS), lambda app, i: app.issue_credit_note(billed.world.owner, billed.invoice_id, command)
    )

    issued = [o for o in outcomes if isinstance(o, CreditNoteView)]
    assert len(issued) == 3, outcomes
    assert all(isinstance(o, OverCredit | ConcurrentUpdate) for o in outcomes if o not in issued), outcomes
    assert sorted(note.number for note in issued) == ["CN-0001", "CN-0002", "CN-0003"]
    view = billed.view()
    assert ([(c.line_item_id, c.quantity) for c in view.credited_lines], view.credited) == (
        [(line, Decimal("3"))],
        Decimal("147.00"),
    )
    assert sorted(view.credit_note_ids) == sorted(note.id for note in issued)


def test_racing_full_credits_of_one_invoice_issue_exactly_one(ledger: Ledger, ledgers: Ledgers) -> None:
    billed = given_a_sent_invoice(ledger)
    command = IssueCreditNote(reason="Racing", all=True, release_entries=True)

    outcomes = race(
        ledgers(THREADS), lambda app, i: app.issue_credit_note(billed.world.owner, billed.invoice_id, command)
    )

    kinds = Counter(type(outcome).__name__ for outcome in outcomes)
    assert kinds["CreditNoteView"] == 1, outcomes
    assert all(isinstance(o, InvalidTransition | ConcurrentUpdate | CreditNoteView) for o in outcomes), (
        outcomes
    )
    view = billed.view()
    assert (view.status, view.credited, len(view.credit_note_ids)) == ("credited", view.total, 1)
    # The entries were released once, by the one credit note.
    for entry_id in billed.entries:
        history = ledger.history(billed.world.owner, "time-entry", entry_id)
        assert [event.type for event in history].count("Released") == 1
