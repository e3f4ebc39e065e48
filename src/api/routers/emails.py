"""Invoice e-mails (SPEC §14): queue one (the outbox delivers it), list them with their delivery status."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from api.deps import ActorDep, IfMatchDep, LedgerDep, PagingDep
from api.openapi import raises
from api.routers import WORKSPACE
from documents.email_text import placeholder_values
from ledger.commands import QueueEmail
from ledger.errors import ConcurrentUpdate, Forbidden, InvalidTransition, NoRecipient, NotFound
from ledger.views import EmailView
from outbox.service import Outbox

router = APIRouter(prefix=f"{WORKSPACE}/invoices/{{invoice_id}}/emails", tags=["invoice e-mails"])


def get_outbox(request: Request) -> Outbox:
    outbox: Outbox = request.app.state.outbox
    return outbox


OutboxDep = Annotated[Outbox, Depends(get_outbox)]


class EmailPage(BaseModel):
    """A page of an invoice's e-mails (SPEC §10 lists)."""

    items: list[EmailView]
    total: int
    page: int
    page_size: int


@router.post("", status_code=202, summary="Send the invoice by e-mail")
@raises(Forbidden, NotFound, InvalidTransition, NoRecipient, ConcurrentUpdate)
def queue_email(
    invoice_id: UUID,
    actor: ActorDep,
    ledger: LedgerDep,
    expected: IfMatchDep,
    outbox: OutboxDep,
    body: QueueEmail | None = None,
) -> EmailView:
    """Queue an e-mail of the invoice (an unsent one becomes sent); the outbox delivers it."""
    email = ledger.queue_email(actor, invoice_id, body or QueueEmail(), placeholder_values, expected)
    outbox.wake()
    return email


@router.get("", summary="List the invoice's e-mails")
@raises(Forbidden, NotFound)
def list_emails(
    invoice_id: UUID,
    actor: ActorDep,
    ledger: LedgerDep,
    paging: PagingDep,
    outbox: OutboxDep,
) -> EmailPage:
    """The invoice's e-mails, oldest first, with status (queued, sending, delivered, failed) and attempts."""
    ledger.get_invoice(actor, invoice_id)  # 404 for another workspace's or a deleted invoice, 403 for members
    emails = outbox.emails_of(invoice_id)
    start = (paging.page - 1) * paging.page_size
    return EmailPage(
        items=emails[start : start + paging.page_size],
        total=len(emails),
        page=paging.page,
        page_size=paging.page_size,
    )
