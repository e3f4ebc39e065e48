"""Invoices to e-mail, and what their history says about e-mails: helpers of the outbox scenarios."""

from typing import Any
from uuid import UUID

from documents.email_text import placeholder_values
from ledger.commands import AddLine, QueueEmail
from ledger.views import EmailView, HistoryEvent
from support.world import World

CLIENT_EMAIL = "ap@globex.example"
CLIENT_CC = ["controller@globex.example"]


def an_invoice_to_mail(world: World, unit_price: str = "1234.50", **client: Any) -> UUID:
    """An unsent invoice with one line, for a client with an e-mail and one cc address."""
    client.setdefault("email", CLIENT_EMAIL)
    client.setdefault("cc_emails", CLIENT_CC)
    invoice_id = world.invoice(world.client(**client))
    command = AddLine(description="Website relaunch", quantity="1", unit_price=unit_price)
    world.ledger.add_item(world.owner, invoice_id, command)
    return invoice_id


def queue(world: World, invoice_id: UUID, **fields: Any) -> EmailView:
    """Queue an e-mail of the invoice as its owner, with the placeholders the API writes."""
    return world.ledger.queue_email(world.owner, invoice_id, QueueEmail(**fields), placeholder_values)


def history(world: World, invoice_id: UUID) -> list[HistoryEvent]:
    return world.ledger.history(world.owner, "invoice", invoice_id)


def types(world: World, invoice_id: UUID) -> list[str]:
    return [event.type for event in history(world, invoice_id)]


def email_events(world: World, invoice_id: UUID) -> list[tuple[str, dict[str, Any]]]:
    """The e-mail events of the invoice's history, oldest first, with their data."""
    return [(e.type, e.data) for e in history(world, invoice_id) if e.type.startswith("Email")]
