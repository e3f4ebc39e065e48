"""The outbox worker delivering to a real SMTP server (aiosmtpd on a loopback port), on both backends."""

import base64
import csv
import io
import json
import logging
import ssl
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import quote

import pytest
from pypdf import PdfReader

from ledger.application import Ledger
from ledger.commands import ChangeInvoice, VoidInvoice
from ledger.mail import EmailStatus
from outbox.service import Outbox
from outbox.smtp import SmtpTransport
from support.clock import Clock
from support.emails import PASSWORD, USER
from support.mailing import CLIENT_CC, CLIENT_EMAIL, an_invoice_to_mail, email_events, history, queue
from support.smtp_server import LOOPBACK, SmtpServer, closed_port, running_smtp_server
from support.world import given_world

OpenOutbox = Callable[..., Outbox]


def smtp(server: SmtpServer) -> SmtpTransport:
    return SmtpTransport.from_url(server.url())


def test_a_queued_email_arrives_with_its_recipients_text_and_pdf_and_its_message_id_is_recorded(
    ledger: Ledger, smtp_server: SmtpServer, open_outbox: OpenOutbox
) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world)
    email = queue(world, invoice_id, send_me_a_copy=True)
    number = world.invoice_view(invoice_id).number

    attempted = open_outbox(smtp(smtp_server)).worker.run_once()

    assert attempted == 1
    [received] = smtp_server.received
    assert received.mail_from == "olga@example.com"
    assert received.rcpt_tos == (CLIENT_EMAIL, *CLIENT_CC, "olga@example.com")
    message = received.message
    assert (str(message["To"]), str(message["Cc"]), message["Bcc"]) == (CLIENT_EMAIL, CLIENT_CC[0], None)
    assert str(message["Subject"]) == email.subject == f"Invoice {number} from Initech"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    assert body.get_content() == email_events(world, invoice_id)[0][1]["body"]
    [pdf] = list(message.iter_attachments())
    assert (pdf.get_filename(), pdf.get_content_type()) == (f"{number}.pdf", "application/pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.get_content())).pages)
    assert f"Invoice {number}" in text
    assert "DRAFT" not in text
    [(_, _), (kind, delivered)] = email_events(world, invoice_id)
    assert kind == "EmailDelivered"
    assert delivered["message_id"] == message["Message-ID"] == f"<{email.id}@example.com>"
    assert delivered["attempt"] == 1


def test_the_pdf_attached_is_the_invoice_as_it_stood_when_the_email_was_queued(
    ledger: Ledger, smtp_server: SmtpServer, open_outbox: OpenOutbox
) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world)
    queue(world, invoice_id)
    before = world.invoice_view(invoice_id)
    ledger.reopen_invoice(world.owner, invoice_id)
    ledger.change_invoice_details(world.owner, invoice_id, ChangeInvoice(subject="Renamed afterwards"))

    open_outbox(smtp(smtp_server)).worker.run_once()

    [received] = smtp_server.received
    [pdf] = list(received.message.iter_attachments())
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.get_content())).pages)
    assert before.number in text
    assert "Renamed afterwards" not in text


def test_attach_expenses_attaches_the_detailed_report_of_the_invoices_expenses(
    ledger: Ledger, smtp_server: SmtpServer, open_outbox: OpenOutbox
) -> None:
    world = given_world(ledger)
    client_id = world.client(email=CLIENT_EMAIL)
    project_id = world.project(client_id)
    travel = world.category("Travel")
    billed = [
        world.expense(project_id, travel, day="2026-10-10", amount="45.50", note="Train"),
        world.expense(project_id, travel, day="2026-10-12", amount="12.00", note="Taxi"),
    ]
    world.expense(project_id, travel, day="2026-11-03", amount="99.00", note="Not on this invoice")
    invoice_id = world.invoice(client_id)
    world.import_(invoice_id, include_time=False, include_expenses=True)
    queue(world, invoice_id, attach_pdf=False, attach_expenses=True)

    open_outbox(smtp(smtp_server)).worker.run_once()

    [received] = smtp_server.received
    [attachment] = list(received.message.iter_attachments())
    number = world.invoice_view(invoice_id).number
    assert (attachment.get_filename(), attachment.get_content_type()) == (
        f"{number}-expenses.csv",
        "text/csv",
    )
    rows = list(csv.DictReader(io.StringIO(attachment.get_content())))
    assert [(row["id"], row["note"], row["amount"]) for row in rows] == [
        (str(billed[0]), "Train", "45.50"),
        (str(billed[1]), "Taxi", "12.00"),
    ]
    assert {(row["invoiced"], row["invoice_number"]) for row in rows} == {("true", number)}


def test_a_server_down_at_first_and_up_later_gets_the_email_once_after_retries(
    ledger: Ledger, clock: Clock, open_outbox: OpenOutbox
) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world)
    email = queue(world, invoice_id)
    port = closed_port()
    outbox = open_outbox(SmtpTransport.from_url(f"smtp://{LOOPBACK}:{port}?timeout=5"))

    first = outbox.worker.run_once()
    too_early = outbox.worker.run_once()
    clock.advance(timedelta(minutes=2))
    second = outbox.worker.run_once()
    [waiting] = outbox.emails_of(invoice_id)
    with running_smtp_server(port=port) as server:
        clock.advance(timedelta(minutes=4))
        third = outbox.worker.run_once()
        clock.advance(timedelta(hours=2))
        after = outbox.worker.run_once()
        received = server.received

    assert (first, too_early, second, third, after) == (1, 0, 1, 1, 0)
    assert (waiting.status, waiting.attempts) == (EmailStatus.QUEUED, 2)
    assert waiting.last_error == f"{LOOPBACK}:{port} refused the connection"
    assert [message.message["Message-ID"] for message in received] == [f"<{email.id}@example.com>"]
    events = email_events(world, invoice_id)
    assert [(kind, data.get("attempt")) for kind, data in events] == [
        ("EmailQueued", None),
        ("EmailFailed", 1),
        ("EmailFailed", 2),
        ("EmailDelivered", 3),
    ]
    failed_at = [data["next_attempt_at"] for kind, data in events if kind == "EmailFailed"]
    assert failed_at[0] is not None and failed_at[1] > failed_at[0]
    [delivered] = outbox.emails_of(invoice_id)
    assert (delivered.status, delivered.attempts, delivered.message_id) == (
        EmailStatus.DELIVERED,
        3,
        f"<{email.id}@example.com>",
    )


def test_a_550_reply_fails_the_email_at_once_and_it_is_never_tried_again(
    ledger: Ledger, smtp_server: SmtpServer, clock: Clock, open_outbox: OpenOutbox
) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world)
    queue(world, invoice_id)
    smtp_server.handler.answer_next("550 5.7.1 message rejected as spam")
    outbox = open_outbox(smtp(smtp_server))

    outbox.worker.run_once()
    clock.advance(timedelta(days=1))
    later = outbox.worker.run_once()

    assert later == 0
    assert smtp_server.received == []
    [(_, _), (kind, failed)] = email_events(world, invoice_id)
    assert kind == "EmailFailed"
    assert failed == {
        "email_id": failed["email_id"],
        "attempt": 1,
        "error": "550 message refused: 5.7.1 message rejected as spam",
        "next_attempt_at": None,
    }
    [email] = outbox.emails_of(invoice_id)
    assert (email.status, email.attempts, email.next_attempt_at) == (EmailStatus.FAILED, 1, None)
    assert email.last_error == failed["error"]


def test_transient_failures_give_up_after_the_last_attempt(
    ledger: Ledger, smtp_server: SmtpServer, clock: Clock, open_outbox: OpenOutbox
) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world)
    queue(world, invoice_id)
    smtp_server.handler.answer_next("451 4.3.0 mailbox busy", times=3)
    outbox = open_outbox(smtp(smtp_server), max_attempts=3)

    for _ in range(4):
        outbox.worker.run_once()
        clock.advance(timedelta(hours=1))

    assert smtp_server.received == []
    assert smtp_server.handler.data_commands == 3
    [email] = outbox.emails_of(invoice_id)
    assert (email.status, email.attempts) == (EmailStatus.FAILED, 3)
    assert email.last_error == "451 message refused: 4.3.0 mailbox busy (no attempt left of 3)"


def test_an_email_whose_invoice_was_voided_before_delivery_is_not_sent(
    ledger: Ledger, smtp_server: SmtpServer, open_outbox: OpenOutbox
) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world)
    queue(world, invoice_id)
    ledger.void_invoice(world.owner, invoice_id, VoidInvoice(reason="wrong client"))

    open_outbox(smtp(smtp_server)).worker.run_once()

    assert smtp_server.received == []
    number = world.invoice_view(invoice_id).number
    [(_, _), (kind, failed)] = email_events(world, invoice_id)
    assert (kind, failed["next_attempt_at"]) == ("EmailFailed", None)
    assert failed["error"] == f"not sent: invoice {number} was voided after the e-mail was queued"


def test_emails_are_delivered_oldest_first_and_each_once(
    ledger: Ledger, smtp_server: SmtpServer, open_outbox: OpenOutbox
) -> None:
    world = given_world(ledger)
    invoices = [an_invoice_to_mail(world) for _ in range(3)]
    emails = [queue(world, invoice_id, attach_pdf=False) for invoice_id in (*invoices, invoices[0])]
    outbox = open_outbox(smtp(smtp_server))

    attempted = outbox.worker.run_once()
    again = outbox.worker.run_once()

    assert (attempted, again) == (4, 0)
    sent = [received.message["Message-ID"] for received in smtp_server.received]
    assert sent == [f"<{email.id}@example.com>" for email in emails]
    status = outbox.status()
    assert (status.queued, status.sending, status.delivered, status.failed, status.lag) == (0, 0, 4, 0, 0)


def test_the_email_list_reads_every_email_queued_before_it_without_a_worker_running(
    ledger: Ledger, open_outbox: OpenOutbox, smtp_server: SmtpServer
) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world)
    outbox = open_outbox(smtp(smtp_server))
    first, second = queue(world, invoice_id), queue(world, invoice_id, to=["other@globex.example"])

    listed = outbox.emails_of(invoice_id)

    assert [email.model_dump() for email in listed] == [first.model_dump(), second.model_dump()]


def test_a_refused_login_fails_the_email_and_its_password_shows_nowhere(
    ledger: Ledger,
    secure_smtp_server: SmtpServer,
    client_tls: ssl.SSLContext,
    open_outbox: OpenOutbox,
    caplog: pytest.LogCaptureFixture,
) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world)
    wrong = f"{PASSWORD}-wrong"
    url = secure_smtp_server.url(user=USER, password=wrong, starttls=True)
    outbox = open_outbox(SmtpTransport.from_url(url, ssl_context=client_tls))
    queue(world, invoice_id)

    with caplog.at_level(logging.DEBUG):
        outbox.worker.run_once()

    [email] = outbox.emails_of(invoice_id)
    assert email.status is EmailStatus.FAILED
    assert email.last_error is not None and email.last_error.startswith("535 login refused")
    texts = [caplog.text, repr(outbox.worker.transport), email.model_dump_json()]
    texts += [json.dumps(event.model_dump(mode="json")) for event in history(world, invoice_id)]
    for text in texts:
        for secret in (
            wrong,
            quote(wrong, safe=""),
            base64.b64encode(f"\0{USER}\0{wrong}".encode()).decode(),
        ):
            assert secret not in text
