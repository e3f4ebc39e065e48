"""Invoice PDFs (SPEC §10, §13): typed inputs → the texts of a sheet → HTML → PDF (WeasyPrint).

Other code calls `render_invoice_pdf(InvoiceDocument(...))`; `InvoiceDocument.of(inputs)` builds
the document from what `Ledger.invoice_document_inputs` gathers. WeasyPrint runs in worker
processes of its own (`documents.pdf.engine`): this package never imports it.
"""

import hashlib

from documents.pdf.document import DocumentKind, InvoiceDocument, Reference, Sheet, sheet
from documents.pdf.engine import html_to_pdf
from documents.pdf.html import logo_url, sheet_html
from documents.pdf.style import STYLE

__all__ = [
    "PDF_A3B",
    "DocumentKind",
    "InvoiceDocument",
    "Reference",
    "Sheet",
    "render_invoice_pdf",
    "render_sheet_pdf",
    "sheet",
    "sheet_html",
]


# The PDF/A variant a Factur-X PDF is made from (SPEC §16).
PDF_A3B = "pdf/a-3b"


def render_sheet_pdf(page: Sheet, variant: str | None = None) -> bytes:
    """The PDF of a sheet: for documents that build their own (a credit note, say)."""
    logo = None
    if page.logo is not None:
        url = logo_url(hashlib.sha256(page.logo.content).hexdigest())
        logo = (url, page.logo.content_type, page.logo.content)
    return html_to_pdf(sheet_html(page), STYLE, logo, variant)


def render_invoice_pdf(document: InvoiceDocument, variant: str | None = None) -> bytes:
    """The document as PDF bytes (PDF/A-3b with `variant=PDF_A3B`, the base of a Factur-X PDF)."""
    return render_sheet_pdf(sheet(document), variant)
