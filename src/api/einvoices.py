"""E-invoices over HTTP (SPEC §16): views → EN 16931 document → CII or UBL XML, or a Factur-X PDF.

The invoice and credit-note routes share this: the query parameters, the fingerprint of the
document's last event (SPEC §17) for its note, and the answers (`application/xml`, `application/pdf`).
"""

from typing import Annotated, Literal
from uuid import UUID

from fastapi import Query, Response

from api.routers import file_response
from documents.einvoice import Document, to_cii, to_facturx_pdf
from documents.einvoice.mapping import Syntax, invoice_document, write
from ledger.access import Actor
from ledger.application import Ledger

XML = "application/xml"
SyntaxQuery = Annotated[
    Syntax, Query(description="cii: UN/CEFACT CII D16B (Factur-X, ZUGFeRD, XRechnung CII); ubl: UBL 2.1")
]
ProfileQuery = Annotated[
    Literal["factur-x"] | None,
    Query(description="factur-x: a PDF/A-3 with the CII XML embedded as factur-x.xml (profile EN 16931)"),
]
XML_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"content": {XML: {"schema": {"type": "string"}}}, "description": "EN 16931 XML"}
}
PDF_RESPONSES: dict[int | str, dict[str, object]] = {200: {"content": {"application/pdf": {}}}}


def fingerprint(ledger: Ledger, document_id: UUID, version: int) -> str | None:
    """The audit chain's hash of the document's event at `version`, for its note (SPEC §17)."""
    return ledger.event_fingerprint(document_id, version)


def xml_response(document: Document, syntax: Syntax, version: int) -> Response:
    """The document as XML of `syntax`, tagged with the version of what it was written from."""
    response = file_response(write(document, syntax), XML, f"{document.number}-{syntax}.xml", "attachment")
    response.headers["ETag"] = f'"{version}"'
    return response


def pdf_response(pdf: bytes, number: str, version: int) -> Response:
    response = file_response(pdf, "application/pdf", f"{number}.pdf", "inline")
    response.headers["ETag"] = f'"{version}"'
    return response


def facturx(pdf_a3b: bytes, document: Document) -> bytes:
    """A Factur-X PDF: the PDF/A-3b with the document's CII embedded (its XSD checked on the way)."""
    return to_facturx_pdf(pdf_a3b, to_cii(document))


def facturx_invoice_pdf(ledger: Ledger, actor: Actor, invoice_id: UUID) -> Response:
    """The invoice as a Factur-X PDF: its PDF/A-3b with its CII embedded, fingerprint in both."""
    # Imported here: only a Factur-X request needs the renderer's seam.
    from api.rendering import invoice_pdf_a3b

    inputs = ledger.invoice_document_inputs(actor, invoice_id)
    invoice = inputs.invoice
    mark = fingerprint(ledger, invoice.id, invoice.version)
    document = invoice_document(invoice, inputs.client, inputs.settings, mark)
    return pdf_response(facturx(invoice_pdf_a3b(inputs, mark), document), invoice.number, invoice.version)
