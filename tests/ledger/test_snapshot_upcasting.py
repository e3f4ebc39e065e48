"""Snapshots taken before credit notes still load: the aggregates' class versions upcast them.

A snapshot stores an aggregate's attributes as they were, so credit notes' new attributes
(`Workspace.credit_note_counter`, `Invoice.credits` and `credit_note_ids`) are missing from one
taken before them; `upcast_v1_v2` adds them when the snapshot loads.
"""

from decimal import Decimal
from typing import Any
from uuid import UUID

from ledger.application import Ledger
from ledger.invoice import Invoice
from ledger.workspace import Workspace
from support.crediting import given_a_sent_invoice


def put_version_1_snapshot(ledger: Ledger, aggregate_id: UUID, *new: str) -> None:
    """A snapshot of the aggregate as the previous release took it: without `new`, unversioned."""
    aggregate: Any = ledger.repository.get(aggregate_id)
    taken = type(aggregate).Snapshot.take(aggregate)
    state = {k: v for k, v in taken.state.items() if k not in {*new, "class_version"}}
    old = type(taken)(
        originator_id=taken.originator_id,
        originator_version=taken.originator_version,
        timestamp=taken.timestamp,
        topic=taken.topic,
        state=state,
    )
    assert ledger.snapshots is not None
    ledger.snapshots.put([old])


def test_a_workspace_snapshot_from_before_credit_notes_loads_with_its_sequence_at_zero(
    ledger: Ledger,
) -> None:
    billed = given_a_sent_invoice(ledger)
    workspace_id = billed.world.owner.workspace_id
    put_version_1_snapshot(ledger, workspace_id, "credit_note_counter")

    workspace: Workspace = ledger.repository.get(workspace_id)

    assert (workspace.invoice_counter, workspace.credit_note_counter) == (1, 0)
    assert billed.credit((2, "1")).number == "CN-0001"


def test_an_invoice_snapshot_from_before_credit_notes_loads_uncredited_and_can_be_credited(
    ledger: Ledger,
) -> None:
    billed = given_a_sent_invoice(ledger)
    put_version_1_snapshot(ledger, billed.invoice_id, "credits", "credit_note_ids")

    invoice: Invoice = ledger.repository.get(billed.invoice_id)

    assert (invoice.credits, invoice.credit_note_ids, invoice.totals.credited) == ([], [], Decimal("0.00"))
    note = billed.credit(all=True)
    assert (billed.view().status, billed.view().credit_note_ids) == ("credited", [note.id])


def test_new_snapshots_say_their_class_version(ledger: Ledger) -> None:
    billed = given_a_sent_invoice(ledger)
    aggregates: list[Any] = [
        ledger.repository.get(billed.world.owner.workspace_id),
        ledger.repository.get(billed.invoice_id),
    ]

    assert [type(a).Snapshot.take(a).state["class_version"] for a in aggregates] == [2, 2]
