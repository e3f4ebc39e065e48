"""Invoices (SPEC §4, §8): drafts, the life cycle, history, as-of views and lists (PDFs: `documents`)."""

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, BackgroundTasks, Query, Request, Response
from fastapi.exceptions import RequestValidationError

from api.deps import ActorDep, IfMatchDep, LedgerDep, PagingDep, ReaderDep, ReadsDep, TodayDep, tagged
from api.einvoices import XML_RESPONSES, SyntaxQuery, fingerprint, xml_response
from api.filters import Format, InvoiceFiltersDep
from api.openapi import raises
from api.routers import WORKSPACE, csv_response, csv_responses
from api.routers.documents import pdfs_of
from api.schemas import Items
from documents.einvoice.mapping import invoice_document
from ledger.commands import ChangeInvoice, CreateInvoice, VoidInvoice
from ledger.errors import (
    Archived,
    ConcurrentUpdate,
    DuplicateNumber,
    EInvoiceIncomplete,
    Forbidden,
    InvalidTransition,
    InvoiceEmpty,
    InvoiceLocked,
    NotFound,
    RuleViolation,
)
from ledger.values import Instant
from ledger.views import HistoryEvent, InvoiceView
from projections.invoice_list import InvoiceRow
from projections.queries import Page

router = APIRouter(prefix=f"{WORKSPACE}/invoices", tags=["invoices"])


@router.post("", status_code=201, summary="Create an invoice")
@raises(Forbidden, Archived, DuplicateNumber, ConcurrentUpdate)
def create_invoice(
    body: CreateInvoice, actor: ActorDep, ledger: LedgerDep, response: Response
) -> InvoiceView:
    """A draft for a client, in the client's currency, numbered by hand or by the sequence."""
    return tagged(response, ledger.create_invoice(actor, body))


@router.get(
    "",
    response_model=Page[InvoiceRow],
    responses=csv_responses(list(InvoiceRow.model_fields)),
    summary="List invoices",
)
@raises()
def list_invoices(
    actor: ReaderDep,
    reads: ReadsDep,
    filters: InvoiceFiltersDep,
    paging: PagingDep,
    today: TodayDep,
    format: Format = "json",
) -> Any:
    """Invoices with their totals and status (`overdue` judged today in the workspace).

    Filtered by status, client and issue date; `format=csv` for CSV.
    """
    if format == "csv":
        return csv_response(reads.invoice_list.csv(actor.workspace_id, filters, today), "invoices.csv")
    return reads.invoice_list.page(actor.workspace_id, filters, paging.page, paging.page_size, today)


@router.get("/{invoice_id}", summary="Get an invoice, now or as it stood")
@raises(Forbidden, NotFound)
def get_invoice(
    invoice_id: UUID,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    as_of: Annotated[Instant | None, Query(description="RFC 3339: the invoice as it stood then")] = None,
    version: Annotated[int | None, Query(ge=1, description="The invoice as of this version")] = None,
) -> InvoiceView:
    """The invoice now, or as it stood at an instant (`as_of`) or at a version (`version`)."""
    if as_of is not None and version is not None:
        error = {"type": "value_error", "loc": ("query", "version"), "msg": "give as_of or version, not both"}
        raise RequestValidationError([error])
    return tagged(response, ledger.get_invoice(actor, invoice_id, version=version, as_of=as_of))


@router.patch("/{invoice_id}", summary="Change a draft's details")
@raises(Forbidden, NotFound, InvoiceLocked, DuplicateNumber, RuleViolation, Archived, ConcurrentUpdate)
def change_invoice(
    invoice_id: UUID,
    body: ChangeInvoice,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    expected: IfMatchDep,
) -> InvoiceView:
    """Change the details of an unsent invoice."""
    return tagged(response, ledger.change_invoice_details(actor, invoice_id, body, expected))


@router.delete("/{invoice_id}", status_code=204, summary="Delete an invoice")
@raises(Forbidden, NotFound, InvalidTransition, ConcurrentUpdate)
def delete_invoice(invoice_id: UUID, actor: ActorDep, ledger: LedgerDep, expected: IfMatchDep) -> Response:
    """Delete an unsent or void invoice: what it billed is released, its number stays taken."""
    ledger.delete_invoice(actor, invoice_id, expected)
    return Response(status_code=204)


@router.post("/{invoice_id}/send", summary="Send an invoice")
@raises(Forbidden, NotFound, InvalidTransition, InvoiceEmpty, ConcurrentUpdate)
def send_invoice(
    invoice_id: UUID,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    expected: IfMatchDep,
    request: Request,
    background: BackgroundTasks,
) -> InvoiceView:
    """Unsent → sent; an invoice without lines is 422 `invoice-empty`."""
    sent = tagged(response, ledger.send_invoice(actor, invoice_id, expected))
    # Its PDF is rendered once the answer is out, so that the first download is served from the cache.
    background.add_task(pdfs_of(request).prerender, ledger, actor, invoice_id)
    return sent


@router.post("/{invoice_id}/reopen", summary="Reopen a sent invoice")
@raises(Forbidden, NotFound, InvalidTransition, ConcurrentUpdate)
def reopen_invoice(
    invoice_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response, expected: IfMatchDep
) -> InvoiceView:
    """Back to a draft: only a sent invoice without payments."""
    return tagged(response, ledger.reopen_invoice(actor, invoice_id, expected))


@router.post("/{invoice_id}/void", summary="Void an invoice")
@raises(Forbidden, NotFound, InvalidTransition, ConcurrentUpdate)
def void_invoice(
    invoice_id: UUID,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    expected: IfMatchDep,
    body: VoidInvoice | None = None,
) -> InvoiceView:
    """Void an unsent or unpaid sent invoice; everything it billed is released."""
    return tagged(response, ledger.void_invoice(actor, invoice_id, body or VoidInvoice(), expected))


@router.get("/{invoice_id}/history", summary="An invoice's history")
@raises(Forbidden, NotFound)
def invoice_history(invoice_id: UUID, actor: ActorDep, ledger: LedgerDep) -> Items[HistoryEvent]:
    """Every event, oldest first; deleted invoices keep their history."""
    return Items(items=ledger.history(actor, "invoice", invoice_id))


@router.get(
    "/{invoice_id}/e-invoice",
    response_class=Response,
    responses=XML_RESPONSES,
    summary="Download an invoice as an EN 16931 e-invoice",
)
@raises(Forbidden, NotFound, EInvoiceIncomplete)
def invoice_einvoice(
    invoice_id: UUID, actor: ActorDep, ledger: LedgerDep, syntax: SyntaxQuery = "cii"
) -> Response:
    """The invoice as EN 16931 XML: CII D16B or UBL 2.1 Invoice (422 `e-invoice-incomplete` names what
    is missing); its note carries the audit chain's fingerprint of the version written."""
    invoice = ledger.get_invoice(actor, invoice_id)
    client = ledger.get_client(actor, invoice.client_id)
    mark = fingerprint(ledger, invoice.id, invoice.version)
    document = invoice_document(invoice, client, ledger.get_settings(actor), mark)
    return xml_response(document, syntax, invoice.version)
