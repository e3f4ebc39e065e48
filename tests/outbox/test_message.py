"""The MIME form of an outgoing e-mail: headers, encodings, the stable Message-ID, refused values."""

from datetime import datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any
from uuid import UUID

import pytest

from outbox.errors import InvalidEmail
from outbox.message import Attachment, make_message_id, to_mime
from support.emails import an_email


def _parsed(message: EmailMessage) -> EmailMessage:
    """The message as a reader on this machine gets it: written, then parsed with local line ends."""
    return message_from_bytes(message.as_bytes(policy=default), _class=EmailMessage, policy=default)


def test_the_message_id_is_the_e_mail_id_at_the_domain() -> None:
    email_id = UUID("0b9d6f0e-2a3c-4c2e-9f51-3e2b1c0d9a77")

    assert make_message_id(email_id, "invoices.firma.example") == (
        "<0b9d6f0e-2a3c-4c2e-9f51-3e2b1c0d9a77@invoices.firma.example>"
    )
    assert make_message_id("e-42", "bücher.example") == "<e-42@xn--bcher-kva.example>"


@pytest.mark.parametrize(
    ("email_id", "domain"), [("a b", "x.example"), ("e-1", "x y"), ("e-1", ""), ("<e>", "x")]
)
def test_an_id_or_domain_that_makes_no_message_id_is_refused(email_id: str, domain: str) -> None:
    with pytest.raises(InvalidEmail):
        make_message_id(email_id, domain)


def test_every_mime_form_of_one_e_mail_is_the_same_bytes() -> None:
    email = an_email()

    assert to_mime(email).as_bytes() == to_mime(email).as_bytes()
    assert to_mime(email)["Message-ID"] == email.message_id


def test_non_ascii_names_subjects_bodies_and_file_names_are_encoded_and_read_back() -> None:
    email = an_email(
        attachments=(Attachment("Übersicht März.pdf", "application/pdf", b"%PDF-1.4\n"),),
    )

    raw = to_mime(email).as_bytes()
    message = _parsed(to_mime(email))

    assert raw.isascii()
    assert message["From"].addresses[0].display_name == "Müller & Söhne GmbH"
    assert str(message["Subject"]) == "Rechnung RE-2026-0042 – fällig am 31.01.2027"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    assert body.get_content() == email.body
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "Übersicht März.pdf"


def test_bcc_is_written_only_into_a_stored_copy() -> None:
    email = an_email(bcc=("archiv@firma.example", "revision@firma.example"))

    assert to_mime(email)["Bcc"] is None
    assert str(to_mime(email, include_bcc=True)["Bcc"]) == "archiv@firma.example, revision@firma.example"


def test_the_envelope_is_every_to_cc_and_bcc_address_once() -> None:
    email = an_email(
        to=("a@x.example", "b@x.example"), cc=("B@x.example", "c@x.example"), bcc=("a@x.example",)
    )

    assert email.recipients == ("a@x.example", "b@x.example", "c@x.example")


def test_an_international_domain_is_sent_in_its_ascii_form() -> None:
    email = an_email(from_address="rechnung@bücher.example", to=("info@bücher.example",), cc=(), bcc=())

    assert email.sender == "rechnung@xn--bcher-kva.example"
    assert email.recipients == ("info@xn--bcher-kva.example",)
    assert str(to_mime(email)["To"]) == "info@xn--bcher-kva.example"


def test_a_message_without_attachments_is_a_single_text_part() -> None:
    message = to_mime(an_email(attachments=()))

    assert message.get_content_type() == "text/plain"
    assert message.get_content() == an_email().body


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"to": (), "cc": (), "bcc": ()}, "no recipient"),
        ({"to": ("not-an-address",)}, "no domain"),
        ({"to": ("two words@x.example",)}, "a space in the local part"),
        ({"to": ("jürgen@x.example",)}, "a local part that needs SMTPUTF8"),
        ({"to": "kunde@client.example"}, "one string instead of a list"),
        ({"cc": ("a@x.example\r\nBcc: spy@evil.example",)}, "a header injected through an address"),
        ({"subject": "Rechnung\r\nBcc: spy@evil.example"}, "a header injected through the subject"),
        ({"from_name": "Firma\nX-Evil: 1"}, "a header injected through the sender's name"),
        ({"reply_to": "nobody"}, "a reply-to that is no address"),
        ({"message_id": "e-42@firma.example"}, "a Message-ID without brackets"),
        ({"date": datetime(2026, 12, 30, 9, 15)}, "a date without its time zone"),
    ],
)
def test_an_e_mail_that_cannot_be_written_is_refused(change: dict[str, Any], why: str) -> None:
    with pytest.raises(InvalidEmail):
        an_email(**change)


@pytest.mark.parametrize(
    ("filename", "content_type"),
    [("", "application/pdf"), ("../../etc/passwd", "text/plain"), ("a.pdf", "pdf"), ("a.pdf", "a/b; x=1")],
)
def test_an_attachment_without_a_plain_name_or_a_mime_type_is_refused(
    filename: str, content_type: str
) -> None:
    with pytest.raises(InvalidEmail):
        Attachment(filename, content_type, b"...")


def test_an_attachments_bytes_stay_out_of_its_repr() -> None:
    assert repr(Attachment("a.pdf", "application/pdf", b"%PDF-secret")) == (
        "Attachment(filename='a.pdf', content_type='application/pdf')"
    )
