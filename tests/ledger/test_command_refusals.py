"""Commands refuse what they must when they are built (SPEC §12), and a refused one records nothing.

The ledger's use cases take typed commands; a command that breaks a rule of its values cannot be
built, whether it came over HTTP or from code. Each row changes one field of a command that is
otherwise valid (the valid ones are run too) and names the field the refusal must name.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest
from pydantic import ValidationError

from ledger.application import Ledger
from ledger.billable import BillableKind
from ledger.commands import (
    AddLine,
    AddMember,
    ChangeClient,
    ChangeInvoice,
    ChangeSettings,
    Command,
    CreateCategory,
    CreateClient,
    CreateInvoice,
    CreateProject,
    CreateWorkspace,
    EditLine,
    ImportItems,
    LogTime,
    MarkInvoiced,
    RecordExpense,
    RecordPayment,
)
from ledger.errors import InvalidInput
from support.refusals import event_count, refused_fields
from support.world import World, given_world


@dataclass
class Office:
    """A workspace with one of everything a command may name: an unsent invoice with a line, a sent one."""

    world: World
    client: UUID
    project: UUID
    category: UUID
    entry: UUID
    invoice: UUID
    line: UUID
    sent: UUID


def given_an_office(ledger: Ledger) -> Office:
    world = given_world(ledger)
    client = world.client()
    project = world.project(client)
    entry = world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    invoice, sent = world.invoice(client), world.invoice(client)
    line = ledger.add_item(
        world.owner, invoice, AddLine(description="Setup", quantity="1", unit_price="90.00")
    )
    ledger.add_item(world.owner, sent, AddLine(description="Setup", quantity="1", unit_price="90.00"))
    ledger.send_invoice(world.owner, sent)
    assert line.id is not None
    return Office(world, client, project, world.category(), entry, invoice, line.id, sent)


Body = Callable[[Office], dict[str, Any]]
# Each command: a valid body, and the use case that takes it.
COMMANDS: dict[type[Command], tuple[Body, Callable[[Ledger, Office, Any], object]]] = {
    CreateWorkspace: (
        lambda o: {
            "name": "Initech",
            "currency": "EUR",
            "timezone": "Europe/Berlin",
            "hourly_rate": "100.00",
            "owner": {"name": "Olga", "email": "olga@example.com"},
        },
        lambda ledger, o, c: ledger.create_workspace(c),
    ),
    AddMember: (
        lambda o: {"name": "Mia", "email": "mia@example.com", "hourly_rate": "80.00"},
        lambda ledger, o, c: ledger.add_member(o.world.owner, c),
    ),
    CreateClient: (
        lambda o: {"name": "Acme", "email": "ap@acme.example", "country": "FR", "currency": "EUR"},
        lambda ledger, o, c: ledger.create_client(o.world.owner, c),
    ),
    ChangeClient: (
        lambda o: {"name": "Globex AG", "cc_emails": ["cc@globex.example"], "archived": False},
        lambda ledger, o, c: ledger.edit_client(o.world.owner, o.client, c),
    ),
    CreateProject: (
        lambda o: {"name": "App", "client_id": str(o.client), "billable": True, "hourly_rate": "120.00"},
        lambda ledger, o, c: ledger.create_project(o.world.owner, c),
    ),
    CreateCategory: (
        lambda o: {"name": "Mileage", "unit": "km", "unit_price": "0.30"},
        lambda ledger, o, c: ledger.create_category(o.world.owner, c),
    ),
    LogTime: (
        lambda o: {
            "project_id": str(o.project),
            "start": "2026-10-06T09:00:00+02:00",
            "end": "2026-10-06T10:30:00+02:00",
            "description": "Design review",
            "billable": True,
        },
        lambda ledger, o, c: ledger.log_time(o.world.owner, c),
    ),
    RecordExpense: (
        lambda o: {
            "project_id": str(o.project),
            "category_id": str(o.category),
            "date": "2026-10-06",
            "amount": "12.50",
        },
        lambda ledger, o, c: ledger.record_expense(o.world.owner, c),
    ),
    CreateInvoice: (
        lambda o: {"client_id": str(o.client), "issue_date": "2026-11-01", "due_date": "2026-11-30"},
        lambda ledger, o, c: ledger.create_invoice(o.world.owner, c),
    ),
    ChangeInvoice: (
        lambda o: {
            "subject": "October",
            "tax_percent": "19",
            "issue_date": "2026-11-01",
            "due_date": "2026-12-01",
        },
        lambda ledger, o, c: ledger.change_invoice_details(o.world.owner, o.invoice, c),
    ),
    AddLine: (
        lambda o: {"description": "Hosting", "quantity": "1.5", "unit_price": "49.00"},
        lambda ledger, o, c: ledger.add_item(o.world.owner, o.invoice, c),
    ),
    EditLine: (
        lambda o: {"description": "Setup and training", "quantity": "2"},
        lambda ledger, o, c: ledger.edit_item(o.world.owner, o.invoice, o.line, c),
    ),
    RecordPayment: (
        lambda o: {"amount": "50.00", "date": "2026-11-15"},
        lambda ledger, o, c: ledger.record_payment(o.world.owner, o.sent, c),
    ),
    ImportItems: (
        lambda o: {
            "date_from": "2026-10-01",
            "date_to": "2026-10-31",
            "include_expenses": True,
            "dry_run": False,
        },
        lambda ledger, o, c: ledger.import_items(o.world.owner, o.invoice, c),
    ),
    MarkInvoiced: (
        lambda o: {"ids": [str(o.entry)], "invoiced": True},
        lambda ledger, o, c: ledger.mark_invoiced(o.world.owner, BillableKind.TIME_ENTRY, c),
    ),
    ChangeSettings: (
        lambda o: {"due_days": 14, "company": {"name": "Initech", "country": "DE"}},
        lambda ledger, o, c: ledger.change_settings(o.world.owner, c),
    ),
}

FOUR_ADDRESSES = [f"cc{n}@globex.example" for n in range(4)]
TOO_MANY_IDS = [str(uuid4()) for _ in range(10_001)]
# (command, what changes in its valid body, the field the refusal names)
REFUSALS: dict[str, tuple[type[Command], dict[str, Any], str]] = {
    # Unknown fields: a typo never passes, nested or not.
    "unknown-field": (CreateClient, {"nickname": "G"}, "nickname"),
    "unknown-field-of-an-invoice": (ChangeInvoice, {"status": "paid"}, "status"),
    "unknown-field-of-a-line": (EditLine, {"time_entry_ids": []}, "time_entry_ids"),
    "unknown-nested-field": (ImportItems, {"time": {"grouping": "single", "colour": "blue"}}, "time.colour"),
    "unknown-owner-field": (
        CreateWorkspace,
        {"owner": {"name": "O", "email": "o@x.example", "role": "admin"}},
        "owner.role",
    ),
    "unknown-setting": (ChangeSettings, {"pdf": {"hide_logo": True}}, "pdf.hide_logo"),
    # Booleans are booleans.
    "yes-for-billable": (CreateProject, {"billable": "yes"}, "billable"),
    "yes-for-an-entry": (LogTime, {"billable": "yes"}, "billable"),
    "yes-for-dry-run": (ImportItems, {"dry_run": "yes"}, "dry_run"),
    "one-for-expenses": (ImportItems, {"include_expenses": 1}, "include_expenses"),
    "yes-for-invoiced": (MarkInvoiced, {"invoiced": "yes"}, "invoiced"),
    "true-as-text-for-archived": (ChangeClient, {"archived": "true"}, "archived"),
    # Codes that exist.
    "currency-xyz": (CreateClient, {"currency": "XYZ"}, "currency"),
    "currency-in-lower-case": (ChangeClient, {"currency": "eur"}, "currency"),
    "workspace-currency-xyz": (CreateWorkspace, {"currency": "XYZ"}, "currency"),
    "country-xx": (CreateClient, {"country": "XX"}, "country"),
    "company-country-xx": (ChangeSettings, {"company": {"country": "XX"}}, "company.country"),
    "timezone-unknown": (CreateWorkspace, {"timezone": "Mars/Olympus_Mons"}, "timezone"),
    # E-mail addresses.
    "client-email": (CreateClient, {"email": "not-an-email"}, "email"),
    "member-email": (AddMember, {"email": "not-an-email"}, "email"),
    "cc-email": (ChangeClient, {"cc_emails": ["ok@globex.example", "not-an-email"]}, "cc_emails.1"),
    "more-than-three-cc-emails": (CreateClient, {"cc_emails": FOUR_ADDRESSES}, "cc_emails"),
    # Names: trimmed, not blank, no control characters, at most 500 characters.
    "blank-client-name": (CreateClient, {"name": "   "}, "name"),
    "empty-project-name": (CreateProject, {"name": ""}, "name"),
    "blank-line-description": (AddLine, {"description": "\t "}, "description"),
    "nul-in-a-client-name": (CreateClient, {"name": "Glo\x00bex"}, "name"),
    "bell-in-a-member-name": (AddMember, {"name": "Mia\x07"}, "name"),
    "nul-in-a-description": (LogTime, {"description": "design\x00review"}, "description"),
    "line-break-in-a-category-name": (CreateCategory, {"name": "Mile\nage"}, "name"),
    "name-of-501-characters": (CreateClient, {"name": "x" * 501}, "name"),
    # Money: 2 decimals, as text, not too large.
    "three-decimals-of-price": (AddLine, {"unit_price": "1.005"}, "unit_price"),
    "three-decimals-of-payment": (RecordPayment, {"amount": "10.001"}, "amount"),
    "three-decimals-of-rate": (CreateProject, {"hourly_rate": "120.001"}, "hourly_rate"),
    "three-decimals-of-expense": (RecordExpense, {"amount": "12.505"}, "amount"),
    "three-decimals-of-percent": (ChangeInvoice, {"tax_percent": "19.001"}, "tax_percent"),
    "percent-above-100": (ChangeInvoice, {"discount_percent": "100.5"}, "discount_percent"),
    "money-as-a-float": (AddLine, {"unit_price": 0.1}, "unit_price"),
    "money-with-an-exponent": (RecordPayment, {"amount": "1E+2"}, "amount"),
    "price-too-large": (AddLine, {"unit_price": "1000000000000.00"}, "unit_price"),
    "payment-too-large": (RecordPayment, {"amount": "99999999999999"}, "amount"),
    "negative-rate": (AddMember, {"hourly_rate": "-1.00"}, "hourly_rate"),
    # Quantities: 4 decimals, not too large.
    "five-decimals-of-quantity": (AddLine, {"quantity": "1.00001"}, "quantity"),
    "five-decimals-of-expense-quantity": (RecordExpense, {"quantity": "1.23456"}, "quantity"),
    "quantity-too-large": (EditLine, {"quantity": "1000000000000"}, "quantity"),
    "zero-quantity": (AddLine, {"quantity": "0"}, "quantity"),
    # Dates and ranges.
    "due-before-issue": (CreateInvoice, {"due_date": "2026-10-31"}, "due_date"),
    "date-to-before-date-from": (
        ImportItems,
        {"date_from": "2026-10-31", "date_to": "2026-10-01"},
        "date_to",
    ),
    "date-as-a-number": (CreateInvoice, {"issue_date": 20261101}, "issue_date"),
    "instant-without-offset": (LogTime, {"start": "2026-10-06T09:00:00"}, "start"),
    "neither-time-nor-expenses": (
        ImportItems,
        {"include_time": False, "include_expenses": False},
        "include_expenses",
    ),
    # Bulk marking: at least one id, at most 10,000.
    "no-ids": (MarkInvoiced, {"ids": []}, "ids"),
    "10001-ids": (MarkInvoiced, {"ids": TOO_MANY_IDS}, "ids"),
    "an-id-that-is-no-uuid": (MarkInvoiced, {"ids": ["INV-0001"]}, "ids.0"),
    "settings-count-as-text": (ChangeSettings, {"due_days": "14"}, "due_days"),
}


@pytest.mark.parametrize(("command", "changes", "field"), REFUSALS.values(), ids=REFUSALS.keys())
def test_a_command_that_breaks_a_rule_is_refused_naming_the_field_and_records_nothing(
    ledger: Ledger, command: type[Command], changes: dict[str, Any], field: str
) -> None:
    office = given_an_office(ledger)
    valid, run = COMMANDS[command]
    before = event_count(ledger)

    with pytest.raises(ValidationError) as refused:
        run(ledger, office, command.model_validate(valid(office) | changes))

    assert refused_fields(refused.value) == {field}
    assert event_count(ledger) == before


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.__name__)
def test_the_valid_command_of_each_table_is_taken(ledger: Ledger, command: type[Command]) -> None:
    """The rows above change one field of these: each of them, as it is, is valid and does its work."""
    office = given_an_office(ledger)
    valid, run = COMMANDS[command]
    before = event_count(ledger)

    run(ledger, office, command.model_validate(valid(office)))

    assert event_count(ledger) > before


def test_a_command_is_frozen_once_built() -> None:
    command = AddLine(description="Hosting", quantity="1", unit_price="49.00")

    with pytest.raises(ValidationError):
        command.description = "Changed"  # type: ignore[misc]


def test_a_name_is_trimmed_and_a_text_keeps_its_lines() -> None:
    client = CreateClient(name="  Globex  ", address="1 Main St\nSpringfield")

    assert (client.name, client.address) == ("Globex", "1 Main St\nSpringfield")


def test_a_change_of_dates_the_invoice_refuses_is_refused_by_the_invoice_and_records_nothing(
    ledger: Ledger,
) -> None:
    """One date alone cannot be judged by the command: the invoice judges it against the other."""
    world = given_world(ledger)
    invoice = world.invoice(world.client(), issue_date=date(2026, 11, 1))
    before = event_count(ledger)

    with pytest.raises(InvalidInput) as refused:
        ledger.change_invoice_details(world.owner, invoice, ChangeInvoice(due_date=date(2026, 10, 31)))

    assert set(refused.value.errors) == {"due_date"}
    assert event_count(ledger) == before
