"""An aggregate records only the fields it owns: no use case can put any other into its stream.

Once, `change_invoice_details(..., {"status": "paid"})` recorded a `DetailsChanged` after which the
invoice no longer loaded, and a line edit took `time_entry_ids`. Now commands refuse unknown
fields, every change set names exactly the fields its aggregate owns, and the change sets of old
events drop what they do not own (their upcasters).
"""

import dataclasses
from typing import Any

import pytest
from pydantic import ValidationError

from ledger.application import Ledger
from ledger.category import CategoryChanges
from ledger.client import ClientChanges
from ledger.commands import (
    AddLine,
    ChangeCategory,
    ChangeClient,
    ChangeInvoice,
    ChangeMember,
    ChangeProject,
    ChangeWorkspace,
    EditExpense,
    EditLine,
    EditTimeEntry,
)
from ledger.expense import ExpenseChanges
from ledger.invoice import Invoice, InvoiceChanges, InvoiceStatus, LineChanges
from ledger.member import MemberChanges
from ledger.project import ProjectChanges
from ledger.time_entry import TimeEntryChanges
from ledger.workspace import WorkspaceChanges
from support.refusals import event_count, refused_fields
from support.world import World, given_world

# What an invoice and a line have that no edit may set: life cycle, money that follows, links.
NOT_THE_INVOICES_DETAILS = {"status", "currency", "items", "payments", "totals", "void_reason", "deleted"}
NOT_A_LINES_TO_EDIT = {
    "id",
    "position",
    "amount",
    "import_id",
    "time_entry_ids",
    "expense_ids",
    "raw_seconds",
    "billed_seconds",
    "quantity_overridden",
}
# Each partial update, and the change set of the aggregate it edits.
CHANGE_SETS = [
    (ChangeWorkspace, WorkspaceChanges),
    (ChangeMember, MemberChanges),
    (ChangeClient, ClientChanges),
    (ChangeProject, ProjectChanges),
    (ChangeCategory, CategoryChanges),
    (EditTimeEntry, TimeEntryChanges),
    (EditExpense, ExpenseChanges),
    (ChangeInvoice, InvoiceChanges),
    (EditLine, LineChanges),
]


def names(change_set: type[Any]) -> set[str]:
    return {field.name for field in dataclasses.fields(change_set)}


def given_a_billed_invoice(ledger: Ledger) -> tuple[World, Any]:
    world = given_world(ledger)
    client = world.client()
    world.log(world.project(client), "2026-10-05T09:00:00+00:00", 3600)
    invoice = world.invoice(client)
    world.import_(invoice)
    return world, invoice


def test_the_invoices_change_set_has_none_of_its_life_cycle_or_money() -> None:
    assert names(InvoiceChanges) & NOT_THE_INVOICES_DETAILS == set()
    with pytest.raises(TypeError):
        InvoiceChanges(status=InvoiceStatus.PAID)  # type: ignore[call-arg]


def test_a_lines_change_set_has_none_of_its_links_or_seconds() -> None:
    assert names(LineChanges) & NOT_A_LINES_TO_EDIT == set()
    with pytest.raises(TypeError):
        LineChanges(time_entry_ids=())  # type: ignore[call-arg]


@pytest.mark.parametrize(("command", "change_set"), CHANGE_SETS, ids=lambda c: c.__name__)
def test_every_partial_update_names_only_fields_its_aggregate_owns(
    command: type[Any], change_set: type[Any]
) -> None:
    assert set(command.model_fields) <= names(change_set)


@pytest.mark.parametrize("field", sorted(NOT_THE_INVOICES_DETAILS))
def test_an_invoice_edit_naming_a_field_the_invoice_does_not_own_is_refused_and_records_nothing(
    ledger: Ledger, field: str
) -> None:
    world, invoice = given_a_billed_invoice(ledger)
    before = event_count(ledger)

    with pytest.raises(ValidationError) as refused:
        ledger.change_invoice_details(world.owner, invoice, ChangeInvoice.model_validate({field: "paid"}))

    assert refused_fields(refused.value) == {field}
    assert event_count(ledger) == before
    assert world.invoice_view(invoice).status == "unsent"


@pytest.mark.parametrize("field", sorted(NOT_A_LINES_TO_EDIT))
def test_a_line_edit_naming_a_field_the_line_does_not_own_is_refused_and_records_nothing(
    ledger: Ledger, field: str
) -> None:
    world, invoice = given_a_billed_invoice(ledger)
    [line] = world.invoice_view(invoice).items
    before = event_count(ledger)

    with pytest.raises(ValidationError) as refused:
        ledger.edit_item(world.owner, invoice, line.id, EditLine.model_validate({field: []}))

    assert refused_fields(refused.value) == {field}
    assert event_count(ledger) == before
    assert world.invoice_view(invoice).items == [line]


class SmugglingInvoiceChange(ChangeInvoice):
    """A command made to carry a field the invoice does not own (code can subclass anything)."""

    status: str = "paid"


class SmugglingLineEdit(EditLine):
    time_entry_ids: tuple[str, ...] = ()


def test_even_a_command_made_to_smuggle_a_field_cannot_record_it(ledger: Ledger) -> None:
    world, invoice = given_a_billed_invoice(ledger)
    [line] = world.invoice_view(invoice).items
    before = event_count(ledger)

    with pytest.raises(TypeError):
        ledger.change_invoice_details(
            world.owner, invoice, SmugglingInvoiceChange(status="paid", subject="x")
        )
    with pytest.raises(TypeError):
        ledger.edit_item(world.owner, invoice, line.id, SmugglingLineEdit(time_entry_ids=(), quantity="2"))

    assert event_count(ledger) == before
    reloaded: Invoice = ledger.repository.get(invoice)
    assert (reloaded.status, reloaded.subject, reloaded.items[0].time_entry_ids) == (
        InvoiceStatus.UNSENT,
        "",
        tuple(line.time_entry_ids),
    )


def test_a_change_set_made_from_an_open_dict_drops_what_its_aggregate_does_not_own() -> None:
    """The rule of the upcasters of old `Edited` and `DetailsChanged` events."""
    old = {"status": "paid", "subject": "October 2026", "totals": {}, "items": []}

    assert InvoiceChanges.of(old).items() == {"subject": "October 2026"}
    assert LineChanges.of({"time_entry_ids": [], "description": "Design"}).items() == {
        "description": "Design"
    }


def test_the_details_an_invoice_records_are_exactly_the_fields_changed(ledger: Ledger) -> None:
    world, invoice = given_a_billed_invoice(ledger)
    ledger.add_item(world.owner, invoice, AddLine(description="Setup", quantity="1", unit_price="50.00"))

    ledger.change_invoice_details(world.owner, invoice, ChangeInvoice(subject="October", tax_percent="19"))

    changed = ledger.history(world.owner, "invoice", invoice)[-1]
    assert (changed.type, changed.data["changes"]) == (
        "DetailsChanged",
        {"subject": "October", "tax_percent": "19"},
    )
    assert set(changed.data) == {"changes", "totals"}
