"""The outbox's table, kept from the event log like a read model: one row per queued e-mail.

`EmailQueued` inserts a row; `EmailFailed` and `EmailDelivered` move it on. These changes are pure
(event → rows) and are applied in batches with the outbox's tracking position in one transaction, by
the projections' own machinery, so a crash mid-batch loses and duplicates nothing. Two columns are
the worker's alone and never come from an event: `sending_attempt` and `sending_since`, written when
it claims an e-mail just before talking to the SMTP server (see `table.claim`).

Instants are stored as UTC text with microseconds, so that comparing them as text orders them.
"""

import json
from datetime import UTC, datetime
from typing import Any

from ledger.invoice import Invoice
from ledger.mail import EmailStatus
from projections.readmodel import Change, ReadModel, handles, insert, update


def instant_text(instant: datetime) -> str:
    """An instant as stored: UTC, always with microseconds (`2026-12-03T10:07:00.000000+00:00`)."""
    return instant.astimezone(UTC).isoformat(timespec="microseconds")


def addresses_text(addresses: list[str]) -> str:
    return json.dumps(addresses)


class OutboxModel(ReadModel):
    """Queued e-mails and where their delivery stands; never rebuilt (the worker's columns live here)."""

    name = "outbox"
    tables = {  # noqa: RUF012
        "emails": "id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, invoice_id TEXT NOT NULL, "
        "actor_id TEXT NOT NULL, from_name TEXT NOT NULL, from_address TEXT NOT NULL, reply_to TEXT, "
        "to_addresses TEXT NOT NULL, cc_addresses TEXT NOT NULL, bcc_addresses TEXT NOT NULL, "
        "subject TEXT NOT NULL, body TEXT NOT NULL, attach_pdf INTEGER NOT NULL, "
        "attach_expenses INTEGER NOT NULL, attach_version INTEGER NOT NULL, "
        "client_version INTEGER NOT NULL, workspace_version INTEGER NOT NULL, created_at TEXT NOT NULL, "
        "status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at TEXT, last_error TEXT, "
        "message_id TEXT, delivered_at TEXT, sending_attempt INTEGER, sending_since TEXT"
    }
    indexes = (
        "CREATE INDEX IF NOT EXISTS rm_{model}_invoice_g{g} ON {emails} (invoice_id, created_at)",
        "CREATE INDEX IF NOT EXISTS rm_{model}_due_g{g} ON {emails} (status, next_attempt_at)",
    )

    @handles(Invoice.EmailQueued)
    def queued(self, e: Invoice.EmailQueued) -> list[Change]:
        row: dict[str, Any] = {
            "id": e.email_id,
            "workspace_id": e.workspace_id,
            "invoice_id": e.originator_id,
            "actor_id": e.actor_id,
            "from_name": e.from_name,
            "from_address": e.from_address,
            "reply_to": e.reply_to,
            "to_addresses": addresses_text(e.to),
            "cc_addresses": addresses_text(e.cc),
            "bcc_addresses": addresses_text(e.bcc),
            "subject": e.subject,
            "body": e.body,
            "attach_pdf": e.options.attach_pdf,
            "attach_expenses": e.options.attach_expenses,
            "attach_version": e.attach_version,
            "client_version": e.client_version,
            "workspace_version": e.workspace_version,
            "created_at": instant_text(e.timestamp),
            "status": EmailStatus.QUEUED,
            "attempts": 0,
            "next_attempt_at": None,
            "last_error": None,
            "message_id": None,
            "delivered_at": None,
            "sending_attempt": None,
            "sending_since": None,
        }
        return [insert("emails", row)]

    @handles(Invoice.EmailFailed)
    def failed(self, e: Invoice.EmailFailed) -> list[Change]:
        retry = e.next_attempt_at
        values = {
            "status": EmailStatus.QUEUED if retry is not None else EmailStatus.FAILED,
            "attempts": e.attempt,
            "next_attempt_at": instant_text(retry) if retry is not None else None,
            "last_error": e.error,
            "sending_attempt": None,
            "sending_since": None,
        }
        return update("emails", e.email_id, values)

    @handles(Invoice.EmailDelivered)
    def delivered(self, e: Invoice.EmailDelivered) -> list[Change]:
        values = {
            "status": EmailStatus.DELIVERED,
            "attempts": e.attempt,
            "next_attempt_at": None,
            "last_error": None,
            "message_id": e.message_id,
            "delivered_at": instant_text(e.delivered_at),
            "sending_attempt": None,
            "sending_since": None,
        }
        return update("emails", e.email_id, values)
