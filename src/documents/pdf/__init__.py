"""Invoice PDFs (SPEC §10, §13): typed inputs → the texts of a sheet → HTML → PDF (WeasyPrint).

Other code calls `render_invoice_pdf(InvoiceDocument(...))`; `InvoiceDocument.of(inputs)` builds
the document from what `Ledger.invoice_document_inputs` gathers. WeasyPrint takes most of a second
to import, so it is imported at the first render, not with this package.
"""

import hashlib

from documents.pdf.document import DocumentKind, InvoiceDocument, Reference, Sheet, sheet
from documents.pdf.html import sheet_html

__all__ = [
    "DocumentKind",
    "InvoiceDocument",
    "Reference",
    "Sheet",
    "render_invoice_pdf",
    "render_sheet_pdf",
    "sheet",
    "sheet_html",
]


def render_sheet_pdf(page: Sheet) -> bytes:
    """The PDF of a sheet: for documents that build their own (a credit note, say)."""
    from documents.pdf.engine import html_to_pdf

    sha = hashlib.sha256(page.logo.content).hexdigest() if page.logo else None
    return html_to_pdf(sheet_html(page), page.logo, sha)


def render_invoice_pdf(document: InvoiceDocument) -> bytes:
    """The document as PDF bytes."""
    return render_sheet_pdf(sheet(document))
