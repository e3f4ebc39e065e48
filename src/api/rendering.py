"""PDFs the API serves beside an invoice's cached one: credit notes, and the PDF/A-3b bases of
Factur-X PDFs (SPEC §15, §16). All are drawn by `documents.pdf`, in the invoice's layout."""

from documents.pdf import PDF_A3B, render_invoice_pdf
from documents.pdf.credit_note import credit_note_document
from documents.pdf.document import InvoiceDocument
from ledger.usecases.crediting import CreditNoteInputs
from ledger.usecases.documents import DocumentInputs


def invoice_pdf_a3b(inputs: DocumentInputs, fingerprint: str | None) -> bytes:
    """The invoice's PDF as PDF/A-3b, the base a Factur-X PDF is made from."""
    return render_invoice_pdf(InvoiceDocument.of(inputs, fingerprint), PDF_A3B)


def credit_note_pdf(inputs: CreditNoteInputs, fingerprint: str | None, *, pdf_a3b: bool = False) -> bytes:
    """The credit note as PDF (PDF/A-3b with `pdf_a3b`, for Factur-X)."""
    return render_invoice_pdf(credit_note_document(inputs, fingerprint), PDF_A3B if pdf_a3b else None)
