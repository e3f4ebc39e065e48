"""Credit notes (SPEC §15, §16): issued against an invoice, then read only, as JSON, PDF or e-invoice.

A credit note is immutable: its path has no PATCH or DELETE, so those answer 405 with `Allow`.
"""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import ActorDep, IfMatchDep, LedgerDep, PagingDep, ReaderDep, ReadsDep, tagged
from api.einvoices import (
    PDF_RESPONSES,
    XML_RESPONSES,
    ProfileQuery,
    SyntaxQuery,
    facturx,
    fingerprint,
    pdf_response,
    xml_response,
)
from api.filters import CreditNoteFiltersDep, Format
from api.openapi import raises
from api.routers import WORKSPACE, csv_response, csv_responses
from api.schemas import Items
from documents.einvoice.mapping import credit_note_document
from ledger.commands import IssueCreditNote
from ledger.errors import (
    ConcurrentUpdate,
    EInvoiceIncomplete,
    Forbidden,
    InvalidTransition,
    NotFound,
    OverCredit,
    RuleViolation,
)
from ledger.views import CreditNoteView, HistoryEvent
from projections.credit_note_list import CreditNoteRow
from projections.queries import Page

router = APIRouter(prefix=WORKSPACE, tags=["credit notes"])


@router.post(
    "/invoices/{invoice_id}/credit-notes", status_code=201, summary="Correct an invoice by a credit note"
)
@raises(Forbidden, NotFound, InvalidTransition, OverCredit, RuleViolation, ConcurrentUpdate)
def issue_credit_note(
    invoice_id: UUID,
    body: IssueCreditNote,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    expected: IfMatchDep,
) -> CreditNoteView:
    """Correct an issued invoice by a credit note of its own number: some lines by quantity, or all.
    If-Match names the invoice's version."""
    return tagged(response, ledger.issue_credit_note(actor, invoice_id, body, expected))


@router.get(
    "/credit-notes",
    response_model=Page[CreditNoteRow],
    responses=csv_responses(list(CreditNoteRow.model_fields)),
    summary="List credit notes",
)
@raises(Forbidden)
def list_credit_notes(
    actor: ReaderDep,
    reads: ReadsDep,
    filters: CreditNoteFiltersDep,
    paging: PagingDep,
    format: Format = "json",
) -> Any:
    """Credit notes by issue date, filtered by client, invoice and issue dates; `format=csv` as CSV."""
    if format == "csv":
        return csv_response(reads.credit_note_list.csv(actor.workspace_id, filters), "credit-notes.csv")
    return reads.credit_note_list.page(actor.workspace_id, filters, paging.page, paging.page_size)


@router.get("/credit-notes/{credit_note_id}", summary="Get a credit note")
@raises(Forbidden, NotFound)
def get_credit_note(
    credit_note_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response
) -> CreditNoteView:
    """The credit note: its lines and totals negative, at the invoice's rates."""
    return tagged(response, ledger.get_credit_note(actor, credit_note_id))


@router.get("/credit-notes/{credit_note_id}/history", summary="A credit note's history")
@raises(Forbidden, NotFound)
def credit_note_history(credit_note_id: UUID, actor: ActorDep, ledger: LedgerDep) -> Items[HistoryEvent]:
    """Its one event, `CreditNoteIssued`: a credit note never changes."""
    return Items(items=ledger.history(actor, "credit-note", credit_note_id))


@router.get(
    "/credit-notes/{credit_note_id}/e-invoice",
    response_class=Response,
    responses=XML_RESPONSES,
    summary="Download a credit note as an EN 16931 e-invoice",
)
@raises(Forbidden, NotFound, EInvoiceIncomplete)
def credit_note_einvoice(
    credit_note_id: UUID, actor: ActorDep, ledger: LedgerDep, syntax: SyntaxQuery = "cii"
) -> Response:
    """The credit note as EN 16931 XML: CII type 381 or a UBL CreditNote (422 `e-invoice-incomplete`
    names what is missing)."""
    credit_note = ledger.get_credit_note(actor, credit_note_id)
    client = ledger.get_client(actor, credit_note.client_id)
    mark = fingerprint(ledger, credit_note.id, credit_note.version)
    document = credit_note_document(credit_note, client, ledger.get_settings(actor), mark)
    return xml_response(document, syntax, credit_note.version)


@router.get(
    "/credit-notes/{credit_note_id}/pdf",
    response_class=Response,
    responses=PDF_RESPONSES,
    summary="Download a credit note as PDF",
)
@raises(Forbidden, NotFound, EInvoiceIncomplete)
def credit_note_pdf(
    credit_note_id: UUID, actor: ActorDep, ledger: LedgerDep, profile: ProfileQuery = None
) -> Response:
    """The credit note as PDF, in the invoice's layout and the workspace's words; `profile=factur-x`
    makes it a PDF/A-3 with its CII embedded."""
    # Imported here: only a PDF request needs the renderer's seam.
    from api.rendering import credit_note_pdf as render

    inputs = ledger.credit_note_document_inputs(actor, credit_note_id)
    credit_note = inputs.credit_note
    mark = fingerprint(ledger, credit_note.id, credit_note.version)
    if profile is None:
        pdf = render(inputs, mark)
    else:
        document = credit_note_document(credit_note, inputs.client, inputs.settings, mark)
        pdf = facturx(render(inputs, mark, pdf_a3b=True), document)
    return pdf_response(pdf, credit_note.number, credit_note.version)
