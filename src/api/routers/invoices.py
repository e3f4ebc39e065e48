"""Invoices (SPEC §4, §8): drafts, the life cycle, history, as-of views, lists and PDFs."""

from datetime import date
from typing import Annotated, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Response
from fastapi.exceptions import RequestValidationError
from pydantic import AwareDatetime

from api.deps import ActorDep, IfMatch, LedgerDep, PagingDep, ReaderDep, ReadsDep, require_version
from api.filters import Format, InvoiceFiltersDep
from api.routers import CSV, WORKSPACE, csv_response, file_response
from api.schemas.common import HistoryEvent, Items, Page
from api.schemas.invoices import InvoiceCreate, InvoiceOut, InvoicePatch, InvoiceRow, Void, invoice_json
from ledger.access import Actor
from ledger.application import Ledger
from ledger.errors import NotFound
from ledger.plain import plain

router = APIRouter(prefix=f"{WORKSPACE}/invoices", tags=["invoices"])


def present(ledger: Ledger, actor: Actor, view: dict[str, Any], response: Response) -> dict[str, Any]:
    """The invoice as JSON, lines labelled from the settings, its version as ETag."""
    labels = ledger.get_settings(actor)["item_type_labels"]
    response.headers["ETag"] = f'"{view["version"]}"'
    return invoice_json(view, labels)


def today(ledger: Ledger, actor: Actor) -> date:
    """Today in the workspace's time zone: what "overdue" is judged against."""
    timezone = ZoneInfo(ledger.get_workspace(actor)["timezone"])
    return ledger.clock().astimezone(timezone).date()


@router.post("", status_code=201, response_model=InvoiceOut)
def create_invoice(
    body: InvoiceCreate, actor: ActorDep, ledger: LedgerDep, response: Response
) -> dict[str, Any]:
    """A draft for a client, in the client's currency, numbered by hand or by the sequence."""
    fields = body.model_dump(exclude={"client_id"}, exclude_none=True)
    return present(ledger, actor, ledger.create_invoice(actor, body.client_id, **fields), response)


@router.get("", response_model=Page[InvoiceRow], responses=CSV)
def list_invoices(
    actor: ReaderDep,
    reads: ReadsDep,
    ledger: LedgerDep,
    filters: InvoiceFiltersDep,
    paging: PagingDep,
    format: Format = "json",
) -> Any:
    if format == "csv":
        return csv_response(
            reads.invoices_csv(actor.workspace_id, filters, today(ledger, actor)), "invoices.csv"
        )
    return reads.invoices(
        actor.workspace_id, filters, page=paging.page, page_size=paging.page_size, today=today(ledger, actor)
    )


@router.get("/{invoice_id}", response_model=InvoiceOut)
def get_invoice(
    invoice_id: UUID,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    as_of: Annotated[
        AwareDatetime | None, Query(description="RFC 3339: the invoice as it stood then")
    ] = None,
    version: Annotated[int | None, Query(ge=1, description="The invoice as of this version")] = None,
) -> dict[str, Any]:
    if as_of is not None and version is not None:
        error = {"type": "value_error", "loc": ("query", "version"), "msg": "give as_of or version, not both"}
        raise RequestValidationError([error])
    view = ledger.get_invoice(actor, invoice_id, version=version, as_of=as_of)
    if version is not None and view["version"] != version:
        raise NotFound(f"invoice {invoice_id} has no version {version} yet")
    return present(ledger, actor, view, response)


@router.patch("/{invoice_id}", response_model=InvoiceOut)
def change_invoice(
    invoice_id: UUID,
    body: InvoicePatch,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    require_version(if_match, invoice_id)
    return present(ledger, actor, ledger.change_invoice_details(actor, invoice_id, body.changes()), response)


@router.delete("/{invoice_id}", status_code=204)
def delete_invoice(
    invoice_id: UUID, actor: ActorDep, ledger: LedgerDep, if_match: IfMatch = None
) -> Response:
    """Delete an unsent or void invoice: what it billed is released, its number stays taken."""
    require_version(if_match, invoice_id)
    ledger.delete_invoice(actor, invoice_id)
    return Response(status_code=204)


@router.post("/{invoice_id}/send", response_model=InvoiceOut)
def send_invoice(
    invoice_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response, if_match: IfMatch = None
) -> dict[str, Any]:
    require_version(if_match, invoice_id)
    return present(ledger, actor, ledger.send_invoice(actor, invoice_id), response)


@router.post("/{invoice_id}/reopen", response_model=InvoiceOut)
def reopen_invoice(
    invoice_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response, if_match: IfMatch = None
) -> dict[str, Any]:
    """Back to a draft: only a sent invoice without payments."""
    require_version(if_match, invoice_id)
    return present(ledger, actor, ledger.reopen_invoice(actor, invoice_id), response)


@router.post("/{invoice_id}/void", response_model=InvoiceOut)
def void_invoice(
    invoice_id: UUID,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    body: Void | None = None,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """Void an unsent or unpaid sent invoice; everything it billed is released."""
    require_version(if_match, invoice_id)
    reason = body.reason if body else ""
    return present(ledger, actor, ledger.void_invoice(actor, invoice_id, reason), response)


@router.get("/{invoice_id}/history", response_model=Items[HistoryEvent])
def invoice_history(invoice_id: UUID, actor: ActorDep, ledger: LedgerDep) -> dict[str, Any]:
    """Every event, oldest first; deleted invoices keep their history."""
    return {"items": ledger.history(actor, "invoice", invoice_id)}


@router.get(
    "/{invoice_id}/pdf", response_class=Response, responses={200: {"content": {"application/pdf": {}}}}
)
def invoice_pdf(invoice_id: UUID, actor: ActorDep, ledger: LedgerDep) -> Response:
    """The invoice as PDF, honouring the item type labels and the pdf settings."""
    # WeasyPrint is slow to import: load it only when a PDF is asked for.
    from api.pdf import render_invoice_pdf

    invoice = ledger.get_invoice(actor, invoice_id)
    client = ledger.get_client(actor, invoice["client_id"])
    settings = ledger.get_settings(actor)
    pdf = render_invoice_pdf(plain(invoice), plain(client), plain(settings))
    response = file_response(pdf, "application/pdf", f"{invoice['number']}.pdf", "inline")
    response.headers["ETag"] = f'"{invoice["version"]}"'
    return response
