"""HTTP If-Match at the ledger: the version is checked on the state the use case decides on."""

import contextvars
from decimal import Decimal

import pytest

from ledger.application import Ledger
from ledger.errors import VersionMismatch
from ledger.usecases.base import expect_version
from support.world import given_world


def test_a_write_expecting_a_version_that_moved_on_meanwhile_is_refused_and_records_nothing(
    ledger: Ledger,
) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())
    request = contextvars.copy_context()
    request.run(expect_version, invoice, {1})
    ledger.change_invoice_details(world.owner, invoice, {"subject": "changed by someone else"})
    head = ledger.recorder.max_notification_id()

    with pytest.raises(VersionMismatch):
        request.run(ledger.change_invoice_details, world.owner, invoice, {"subject": "mine"})

    assert ledger.recorder.max_notification_id() == head
    assert world.invoice_view(invoice)["subject"] == "changed by someone else"


def test_a_write_expecting_the_current_version_goes_through_and_may_read_its_result_again(
    ledger: Ledger,
) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())
    request = contextvars.copy_context()
    request.run(expect_version, invoice, {1})

    item = request.run(ledger.add_item, world.owner, invoice, "Setup", Decimal("1"), Decimal("90.00"))
    view = request.run(ledger.get_invoice, world.owner, invoice)

    assert (view["version"], view["items"][0].id) == (2, item.id)


def test_an_expected_version_holds_only_in_its_own_context(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())
    contextvars.copy_context().run(expect_version, invoice, {7})

    ledger.change_invoice_details(world.owner, invoice, {"subject": "unaffected"})

    assert world.invoice_view(invoice)["subject"] == "unaffected"
