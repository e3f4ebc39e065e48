"""Queueing an invoice e-mail (SPEC §14): what is decided and recorded, before any worker runs."""

import dataclasses
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from documents.email_text import placeholder_values, workspace_locale
from ledger.access import Role
from ledger.application import Ledger
from ledger.commands import ChangeSettings, CreateInvoice, QueueEmail, RecordPayment, VoidInvoice
from ledger.errors import Forbidden, InvalidTransition, InvoiceEmpty, NoRecipient
from ledger.mail import EmailStatus
from ledger.views import ClientView
from ledger.workspace import Company, WorkspaceSettings
from support.mailing import CLIENT_CC, CLIENT_EMAIL, an_invoice_to_mail, email_events, queue, types
from support.world import given_world


def settings_of(ledger: Ledger, world: Any, **changes: Any) -> None:
    ledger.change_settings(world.owner, ChangeSettings.model_validate(changes))


def test_queueing_an_unsent_invoice_sends_it_and_queues_the_email_in_one_save(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world)
    before = ledger.recorder.max_notification_id()

    email = queue(world, invoice_id)

    assert types(world, invoice_id)[-2:] == ["InvoiceSent", "EmailQueued"]
    assert world.invoice_view(invoice_id).status == "sent"
    assert ledger.recorder.max_notification_id() == before + 2
    assert (email.status, email.attempts, email.message_id) == (EmailStatus.QUEUED, 0, None)
    [(_, queued)] = email_events(world, invoice_id)
    assert queued["attach_version"] == world.invoice_view(invoice_id).version - 1


def test_an_email_defaults_to_the_clients_addresses_and_the_filled_templates(ledger: Ledger) -> None:
    world = given_world(ledger)
    settings_of(ledger, world, company={"name": "Initech GmbH", "email": "billing@initech.example"})
    invoice_id = an_invoice_to_mail(world, unit_price="1234.50")
    invoice = world.invoice_view(invoice_id)

    email = queue(world, invoice_id)

    assert (email.to, email.cc, email.bcc) == ([CLIENT_EMAIL], CLIENT_CC, [])
    assert email.subject == f"Invoice {invoice.number} from Initech GmbH"
    [(_, queued)] = email_events(world, invoice_id)
    due = f"{invoice.due_date:%b} {invoice.due_date.day}, {invoice.due_date.year}"
    assert queued["body"] == (
        "Hello Globex,\n\n"
        f"please find attached invoice {invoice.number} for €1,234.50, due on {due}.\n"
        "Balance due: €1,234.50.\n\n"
        "Kind regards,\n"
        "Initech GmbH\n"
    )
    assert (queued["from_name"], queued["from_address"]) == ("Initech GmbH", "billing@initech.example")
    assert queued["options"] == {"attach_pdf": True, "attach_expenses": False, "send_me_a_copy": False}


def test_addresses_subject_and_body_given_are_taken_as_they_are(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world)

    email = queue(
        world, invoice_id, to=["boss@globex.example"], cc=[], subject="Your {invoice}", body="See attached."
    )

    assert (email.to, email.cc, email.subject) == (["boss@globex.example"], [], "Your {invoice}")
    assert email_events(world, invoice_id)[0][1]["body"] == "See attached."


def test_the_settings_templates_and_sender_are_used(ledger: Ledger) -> None:
    world = given_world(ledger)
    settings_of(
        ledger,
        world,
        email={
            "subject_template": "Rechnung {invoice_number} – {client_name}",
            "body_template": "Total {total}, balance {balance}, due {due_date}, from {company_name}.",
            "from_name": "Initech Billing",
            "from_address": "invoices@initech.example",
            "reply_to": "accounts@initech.example",
        },
    )
    invoice_id = an_invoice_to_mail(world, unit_price="10.00")
    number = world.invoice_view(invoice_id).number

    email = queue(world, invoice_id)

    queued = email_events(world, invoice_id)[0][1]
    assert email.subject == f"Rechnung {number} – Globex"
    assert queued["body"].startswith("Total €10.00, balance €10.00, due ")
    assert queued["body"].endswith(", from Initech.")  # no company name: the workspace's
    assert (queued["from_name"], queued["from_address"], queued["reply_to"]) == (
        "Initech Billing",
        "invoices@initech.example",
        "accounts@initech.example",
    )


def test_without_a_sender_in_the_settings_the_email_is_from_the_caller(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world)

    queue(world, invoice_id)

    queued = email_events(world, invoice_id)[0][1]
    assert (queued["from_name"], queued["from_address"], queued["reply_to"]) == (
        "Initech",
        "olga@example.com",
        None,
    )


def test_send_me_a_copy_adds_the_caller_as_a_blind_copy(ledger: Ledger) -> None:
    world = given_world(ledger)
    admin = world.member("Ada", Role.ADMIN)
    invoice_id = an_invoice_to_mail(world)

    email = ledger.queue_email(admin, invoice_id, QueueEmail(send_me_a_copy=True), placeholder_values)

    assert (email.to, email.cc, email.bcc) == ([CLIENT_EMAIL], CLIENT_CC, ["ada@example.com"])


def test_send_me_a_copy_adds_nobody_when_the_caller_is_a_recipient_already(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world)

    email = queue(world, invoice_id, cc=["Olga@Example.com"], send_me_a_copy=True)

    assert email.bcc == []


def test_emailing_a_sent_invoice_queues_the_email_and_leaves_it_as_it_is(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world)
    ledger.send_invoice(world.owner, invoice_id)
    ledger.record_payment(world.owner, invoice_id, RecordPayment(amount="100.00", date=date(2026, 11, 2)))

    queue(world, invoice_id)

    assert types(world, invoice_id)[-3:] == ["InvoiceSent", "PaymentRecorded", "EmailQueued"]
    assert world.invoice_view(invoice_id).status == "partially_paid"


def test_an_email_without_a_recipient_is_refused_and_records_nothing(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world, email=None, cc_emails=[])
    recorded = types(world, invoice_id)

    with pytest.raises(NoRecipient):
        queue(world, invoice_id)
    with pytest.raises(NoRecipient):
        queue(world, an_invoice_to_mail(world), to=[])

    assert types(world, invoice_id) == recorded
    assert world.invoice_view(invoice_id).status == "unsent"


def test_a_void_invoice_is_not_emailed(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world)
    ledger.void_invoice(world.owner, invoice_id, VoidInvoice(reason="wrong client"))

    with pytest.raises(InvalidTransition, match="void"):
        queue(world, invoice_id)


def test_an_empty_draft_is_not_emailed(ledger: Ledger) -> None:
    world = given_world(ledger)
    client_id = world.client(email=CLIENT_EMAIL)
    invoice_id = ledger.create_invoice(world.owner, CreateInvoice(client_id=client_id)).id

    with pytest.raises(InvoiceEmpty):
        queue(world, invoice_id)

    assert "EmailQueued" not in types(world, invoice_id)


@pytest.mark.parametrize("role", [Role.MEMBER, Role.AUDITOR])
def test_only_owners_and_admins_email_invoices(ledger: Ledger, role: Role) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world)
    someone = world.member("Sam", role)

    with pytest.raises(Forbidden):
        ledger.queue_email(someone, invoice_id, QueueEmail(), placeholder_values)


REFUSED: list[tuple[dict[str, Any], str]] = [
    ({"to": ["not an address"]}, "to.0"),
    ({"cc": ["a@b.example", "@nobody"]}, "cc.1"),
    ({"to": "ap@globex.example"}, "to"),
    ({"to": [f"p{n}@globex.example" for n in range(21)]}, "to"),
    ({"subject": "Invoice\r\nBcc: everyone@example.com"}, "subject"),
    ({"subject": "   "}, "subject"),
    ({"body": "Hello\x00"}, "body"),
    ({"body": "x" * 10_001}, "body"),
    ({"attach_pdf": "yes"}, "attach_pdf"),
    ({"send_me_a_copy": 1}, "send_me_a_copy"),
    ({"bcc": ["spy@example.com"]}, "bcc"),
]


@pytest.mark.parametrize(("fields", "field"), REFUSED, ids=[field for _, field in REFUSED])
def test_a_queue_email_command_refuses_what_is_not_clean(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        QueueEmail.model_validate(fields)

    assert {".".join(map(str, error["loc"])) for error in refused.value.errors()} == {field}


TEMPLATES: list[tuple[dict[str, str], str]] = [
    ({"subject_template": "Invoice {number}"}, "unknown placeholder {number}"),
    ({"subject_template": "Invoice\n{invoice_number}"}, "control characters"),
    ({"body_template": "Total {total:>10}"}, "takes no format"),
    ({"body_template": "Total {total!r}"}, "takes no format"),
    ({"body_template": "Unclosed {total"}, "unmatched brace"),
    ({"body_template": "{}"}, "unknown placeholder {}"),
]


@pytest.mark.parametrize(("email", "message"), TEMPLATES, ids=[message for _, message in TEMPLATES])
def test_email_templates_name_only_the_placeholders_of_the_spec(email: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ChangeSettings.model_validate({"email": email})


def test_a_template_may_write_braces_doubled(ledger: Ledger) -> None:
    world = given_world(ledger)
    settings_of(ledger, world, email={"subject_template": "{{Ref}} {invoice_number}"})
    invoice_id = an_invoice_to_mail(world)

    email = queue(world, invoice_id)

    assert email.subject == f"{{Ref}} {world.invoice_view(invoice_id).number}"


@dataclasses.dataclass(frozen=True)
class GermanSettings(WorkspaceSettings):
    """The settings as they will be once `locale` exists (SPEC §13): the placeholders follow it."""

    locale: str = "de_DE"


def test_placeholders_are_written_in_the_workspaces_locale_once_it_has_one(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world, unit_price="1234.50")
    invoice = world.invoice_view(invoice_id)
    client = ClientView.of(ledger.repository.get(invoice.client_id))
    german = GermanSettings(company=Company(name="Initech\nGmbH"))

    values = placeholder_values(invoice, client, german, "Initech")

    assert (workspace_locale(german), workspace_locale(WorkspaceSettings())) == ("de_DE", "en_US")
    assert values == {
        "invoice_number": invoice.number,
        "client_name": "Globex",
        "company_name": "Initech GmbH",
        "total": "1.234,50\xa0€",
        "balance": "1.234,50\xa0€",
        "due_date": invoice.due_date.strftime("%d.%m.%Y"),
    }
