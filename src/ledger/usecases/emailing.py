"""Use cases of invoice e-mails (SPEC §14): queueing one, and what the outbox worker asks of the ledger.

Queueing records `EmailQueued` (and `InvoiceSent` for an unsent invoice) in one transaction; nothing is
sent here. The outbox worker, which follows the event log, reads back the documents to attach as they
stood when the e-mail was queued, and records each attempt's outcome on the invoice.
"""

import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID, uuid4

from eventsourcing.persistence import IntegrityError

from ledger.access import Actor
from ledger.client import Client
from ledger.commands import QueueEmail
from ledger.errors import ConcurrentUpdate
from ledger.invoice import Invoice, InvoiceStatus, QueuedEmail
from ledger.mail import EmailOptions, EmailStatus, fill, one_line
from ledger.member import Member
from ledger.usecases.base import ExpectedVersion
from ledger.usecases.documents import DocumentInputs, DocumentUseCases
from ledger.views import ClientView, EmailView, InvoiceView
from ledger.workspace import Workspace, WorkspaceSettings

# An outcome lost to a concurrent edit of the invoice is appended again; each loss means another
# save succeeded meanwhile. A short random pause after each loss keeps a busy invoice from starving
# the worker; should every attempt lose, the worker keeps the outcome and records it on its next pass.
OUTCOME_ATTEMPTS = 50
MAX_PAUSE_SECONDS = 0.2


class Placeholders(Protocol):
    """The values of the placeholders (SPEC §14) as text, written in the workspace's locale."""

    def __call__(
        self, invoice: InvoiceView, client: ClientView, settings: WorkspaceSettings, workspace_name: str
    ) -> Mapping[str, str]: ...


@dataclass(frozen=True)
class Delivered:
    """The server accepted attempt `attempt` of an e-mail, with this Message-ID."""

    email_id: UUID
    actor_id: UUID
    attempt: int
    message_id: str
    at: datetime


@dataclass(frozen=True)
class Failed:
    """Attempt `attempt` failed; `next_attempt_at` None means the outbox gives up."""

    email_id: UUID
    actor_id: UUID
    attempt: int
    error: str
    next_attempt_at: datetime | None


Outcome = Delivered | Failed


class EmailingUseCases(DocumentUseCases):
    def queue_email(
        self,
        actor: Actor,
        invoice_id: UUID,
        command: QueueEmail,
        placeholders: Placeholders,
        expected_version: ExpectedVersion = None,
    ) -> EmailView:
        """Queue an e-mail of the invoice (sending an unsent one); the outbox delivers it later."""
        actor.require_manager()
        invoice = self._load(Invoice, invoice_id, actor, expected_version=expected_version)
        workspace = self._workspace(actor)
        client: Client = self.repository.get(invoice.client_id)
        me: Member = self._load(Member, actor.member_id, actor)
        settings = workspace.settings
        to = command.to if command.to is not None else [client.email] if client.email else []
        cc = command.cc if command.cc is not None else list(client.cc_emails)
        named = {address.lower() for address in (*to, *cc)}
        bcc = [me.email] if command.send_me_a_copy and me.email.lower() not in named else []
        subject, body = command.subject, command.body
        if subject is None or body is None:
            invoice_view = InvoiceView.of(invoice, settings.item_type_labels, self._today(workspace))
            values = placeholders(invoice_view, ClientView.of(client), settings, workspace.name)
            subject = (
                subject if subject is not None else one_line(fill(settings.email.subject_template, values))
            )
            body = body if body is not None else fill(settings.email.body_template, values)
        email = QueuedEmail(
            email_id=uuid4(),
            from_name=settings.email.from_name or one_line(settings.company.name) or workspace.name,
            from_address=settings.email.from_address or settings.company.email or me.email,
            reply_to=settings.email.reply_to,
            to=list(to),
            cc=list(cc),
            bcc=bcc,
            subject=subject,
            body=body,
            options=EmailOptions(command.attach_pdf, command.attach_expenses, command.send_me_a_copy),
            client_version=client.version,
            workspace_version=workspace.version,
        )
        invoice.queue_email(actor.member_id, email)
        queued = invoice.pending_events[-1]
        view = EmailView(
            id=email.email_id,
            invoice_id=invoice.id,
            status=EmailStatus.QUEUED,
            to=email.to,
            cc=email.cc,
            bcc=email.bcc,
            subject=email.subject,
            created_at=queued.timestamp,
            attach_pdf=email.options.attach_pdf,
            attach_expenses=email.options.attach_expenses,
            attempts=0,
            next_attempt_at=None,
            last_error=None,
            message_id=None,
            delivered_at=None,
        )
        return self._answer(view, invoice)

    # What the outbox worker asks: it acts for the store, not for a caller, so no actor is checked.

    def email_documents(
        self, invoice_id: UUID, attach_version: int, client_version: int, workspace_version: int
    ) -> DocumentInputs:
        """The invoice, its client and the settings (logo included) at the versions an e-mail was
        queued with: what its attachments are made from."""
        invoice: Invoice = self.repository.get(invoice_id, version=attach_version)
        client: Client = self.repository.get(invoice.client_id, version=client_version)
        workspace: Workspace = self.repository.get(invoice.workspace_id, version=workspace_version)
        return self._inputs_of(invoice, client, workspace)

    def email_cancelled(self, invoice_id: UUID) -> str | None:
        """Why a queued e-mail must not go out any more (its invoice voided or deleted since), or None."""
        invoice: Invoice = self.repository.get(invoice_id)
        if invoice.deleted:
            return f"not sent: invoice {invoice.number} was deleted after the e-mail was queued"
        if invoice.status is InvoiceStatus.VOID:
            return f"not sent: invoice {invoice.number} was voided after the e-mail was queued"
        return None

    def record_email_outcome(self, invoice_id: UUID, outcome: Outcome) -> int:
        """Append the outcome to the invoice's history, again on a concurrent edit; its notification id."""
        for attempt in range(OUTCOME_ATTEMPTS):
            if attempt:
                time.sleep(random.uniform(0, min(MAX_PAUSE_SECONDS, 0.005 * 2**attempt)))
            invoice: Invoice = self.repository.get(invoice_id)
            if isinstance(outcome, Delivered):
                invoice.record_email_delivered(
                    outcome.actor_id, outcome.email_id, outcome.attempt, outcome.message_id, outcome.at
                )
            else:
                invoice.record_email_failed(
                    outcome.actor_id,
                    outcome.email_id,
                    outcome.attempt,
                    outcome.error,
                    outcome.next_attempt_at,
                )
            try:
                recordings = self.save(invoice)
            except IntegrityError:
                continue  # the invoice moved on meanwhile: reload it and append after the new event
            return recordings[-1].notification.id
        raise ConcurrentUpdate(f"could not record the outcome of e-mail {outcome.email_id}: try again")
