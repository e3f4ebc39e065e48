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
from api.routers import CSV, WORKSPACE, csv_response
from api.schemas import Items
from documents.einvoice.mapping import credit_note_document
from ledger.commands import IssueCreditNote
from ledger.views import CreditNoteView, HistoryEvent
from projections.credit_note_list import CreditNoteRow
from projections.queries import Page

router = APIRouter(prefix=WORKSPACE, tags=["credit notes"])


@router.post("/invoices/{invoice_id}/credit-notes", status_code=201)
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


@router.get("/credit-notes", response_model=Page[CreditNoteRow], responses=CSV)
def list_credit_notes(
    actor: ReaderDep,
    reads: ReadsDep,
    filters: CreditNoteFiltersDep,
    paging: PagingDep,
    format: Format = "json",
) -> Any:
    if format == "csv":
        return csv_response(reads.credit_note_list.csv(actor.workspace_id, filters), "credit-notes.csv")
    return reads.credit_note_list.page(actor.workspace_id, filters, paging.page, paging.page_size)


@router.get("/credit-notes/{credit_note_id}")
def get_credit_note(
    credit_note_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response
) -> CreditNoteView:
    return tagged(response, ledger.get_credit_note(actor, credit_note_id))


@router.get("/credit-notes/{credit_note_id}/history")
def credit_note_history(credit_note_id: UUID, actor: ActorDep, ledger: LedgerDep) -> Items[HistoryEvent]:
    """Its one event, `CreditNoteIssued`: a credit note never changes."""
    return Items(items=ledger.history(actor, "credit-note", credit_note_id))


@router.get("/credit-notes/{credit_note_id}/e-invoice", response_class=Response, responses=XML_RESPONSES)
def credit_note_einvoice(
    credit_note_id: UUID, actor: ActorDep, ledger: LedgerDep, syntax: SyntaxQuery = "cii"
) -> Response:
    """The credit note as EN 16931 XML: CII type 381 or a UBL CreditNote (422 `e-invoice-incomplete`
    names what is missing)."""
    credit_note = ledger.get_credit_note(actor, credit_note_id)
    client = ledger.get_client(actor, credit_note.client_id)
    document = credit_note_document(
        credit_note, client, ledger.get_settings(actor), fingerprint(ledger, actor, credit_note_id)
    )
    return xml_response(document, syntax, credit_note.version)


@router.get("/credit-notes/{credit_note_id}/pdf", response_class=Response, responses=PDF_RESPONSES)
def credit_note_pdf(
    credit_note_id: UUID, actor: ActorDep, ledger: LedgerDep, profile: ProfileQuery = None
) -> Response:
    """The credit note as PDF, in the invoice's layout; `profile=factur-x` embeds its CII."""
    # WeasyPrint is slow to import: load it only when a PDF is asked for.
    from api.rendering import render_credit_note_pdf

    credit_note = ledger.get_credit_note(actor, credit_note_id)
    client = ledger.get_client(actor, credit_note.client_id)
    settings = ledger.get_settings(actor)
    if profile is None:
        pdf = render_credit_note_pdf(credit_note, client, settings)
    else:
        document = credit_note_document(
            credit_note, client, settings, fingerprint(ledger, actor, credit_note_id)
        )
        pdf = facturx(render_credit_note_pdf(credit_note, client, settings, pdf_a3b=True), document)
    return pdf_response(pdf, credit_note.number, credit_note.version)
