"""Tampering by SQL is found and named (SPEC §17): changed, missing, inserted, reordered, anchors.

Each scenario edits the store behind the ledger's back, on SQLite and PostgreSQL, then verifies
the workspace's chain as an auditor would (the use case under `POST /audit/verify`).
"""

from uuid import UUID, uuid4

from ledger.application import Ledger
from ledger.audit.chain import link
from ledger.audit.verify import Verifier
from ledger.audit.views import Anchor, AuditProblem, ProblemKind, Verification
from support.histories import PaidInvoice, given_a_paid_invoice
from support.tampering import RawStore


def verify(ledger: Ledger, history: PaidInvoice, anchors: list[Anchor] | None = None) -> Verification:
    return ledger.verify_chain(history.world.owner, anchors or [])


def seq_of(raw: RawStore, history: PaidInvoice, aggregate_id: UUID, version: int) -> int:
    [seq] = [s for s, a, v, _ in raw.links(history.workspace_id) if (a, v) == (aggregate_id, version)]
    return seq


def located(problem: AuditProblem) -> tuple[ProblemKind, UUID | None, int | None]:
    return problem.kind, problem.aggregate_id, problem.version


def test_an_untouched_history_verifies_clean(ledger: Ledger, raw: RawStore) -> None:
    history = given_a_paid_invoice(ledger)

    verification = verify(ledger, history)

    assert verification.ok
    assert verification.problems == []
    [(events,)] = raw.run("SELECT count(*) FROM {events}")  # the store holds this workspace only
    assert verification.events == verification.head.seq == events


def test_one_byte_changed_in_an_events_data_is_found_as_changed_at_that_event(
    ledger: Ledger, raw: RawStore
) -> None:
    history = given_a_paid_invoice(ledger)
    state = raw.state(history.invoice_id, 2)  # ItemsImported: two hours at 100.00
    assert state.count(b'"200.00"') >= 1
    raw.set_state(history.invoice_id, 2, state.replace(b'"200.00"', b'"900.00"', 1))

    verification = verify(ledger, history)

    assert not verification.ok
    [problem] = verification.problems
    assert located(problem) == (ProblemKind.CHANGED, history.invoice_id, 2)
    assert problem.seq == seq_of(raw, history, history.invoice_id, 2)


def test_a_deleted_event_is_found_as_missing_at_its_link(ledger: Ledger, raw: RawStore) -> None:
    history = given_a_paid_invoice(ledger)
    seq = seq_of(raw, history, history.invoice_id, 3)
    raw.delete(history.invoice_id, 3)  # InvoiceSent

    [problem] = verify(ledger, history).problems

    assert located(problem) == (ProblemKind.MISSING, history.invoice_id, 3)
    assert problem.seq == seq


def test_an_event_deleted_with_its_link_is_found_as_missing(ledger: Ledger, raw: RawStore) -> None:
    history = given_a_paid_invoice(ledger)
    seq = seq_of(raw, history, history.invoice_id, 3)
    raw.delete(history.invoice_id, 3)
    raw.run("DELETE FROM {chain} WHERE workspace_id = ? AND seq = ?", (str(history.workspace_id), seq))

    problems = verify(ledger, history).problems

    assert problems[0].kind is ProblemKind.MISSING and problems[0].seq == seq


def test_a_forged_event_slipped_into_an_invoice_is_found_as_inserted(ledger: Ledger, raw: RawStore) -> None:
    history = given_a_paid_invoice(ledger)
    payment = raw.state(history.invoice_id, 4)  # a second payment, as if it had been recorded
    raw.insert(history.invoice_id, 5, raw.topic(history.invoice_id, 4), payment)

    [problem] = verify(ledger, history).problems

    assert located(problem) == (ProblemKind.INSERTED, history.invoice_id, 5)
    assert problem.seq is None


def test_a_forged_time_entry_of_the_workspace_is_found_as_inserted(ledger: Ledger, raw: RawStore) -> None:
    history = given_a_paid_invoice(ledger)
    entry = history.entry_ids[0]
    forged = uuid4()
    raw.insert(forged, 1, raw.topic(entry, 1), raw.state(entry, 1))

    [problem] = verify(ledger, history).problems

    assert located(problem) == (ProblemKind.INSERTED, forged, 1)


def test_two_events_of_an_invoice_swapped_are_found_as_reordered(ledger: Ledger, raw: RawStore) -> None:
    history = given_a_paid_invoice(ledger)
    raw.swap_versions(history.invoice_id, 3, 4)  # paid before it was sent

    problems = verify(ledger, history).problems

    assert [located(p) for p in problems] == [
        (ProblemKind.REORDERED, history.invoice_id, 3),
        (ProblemKind.REORDERED, history.invoice_id, 4),
    ]
    assert problems[0].seq == seq_of(raw, history, history.invoice_id, 3)


def test_two_events_swapped_in_the_stores_log_are_found_as_reordered(ledger: Ledger, raw: RawStore) -> None:
    history = given_a_paid_invoice(ledger)
    first, second = history.entry_ids
    raw.swap_positions((first, 1), (second, 1))  # the second entry now comes first in the log

    problems = verify(ledger, history).problems

    assert [located(p) for p in problems] == [(ProblemKind.REORDERED, first, 1)]
    assert problems[0].seq == seq_of(raw, history, first, 1)


def test_a_chain_rewritten_consistently_after_an_anchor_is_found_by_the_anchor(
    ledger: Ledger, raw: RawStore
) -> None:
    history = given_a_paid_invoice(ledger)
    head = ledger.audit_head(history.world.owner)
    anchor = Anchor(seq=head.seq, hash=str(head.hash))
    # The intruder edits the import, then recomputes every later link and the head, as the
    # ledger would have: the chain is consistent again.
    raw.set_state(
        history.invoice_id, 2, raw.state(history.invoice_id, 2).replace(b'"200.00"', b'"900.00"', 1)
    )
    rewrite_chain_from(ledger, raw, history, seq_of(raw, history, history.invoice_id, 2))

    assert verify(ledger, history).ok  # without an anchor, nothing shows
    [problem] = verify(ledger, history, [anchor]).problems

    assert problem.kind is ProblemKind.ANCHOR_MISMATCH
    assert problem.seq == head.seq


def test_an_anchor_from_before_a_change_still_matches_when_the_chain_was_not_rewritten(
    ledger: Ledger, raw: RawStore
) -> None:
    history = given_a_paid_invoice(ledger)
    head = ledger.audit_head(history.world.owner)
    raw.set_state(
        history.invoice_id, 2, raw.state(history.invoice_id, 2).replace(b'"200.00"', b'"900.00"', 1)
    )

    problems = verify(ledger, history, [Anchor(seq=head.seq, hash=str(head.hash))]).problems

    assert [p.kind for p in problems] == [ProblemKind.CHANGED]


def test_an_anchor_past_the_end_of_a_truncated_chain_is_a_mismatch(ledger: Ledger, raw: RawStore) -> None:
    history = given_a_paid_invoice(ledger)
    head = ledger.audit_head(history.world.owner)
    links = raw.links(history.workspace_id)
    *kept, (last_seq, aggregate_id, version, _) = links
    raw.delete(aggregate_id, version)
    raw.run("DELETE FROM {chain} WHERE workspace_id = ? AND seq = ?", (str(history.workspace_id), last_seq))
    raw.set_head(history.workspace_id, kept[-1][0], kept[-1][3])

    problems = verify(ledger, history, [Anchor(seq=head.seq, hash=str(head.hash))]).problems

    assert [(p.kind, p.seq) for p in problems] == [(ProblemKind.ANCHOR_MISMATCH, head.seq)]


def test_an_edited_link_is_found_as_changed(ledger: Ledger, raw: RawStore) -> None:
    history = given_a_paid_invoice(ledger)
    seq = seq_of(raw, history, history.invoice_id, 1)
    raw.set_link(history.workspace_id, seq, "0" * 64)

    problems = verify(ledger, history).problems

    # The link itself no longer matches its event, and the next one no longer follows from it.
    assert [(p.kind, p.seq) for p in problems] == [(ProblemKind.CHANGED, seq), (ProblemKind.CHANGED, seq + 1)]


def rewrite_chain_from(ledger: Ledger, raw: RawStore, history: PaidInvoice, start: int) -> None:
    """Recompute the links from `start` on from the events as they now are, and the head."""
    verifier = Verifier(ledger.recorder, ledger.mapper)
    links = raw.links(history.workspace_id)
    previous = bytes.fromhex(links[start - 2][3])
    for seq, aggregate_id, version, _ in links[start - 1 :]:
        event = verifier.read(raw.topic(aggregate_id, version), raw.state(aggregate_id, version))
        previous = link(previous, event.canonical(aggregate_id, version))
        raw.set_link(history.workspace_id, seq, previous.hex())
    raw.set_head(history.workspace_id, links[-1][0], previous.hex())
