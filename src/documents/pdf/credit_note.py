"""A credit note on paper: the invoice's layout, with its own title, number and reference (SPEC §15).

The sheet of a document is made from an invoice's view; a credit note's view says the same things
(lines, rates, totals, the period) but for what it takes back, so it is read as one: no due date,
no payments, no mark, the invoice it corrects as its reference and its reason in the notes.
"""

from documents.locale import Formats
from documents.pdf.document import DocumentKind, InvoiceDocument, Reference
from ledger.money import ZERO_MONEY
from ledger.usecases.crediting import CreditNoteInputs
from ledger.views import CreditNoteView, InvoiceView, LineView


def _as_invoice_view(credit_note: CreditNoteView) -> InvoiceView:
    lines = [
        LineView(
            id=line.id,
            position=line.position,
            item_type=line.item_type,
            item_type_label=line.item_type_label,
            description=line.description,
            quantity=line.quantity,
            unit=line.unit,
            unit_price=line.unit_price,
            amount=line.amount,
            import_id=None,
            time_entry_ids=[],
            expense_ids=[],
            raw_seconds=None,
            billed_seconds=None,
            quantity_overridden=False,
        )
        for line in credit_note.items
    ]
    return InvoiceView(
        id=credit_note.id,
        version=credit_note.version,
        number=credit_note.number,
        client_id=credit_note.client_id,
        currency=credit_note.currency,
        issue_date=credit_note.issue_date,
        due_date=credit_note.issue_date,
        subject="",
        note="",
        discount_percent=credit_note.discount_percent,
        tax_percent=credit_note.tax_percent,
        tax2_percent=credit_note.tax2_percent,
        tax_mode=credit_note.tax_mode,
        status="sent",  # a credit note is issued: no DRAFT or VOID mark
        void_reason=None,
        subtotal=credit_note.subtotal,
        discount=credit_note.discount,
        tax=credit_note.tax,
        tax2=credit_note.tax2,
        total=credit_note.total,
        paid=ZERO_MONEY,
        balance=credit_note.total,
        credited=ZERO_MONEY,
        credit_note_ids=[],
        credited_lines=[],
        items=lines,
        payments=[],
        service_period=credit_note.service_period,
    )


def credit_note_document(inputs: CreditNoteInputs, fingerprint: str | None = None) -> InvoiceDocument:
    """The document of a credit note, for `render_invoice_pdf`."""
    credit_note, settings = inputs.credit_note, inputs.settings
    formats = Formats(settings.locale, credit_note.currency, settings.pdf.quantity_format)
    reference = Reference(credit_note.invoice_number, formats.date(credit_note.invoice_issue_date))
    return InvoiceDocument(
        _as_invoice_view(credit_note),
        inputs.client,
        settings,
        inputs.logo,
        fingerprint,
        kind=DocumentKind.CREDIT_NOTE,
        reference=reference,
        reason=credit_note.reason,
    )
