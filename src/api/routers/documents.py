"""Documents people read (SPEC §10, §13): the invoice PDF, duplicates, the workspace's logo."""

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, Request, Response
from starlette.concurrency import run_in_threadpool

from api.deps import ActorDep, IfMatchDep, LedgerDep, tagged
from api.einvoices import ProfileQuery, facturx_invoice_pdf
from api.errors import PayloadTooLarge
from api.openapi import raises
from api.routers import WORKSPACE, file_response
from documents.pdf.cache import PdfCache
from documents.pdf.service import Fingerprints, InvoicePdfs
from ledger.config import Settings
from ledger.errors import (
    Archived,
    ConcurrentUpdate,
    EInvoiceIncomplete,
    Forbidden,
    InvalidImage,
    NotFound,
    TooLarge,
)
from ledger.logo import MAX_LOGO_BYTES
from ledger.views import InvoiceView

router = APIRouter(prefix=WORKSPACE, tags=["documents"])

SVG_EXAMPLE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40"/></svg>'
)
LOGO_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": f"The image itself, at most {MAX_LOGO_BYTES // 1024} KB",
        "content": {
            "image/png": {"schema": {"type": "string", "format": "binary"}},
            "image/svg+xml": {"schema": {"type": "string"}, "example": SVG_EXAMPLE},
        },
    }
}
PDF: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The PDF; its ETag changes with anything it is made from",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        "headers": {"ETag": {"schema": {"type": "string"}, "description": "Send it back as If-None-Match"}},
    },
    304: {"description": "Not modified: the PDF named by If-None-Match is still the invoice's"},
}


def invoice_pdfs(settings: Settings, fingerprints: Fingerprints) -> InvoicePdfs:
    """The PDFs of one app: its own cache, sized by `LEDGER_PDF_CACHE_MEGABYTES`, footers carrying
    the audit chain's hash of the version shown."""
    return InvoicePdfs(PdfCache(settings.pdf_cache_megabytes * 1024 * 1024), fingerprints)


def pdfs_of(request: Request) -> InvoicePdfs:
    pdfs: InvoicePdfs = request.app.state.pdfs
    return pdfs


def _matches(if_none_match: str | None, tag: str) -> bool:
    if if_none_match is None:
        return False
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in tags or tag in tags


@router.get(
    "/invoices/{invoice_id}/pdf", response_class=Response, responses=PDF, summary="Download an invoice as PDF"
)
@raises(Forbidden, NotFound, EInvoiceIncomplete)
def invoice_pdf(
    invoice_id: UUID,
    actor: ActorDep,
    ledger: LedgerDep,
    request: Request,
    if_none_match: Annotated[
        str | None, Header(alias="If-None-Match", description="The ETag of the PDF you have")
    ] = None,
    profile: ProfileQuery = None,
) -> Response:
    """The invoice as PDF, in the workspace's locale and words, honouring the `pdf` settings.

    Served from a cache while nothing it is made from changes (the invoice, its client, the
    settings, the logo); `If-None-Match` with its ETag answers 304. Sent invoices are rendered
    ahead of the first request. `profile=factur-x` makes it a PDF/A-3 with its EN 16931 CII
    embedded (422 `e-invoice-incomplete` names what is missing).
    """
    if profile is not None:
        return facturx_invoice_pdf(ledger, actor, invoice_id)
    pdfs = pdfs_of(request)
    tag = pdfs.current_tag(ledger, actor, invoice_id)
    if _matches(if_none_match, tag):
        return Response(status_code=304, headers={"ETag": tag})
    tag, pdf = pdfs.current(ledger, actor, invoice_id)
    response = file_response(pdf.content, "application/pdf", pdf.filename, "inline")
    response.headers["ETag"] = tag
    return response


@router.post("/invoices/{invoice_id}/duplicate", status_code=201, summary="Duplicate an invoice")
@raises(Forbidden, NotFound, Archived, ConcurrentUpdate)
def duplicate_invoice(
    invoice_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response
) -> InvoiceView:
    """A new draft for the same client with the same details and lines, numbered next.

    The lines are copied as manual lines: no time entry or expense is linked, so nothing is billed
    twice. Issue and due dates are today's, as for a new invoice.
    """
    return tagged(response, ledger.duplicate_invoice(actor, invoice_id))


@router.put("/settings/logo", status_code=204, openapi_extra=LOGO_BODY, summary="Put a logo on the PDFs")
@raises(Forbidden, InvalidImage, TooLarge, PayloadTooLarge, ConcurrentUpdate)
async def put_logo(request: Request, actor: ActorDep, ledger: LedgerDep, expected: IfMatchDep) -> Response:
    """Put a logo on the PDFs: the PNG or SVG image itself as the body, at most 512 KB.

    A PNG must decode; an SVG must refer to nothing outside itself (no scripts, no external links
    or styles). Over 512 KB is 413 `payload-too-large`, anything else unreadable 422 `invalid-image`.
    Documents of earlier versions keep the logo they had. If-Match names the workspace's version.
    """
    content_type, content = request.headers.get("content-type", ""), await request.body()
    # The checks decode the image and the save writes to the store: both off the event loop.
    await run_in_threadpool(ledger.change_logo, actor, content_type, content, expected)
    return Response(status_code=204)


@router.delete("/settings/logo", status_code=204, summary="Remove the logo")
@raises(Forbidden, ConcurrentUpdate)
def delete_logo(actor: ActorDep, ledger: LedgerDep, expected: IfMatchDep) -> Response:
    """PDFs go without a logo from now on; documents of earlier versions keep theirs."""
    ledger.remove_logo(actor, expected)
    return Response(status_code=204)
