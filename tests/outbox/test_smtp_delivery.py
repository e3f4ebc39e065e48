"""Delivery over SMTP to a real server: what arrives, and how each kind of failure is classified."""

import io

import pytest
from pypdf import PdfReader

from outbox.errors import PermanentFailure, TransientFailure
from outbox.smtp import SmtpTransport
from support.emails import a_pdf, an_email
from support.smtp_server import LOOPBACK, SmtpServer, closed_port, hang_up_server, silent_server


def test_a_message_arrives_with_its_envelope_headers_body_and_pdf(smtp_server: SmtpServer) -> None:
    email = an_email()

    SmtpTransport.from_url(smtp_server.url()).send(email)

    [received] = smtp_server.received
    assert received.mail_from == "billing@firma.example"
    assert received.rcpt_tos == ("kunde@client.example", "einkauf@client.example", "archiv@firma.example")
    message = received.message
    assert message["Message-ID"] == email.message_id
    assert str(message["From"]) == "Müller & Söhne GmbH <billing@firma.example>"
    assert message["From"].addresses[0].display_name == "Müller & Söhne GmbH"
    assert str(message["To"]) == "kunde@client.example"
    assert str(message["Cc"]) == "einkauf@client.example"
    assert message["Bcc"] is None
    assert b"archiv@firma.example" not in received.raw
    assert str(message["Reply-To"]) == "buchhaltung@firma.example"
    assert str(message["Subject"]) == "Rechnung RE-2026-0042 – fällig am 31.01.2027"
    assert received.raw.isascii()  # non-ASCII text travels encoded (RFC 2047, quoted-printable)
    assert message["Date"].datetime == email.date
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    assert body.get_content() == email.body
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "Rechnung RE-2026-0042.pdf"
    assert attachment.get_content_type() == "application/pdf"
    pdf = attachment.get_content()
    assert pdf == a_pdf()
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_a_recipient_in_to_and_cc_is_sent_one_copy(smtp_server: SmtpServer) -> None:
    email = an_email(to=("kunde@client.example",), cc=("KUNDE@client.example",), bcc=())

    SmtpTransport.from_url(smtp_server.url()).send(email)

    [received] = smtp_server.received
    assert received.rcpt_tos == ("kunde@client.example",)


def test_a_451_reply_is_transient_and_a_later_attempt_delivers(smtp_server: SmtpServer) -> None:
    transport = SmtpTransport.from_url(smtp_server.url())
    email = an_email()
    smtp_server.handler.answer_next("451 4.3.0 mailbox busy, try again later")

    with pytest.raises(TransientFailure) as failure:
        transport.send(email)
    transport.send(email)

    assert failure.value.code == 451
    assert "try again later" in failure.value.reason
    [received] = smtp_server.received
    assert received.message["Message-ID"] == email.message_id


def test_a_550_reply_fails_the_message_at_once(smtp_server: SmtpServer) -> None:
    smtp_server.handler.answer_next("550 5.7.1 message rejected as spam")

    with pytest.raises(PermanentFailure) as failure:
        SmtpTransport.from_url(smtp_server.url()).send(an_email())

    assert failure.value.code == 550
    assert failure.value.reason == "message refused: 5.7.1 message rejected as spam"
    assert smtp_server.received == []


def test_every_recipient_refused_for_good_is_permanent(smtp_server: SmtpServer) -> None:
    smtp_server.handler.refuse_recipient("kunde@client.example")
    email = an_email(cc=(), bcc=())

    with pytest.raises(PermanentFailure) as failure:
        SmtpTransport.from_url(smtp_server.url()).send(email)

    assert failure.value.code == 550
    assert "kunde@client.example" in failure.value.reason
    assert smtp_server.received == []


def test_every_recipient_refused_for_now_is_transient(smtp_server: SmtpServer) -> None:
    smtp_server.handler.refuse_recipient("kunde@client.example", "450 4.2.1 greylisted, come back later")
    email = an_email(cc=(), bcc=())

    with pytest.raises(TransientFailure) as failure:
        SmtpTransport.from_url(smtp_server.url()).send(email)

    assert failure.value.code == 450


def test_every_recipient_refused_but_one_only_for_now_is_transient(smtp_server: SmtpServer) -> None:
    smtp_server.handler.refuse_recipient("kunde@client.example")
    smtp_server.handler.refuse_recipient("einkauf@client.example", "452 4.2.2 mailbox full")
    email = an_email(bcc=())

    with pytest.raises(TransientFailure) as failure:
        SmtpTransport.from_url(smtp_server.url()).send(email)

    assert failure.value.code == 452


def test_a_message_some_recipients_accept_counts_as_delivered_to_them(
    smtp_server: SmtpServer, caplog: pytest.LogCaptureFixture
) -> None:
    smtp_server.handler.refuse_recipient("einkauf@client.example")

    SmtpTransport.from_url(smtp_server.url()).send(an_email())

    [received] = smtp_server.received
    assert received.rcpt_tos == ("kunde@client.example", "archiv@firma.example")
    assert "refused for einkauf@client.example (550)" in caplog.text


def test_a_server_that_is_not_listening_is_a_transient_failure() -> None:
    port = closed_port()

    with pytest.raises(TransientFailure) as failure:
        SmtpTransport.from_url(f"smtp://{LOOPBACK}:{port}?timeout=5").send(an_email())

    assert failure.value.reason == f"{LOOPBACK}:{port} refused the connection"
    assert failure.value.code is None


def test_a_server_that_accepts_then_says_nothing_times_out_as_transient() -> None:
    with silent_server() as port, pytest.raises(TransientFailure) as failure:
        SmtpTransport.from_url(f"smtp://{LOOPBACK}:{port}?timeout=0.5").send(an_email())

    assert failure.value.reason == f"{LOOPBACK}:{port} did not answer within 0.5s"


def test_no_answer_after_the_message_is_transient_and_the_retry_is_the_same_message(
    smtp_server: SmtpServer,
) -> None:
    transport = SmtpTransport.from_url(smtp_server.url(timeout=0.5))
    email = an_email()
    smtp_server.handler.hang_next()

    with pytest.raises(TransientFailure, match=r"did not answer within 0\.5s"):
        transport.send(email)
    transport.send(email)

    assert smtp_server.handler.data_commands == 2
    [received] = smtp_server.received
    assert received.message["Message-ID"] == email.message_id


def test_a_server_that_hangs_up_mid_conversation_is_a_transient_failure() -> None:
    with hang_up_server() as port, pytest.raises(TransientFailure) as failure:
        SmtpTransport.from_url(f"smtp://{LOOPBACK}:{port}?timeout=5").send(an_email())

    assert failure.value.reason == f"{LOOPBACK}:{port} closed the connection"
