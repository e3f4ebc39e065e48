"""Reading the outbox's table, and the worker's one write of its own: claiming an e-mail to send it."""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from ledger.mail import EmailStatus
from ledger.views import EmailView
from outbox.model import OutboxModel, instant_text
from projections.store import ReadStore
from projections.tracking import live

COLUMNS = (
    "id, workspace_id, invoice_id, actor_id, from_name, from_address, reply_to, to_addresses, "
    "cc_addresses, bcc_addresses, subject, body, attach_pdf, attach_expenses, attach_version, "
    "client_version, workspace_version, created_at, status, attempts, next_attempt_at, last_error, "
    "message_id, delivered_at, sending_attempt"
)
SENDING = EmailStatus.SENDING.value
WAITING = (EmailStatus.QUEUED.value, SENDING)


def _instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


@dataclass(frozen=True)
class OutboxRow:
    """A queued e-mail as the worker sends it: everything `EmailQueued` said, and where it stands."""

    id: UUID
    workspace_id: UUID
    invoice_id: UUID
    actor_id: UUID
    from_name: str
    from_address: str
    reply_to: str | None
    to: tuple[str, ...]
    cc: tuple[str, ...]
    bcc: tuple[str, ...]
    subject: str
    body: str
    attach_pdf: bool
    attach_expenses: bool
    attach_version: int
    client_version: int
    workspace_version: int
    created_at: datetime
    status: EmailStatus
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    message_id: str | None
    delivered_at: datetime | None
    sending_attempt: int | None

    @classmethod
    def of(cls, values: tuple[Any, ...]) -> "OutboxRow":
        (id_, workspace_id, invoice_id, actor_id, *rest) = values
        (from_name, from_address, reply_to, to, cc, bcc, subject, body, pdf, expenses, *more) = rest
        (attach_version, client_version, workspace_version, created_at, status, attempts, *last) = more
        (next_attempt_at, last_error, message_id, delivered_at, sending_attempt) = last
        return cls(
            id=UUID(id_),
            workspace_id=UUID(workspace_id),
            invoice_id=UUID(invoice_id),
            actor_id=UUID(actor_id),
            from_name=from_name,
            from_address=from_address,
            reply_to=reply_to,
            to=tuple(json.loads(to)),
            cc=tuple(json.loads(cc)),
            bcc=tuple(json.loads(bcc)),
            subject=subject,
            body=body,
            attach_pdf=bool(pdf),
            attach_expenses=bool(expenses),
            attach_version=int(attach_version),
            client_version=int(client_version),
            workspace_version=int(workspace_version),
            created_at=datetime.fromisoformat(created_at),
            status=EmailStatus(status),
            attempts=int(attempts),
            next_attempt_at=_instant(next_attempt_at),
            last_error=last_error,
            message_id=message_id,
            delivered_at=_instant(delivered_at),
            sending_attempt=None if sending_attempt is None else int(sending_attempt),
        )

    @property
    def attempt(self) -> int:
        """The number of the attempt to make now: the one a dead worker left unfinished, else the next."""
        return self.sending_attempt if self.sending_attempt is not None else self.attempts + 1

    def view(self) -> EmailView:
        return EmailView(
            id=self.id,
            invoice_id=self.invoice_id,
            status=self.status,
            to=list(self.to),
            cc=list(self.cc),
            bcc=list(self.bcc),
            subject=self.subject,
            created_at=self.created_at,
            attach_pdf=self.attach_pdf,
            attach_expenses=self.attach_expenses,
            attempts=self.attempts,
            next_attempt_at=self.next_attempt_at,
            last_error=self.last_error,
            message_id=self.message_id,
            delivered_at=self.delivered_at,
        )


@dataclass(frozen=True)
class Counts:
    """How many e-mails stand where, and since when the oldest still waiting has waited."""

    queued: int
    sending: int
    delivered: int
    failed: int
    oldest_waiting_since: datetime | None


class OutboxTable:
    """The outbox's table on the read side's database (its live generation, created if missing)."""

    def __init__(self, store: ReadStore, model: OutboxModel) -> None:
        self.store = store
        self.emails = model.table_names(live(store, model.name).generation)["emails"]

    def _rows(self, where: str, params: tuple[Any, ...], tail: str = "") -> list[OutboxRow]:
        sql = f"SELECT {COLUMNS} FROM {self.emails} WHERE {where} {tail}"
        return [OutboxRow.of(values) for values in self.store.query(sql, params)]

    def of_invoice(self, invoice_id: UUID) -> list[EmailView]:
        """The e-mails of one invoice, oldest first."""
        rows = self._rows("invoice_id = ?", (invoice_id,), "ORDER BY created_at, id")
        return [row.view() for row in rows]

    def row(self, email_id: UUID) -> OutboxRow | None:
        rows = self._rows("id = ?", (email_id,))
        return rows[0] if rows else None

    def due(self, now: datetime, limit: int) -> list[OutboxRow]:
        """Queued e-mails whose attempt is due at `now`, longest waiting first."""
        where = "status = ? AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
        order = "ORDER BY COALESCE(next_attempt_at, created_at), id LIMIT ?"
        return self._rows(where, (EmailStatus.QUEUED.value, instant_text(now), limit), order)

    def unfinished(self) -> list[OutboxRow]:
        """E-mails left `sending`: an attempt that began and whose outcome was never recorded."""
        return self._rows("status = ?", (SENDING,), "ORDER BY sending_since, id")

    def claim(self, row: OutboxRow, now: datetime) -> bool:
        """Mark the e-mail as being sent (attempt `row.attempt`) before any byte goes to the server;
        False if it moved meanwhile. A crash from here on leaves it `sending`, to be sent again."""
        with self.store.transaction() as tx:
            claimed: int = tx.execute(
                f"UPDATE {self.emails} SET status = ?, sending_attempt = ?, sending_since = ? "
                "WHERE id = ? AND status = ? AND attempts = ?",
                (SENDING, row.attempt, instant_text(now), row.id, row.status.value, row.attempts),
            )
        return claimed == 1

    def counts(self) -> Counts:
        by_status = dict(self.store.query(f"SELECT status, COUNT(*) FROM {self.emails} GROUP BY status"))
        [(oldest,)] = self.store.query(
            f"SELECT MIN(created_at) FROM {self.emails} WHERE status IN (?, ?)", WAITING
        )
        return Counts(
            queued=int(by_status.get(EmailStatus.QUEUED.value, 0)),
            sending=int(by_status.get(EmailStatus.SENDING.value, 0)),
            delivered=int(by_status.get(EmailStatus.DELIVERED.value, 0)),
            failed=int(by_status.get(EmailStatus.FAILED.value, 0)),
            oldest_waiting_since=_instant(oldest),
        )
