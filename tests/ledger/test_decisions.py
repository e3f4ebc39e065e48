"""Rules chosen where SPEC is silent (docs/decisions.md), one test each."""

from typing import Any

import pytest
from pydantic import ValidationError

from ledger.application import Ledger
from ledger.billable import BillableKind
from ledger.commands import (
    AddLine,
    ChangeInvoice,
    ChangeProject,
    ChangeSettings,
    ChangeWorkspace,
    EditTimeEntry,
)
from ledger.errors import EntryLocked, RuleViolation
from ledger.totals import TaxMode
from ledger.workspace import RoundingMode
from support.refusals import event_count, refused_fields
from support.world import given_world


def test_changing_the_workspace_timezone_does_not_move_existing_entries_to_other_days(ledger: Ledger) -> None:
    world = given_world(ledger, timezone="UTC")
    entry = world.log(world.project(world.client()), "2026-10-31T23:30:00+00:00", 1800)

    ledger.edit_workspace(world.owner, ChangeWorkspace(timezone="Europe/Berlin"))

    assert str(world.entry(entry).day) == "2026-10-31"


def test_moving_a_project_to_another_client_leaves_its_existing_entries_with_their_client(
    ledger: Ledger,
) -> None:
    world = given_world(ledger)
    globex, initech = world.client("Globex"), world.client("Initech")
    project = world.project(globex)
    entry = world.log(project, "2026-10-05T09:00:00+00:00", 3600)

    ledger.edit_project(world.owner, project, ChangeProject(client_id=initech))
    later = world.log(project, "2026-10-06T09:00:00+00:00", 3600)

    assert (world.entry(entry).client_id, world.entry(later).client_id) == (globex, initech)


def test_approval_can_be_withdrawn_from_an_invoiced_entry_which_stays_locked(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    entry = world.log(world.project(client), "2026-10-05T09:00:00+00:00", 3600)
    ledger.set_approval(world.owner, BillableKind.TIME_ENTRY, entry, True)
    world.import_(world.invoice(client))

    ledger.set_approval(world.owner, BillableKind.TIME_ENTRY, entry, False)

    assert (world.entry(entry).approved, world.entry(entry).invoiced) == (False, True)
    with pytest.raises(EntryLocked):
        ledger.edit_time_entry(world.owner, entry, EditTimeEntry(description="changed"))


def test_an_invoice_that_bills_entries_cannot_change_client_and_records_nothing(ledger: Ledger) -> None:
    world = given_world(ledger)
    globex, initech = world.client("Globex"), world.client("Initech")
    world.log(world.project(globex), "2026-10-05T09:00:00+00:00", 3600)
    invoice = world.invoice(globex)
    world.import_(invoice)
    head = event_count(ledger)

    with pytest.raises(RuleViolation):
        ledger.change_invoice_details(world.owner, invoice, ChangeInvoice(client_id=initech))

    assert event_count(ledger) == head


def test_an_invoice_without_entries_may_change_client_and_keeps_its_currency(ledger: Ledger) -> None:
    world = given_world(ledger)
    globex, initech = world.client("Globex", currency="USD"), world.client("Initech", currency="CHF")
    invoice = world.invoice(globex)

    ledger.change_invoice_details(world.owner, invoice, ChangeInvoice(client_id=initech))

    assert (world.invoice_view(invoice).client_id, world.invoice_view(invoice).currency) == (initech, "USD")


def test_a_manual_line_may_credit_with_a_negative_quantity(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())
    ledger.add_item(world.owner, invoice, AddLine(description="Setup", quantity="1", unit_price="500.00"))

    credit = ledger.add_item(
        world.owner, invoice, AddLine(description="Goodwill credit", quantity="-1", unit_price="50.00")
    )

    assert str(credit.amount) == "-50.00"
    assert str(world.invoice_view(invoice).subtotal) == "450.00"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rounding": {"foo": 1}}, "rounding.foo"),
        ({"rounding": {"mode": "sideways"}}, "rounding.mode"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_unknown_or_invalid_settings_are_refused_naming_the_dotted_field(
    ledger: Ledger, changes: dict[str, Any], field: str
) -> None:
    world = given_world(ledger)
    head = event_count(ledger)

    with pytest.raises(ValidationError) as refused:
        ledger.change_settings(world.owner, ChangeSettings.model_validate(changes))

    assert refused_fields(refused.value) == {field}
    assert event_count(ledger) == head


def test_enum_settings_accept_their_plain_values(ledger: Ledger) -> None:
    world = given_world(ledger)
    command = ChangeSettings.model_validate({"rounding": {"mode": "nearest"}, "default_tax_mode": "compound"})

    settings = ledger.change_settings(world.owner, command)

    assert (settings.rounding.mode, settings.default_tax_mode) == (RoundingMode.NEAREST, TaxMode.COMPOUND)
