"""Invoices (SPEC §4, §8): drafts, the life cycle, history, as-of views, lists and PDFs."""

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Response
from fastapi.exceptions import RequestValidationError

from api.deps import ActorDep, IfMatchDep, LedgerDep, PagingDep, ReaderDep, ReadsDep, TodayDep, tagged
from api.filters import Format, InvoiceFiltersDep
from api.routers import CSV, WORKSPACE, csv_response, file_response
from api.schemas import Items
from ledger.commands import ChangeInvoice, CreateInvoice, VoidInvoice
from ledger.values import Instant
from ledger.views import HistoryEvent, InvoiceView
from projections.invoice_list import InvoiceRow
from projections.queries import Page

router = APIRouter(prefix=f"{WORKSPACE}/invoices", tags=["invoices"])


@router.post("", status_code=201)
def create_invoice(
    body: CreateInvoice, actor: ActorDep, ledger: LedgerDep, response: Response
) -> InvoiceView:
    """A draft for a client, in the client's currency, numbered by hand or by the sequence."""
    return tagged(response, ledger.create_invoice(actor, body))


@router.get("", response_model=Page[InvoiceRow], responses=CSV)
def list_invoices(
    actor: ReaderDep,
    reads: ReadsDep,
    filters: InvoiceFiltersDep,
    paging: PagingDep,
    today: TodayDep,
    format: Format = "json",
) -> Any:
    if format == "csv":
        return csv_response(reads.invoice_list.csv(actor.workspace_id, filters, today), "invoices.csv")
    return reads.invoice_list.page(actor.workspace_id, filters, paging.page, paging.page_size, today)


@router.get("/{invoice_id}")
def get_invoice(
    invoice_id: UUID,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    as_of: Annotated[Instant | None, Query(description="RFC 3339: the invoice as it stood then")] = None,
    version: Annotated[int | None, Query(ge=1, description="The invoice as of this version")] = None,
) -> InvoiceView:
    if as_of is not None and version is not None:
        error = {"type": "value_error", "loc": ("query", "version"), "msg": "give as_of or version, not both"}
        raise RequestValidationError([error])
    return tagged(response, ledger.get_invoice(actor, invoice_id, version=version, as_of=as_of))


@router.patch("/{invoice_id}")
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


@router.delete("/{invoice_id}", status_code=204)
def delete_invoice(invoice_id: UUID, actor: ActorDep, ledger: LedgerDep, expected: IfMatchDep) -> Response:
    """Delete an unsent or void invoice: what it billed is released, its number stays taken."""
    ledger.delete_invoice(actor, invoice_id, expected)
    return Response(status_code=204)


@router.post("/{invoice_id}/send")
def send_invoice(
    invoice_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response, expected: IfMatchDep
) -> InvoiceView:
    """Unsent → sent; an invoice without lines is 422 `invoice-empty`."""
    return tagged(response, ledger.send_invoice(actor, invoice_id, expected))


@router.post("/{invoice_id}/reopen")
def reopen_invoice(
    invoice_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response, expected: IfMatchDep
) -> InvoiceView:
    """Back to a draft: only a sent invoice without payments."""
    return tagged(response, ledger.reopen_invoice(actor, invoice_id, expected))


@router.post("/{invoice_id}/void")
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


@router.get("/{invoice_id}/history")
def invoice_history(invoice_id: UUID, actor: ActorDep, ledger: LedgerDep) -> Items[HistoryEvent]:
    """Every event, oldest first; deleted invoices keep their history."""
    return Items(items=ledger.history(actor, "invoice", invoice_id))


@router.get(
    "/{invoice_id}/pdf", response_class=Response, responses={200: {"content": {"application/pdf": {}}}}
)
def invoice_pdf(invoice_id: UUID, actor: ActorDep, ledger: LedgerDep) -> Response:
    """The invoice as PDF, honouring the item type labels and the pdf settings."""
    # WeasyPrint is slow to import: load it only when a PDF is asked for.
    from api.pdf import render_invoice_pdf

    invoice = ledger.get_invoice(actor, invoice_id)
    client = ledger.get_client(actor, invoice.client_id)
    pdf = render_invoice_pdf(invoice, client, ledger.get_settings(actor))
    response = file_response(pdf, "application/pdf", f"{invoice.number}.pdf", "inline")
    response.headers["ETag"] = f'"{invoice.version}"'
    return response
