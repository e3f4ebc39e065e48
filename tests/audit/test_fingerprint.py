"""An invoice's fingerprint: the hash of its last event's link, for its PDF and e-invoice (SPEC §17)."""

from datetime import date

import pytest

from ledger.access import Role
from ledger.application import Ledger
from ledger.commands import ChangeInvoice
from ledger.errors import Forbidden, NotFound
from support.histories import given_a_paid_invoice
from support.tampering import RawStore
from support.world import given_world


def test_the_fingerprint_is_the_hash_of_the_invoices_last_event_in_the_chain(
    ledger: Ledger, raw: RawStore
) -> None:
    history = given_a_paid_invoice(ledger)

    fingerprint = ledger.fingerprint(history.world.owner, history.invoice_id)

    [(hash,)] = [(h,) for _, a, v, h in raw.links(history.workspace_id) if (a, v) == (history.invoice_id, 4)]
    assert fingerprint == hash
    assert fingerprint == ledger.audit_head(history.world.owner).hash  # the payment was the last event


def test_the_fingerprint_changes_with_every_change_of_the_invoice_and_only_then(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    invoice = world.invoice(client)
    before = ledger.fingerprint(world.owner, invoice)

    world.client("Another")  # other events of the workspace do not touch the invoice's fingerprint
    unchanged = ledger.fingerprint(world.owner, invoice)
    ledger.change_invoice_details(world.owner, invoice, ChangeInvoice(due_date=date(2026, 12, 31)))
    after = ledger.fingerprint(world.owner, invoice)

    assert unchanged == before
    assert after != before


def test_auditors_read_fingerprints_and_members_may_not(ledger: Ledger) -> None:
    history = given_a_paid_invoice(ledger)
    auditor = history.world.member("Aude", Role.AUDITOR)
    member = history.world.member("Mia")

    assert ledger.fingerprint(auditor, history.invoice_id) == ledger.fingerprint(
        history.world.owner, history.invoice_id
    )
    with pytest.raises(Forbidden):
        ledger.fingerprint(member, history.invoice_id)


def test_another_workspaces_invoice_has_no_fingerprint_to_show(ledger: Ledger) -> None:
    history = given_a_paid_invoice(ledger)
    stranger = given_world(ledger)

    with pytest.raises(NotFound):
        ledger.fingerprint(stranger.owner, history.invoice_id)
