"""Outgoing e-mails for tests: an invoice e-mail with every field set, a real PDF, a login."""

import io
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from pypdf import PdfWriter

from outbox.message import Attachment, OutgoingEmail, make_message_id

USER = "billing@firma.example"
# Characters that must be percent-encoded in a URL, and some that are not ASCII.
PASSWORD = "s3cr3t/Pässwort:@%?#"


def a_pdf() -> bytes:
    """A real one-page PDF (A4), so the receiving end can open what it got."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Rechnung RE-2026-0042"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def an_email(**changes: Any) -> OutgoingEmail:
    """An invoice e-mail with every field set; each call a new e-mail id unless one is given."""
    fields: dict[str, Any] = {
        "message_id": make_message_id(uuid4(), "invoices.firma.example"),
        "from_name": "Müller & Söhne GmbH",
        "from_address": "billing@firma.example",
        "reply_to": "buchhaltung@firma.example",
        "to": ("kunde@client.example",),
        "cc": ("einkauf@client.example",),
        "bcc": ("archiv@firma.example",),
        "subject": "Rechnung RE-2026-0042 – fällig am 31.01.2027",
        "body": "Guten Tag,\n\nanbei die Rechnung RE-2026-0042 über 1.234,50 €.\n\nGrüße\n",
        "date": datetime(2026, 12, 30, 9, 15, tzinfo=UTC),
        "attachments": (Attachment("Rechnung RE-2026-0042.pdf", "application/pdf", a_pdf()),),
    }
    fields.update(changes)
    return OutgoingEmail(**fields)
