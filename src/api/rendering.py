"""The API's one seam to the PDF renderer, for credit notes and archival (PDF/A-3b) invoices.

Until the renderer of `documents.pdf` (typed views and a labels set) lands, credit notes are
drawn here with today's `api.pdf` (its style, parties and money), with credit-note labels; when
it lands, the integrator switches these two functions to it and nothing else changes.
"""

from collections.abc import Callable
from decimal import Decimal
from html import escape

from weasyprint import HTML, URLFetcher

from api.pdf import STYLE, _collector_paused, _party, _text, invoice_html, money
from ledger.formats import percent_text, quantity_text
from ledger.totals import TaxMode
from ledger.views import ClientView, CreditNoteLineView, CreditNoteView, InvoiceView
from ledger.workspace import WorkspaceSettings

PDF_A3B = "pdf/a-3b"
LABELS = {
    "credit_note": "Credit note",
    "credit_note_number": "Credit note number",
    "issue_date": "Issue date",
    "corrects": "Corrects invoice",
    "service_period": "Service period",
    "currency": "Currency",
    "reason": "Reason",
    "bill_from": "Bill from",
    "bill_to": "Bill to",
    "item": "Item",
    "description": "Description",
    "quantity": "Quantity",
    "unit_price": "Unit price",
    "amount": "Amount",
    "subtotal": "Subtotal",
    "discount": "Discount",
    "tax": "Tax",
    "tax2": "Tax 2",
    "total": "Total credited",
}
Cell = Callable[[CreditNoteLineView], str]


def _render(page: str, pdf_a3b: bool) -> bytes:
    # The page is self-contained: no protocol is allowed, so nothing is ever fetched.
    with _collector_paused():
        html = HTML(string=page, url_fetcher=URLFetcher(allowed_protocols=()))
        pdf: bytes = html.write_pdf(pdf_variant=PDF_A3B if pdf_a3b else None)
        return pdf


def render_invoice_pdf_a3b(invoice: InvoiceView, client: ClientView, settings: WorkspaceSettings) -> bytes:
    """The invoice's PDF as PDF/A-3b, the base a Factur-X PDF is made from."""
    return _render(invoice_html(invoice, client, settings), pdf_a3b=True)


def _items(credit_note: CreditNoteView, settings: WorkspaceSettings) -> str:
    hidden = settings.pdf

    def quantity(line: CreditNoteLineView) -> str:
        return f"{quantity_text(line.quantity)}{f' {_text(line.unit)}' if line.unit else ''}"

    columns: list[tuple[str, str, Cell]] = []
    if not hidden.hide_item_type:
        columns.append(("item", "type", lambda line: _text(line.item_type_label)))
    columns.append(("description", "description", lambda line: _text(line.description)))
    if not hidden.hide_quantity:
        columns.append(("quantity", "number", quantity))
    if not hidden.hide_unit_price:
        columns.append(("unit_price", "number", lambda line: money(line.unit_price)))
    columns.append(("amount", "number", lambda line: money(line.amount)))
    head = "".join(f'<th class="{css}">{LABELS[label]}</th>' for label, css, _ in columns)
    rows = "".join(
        "<tr>" + "".join(f'<td class="{css}">{cell(line)}</td>' for _, css, cell in columns) + "</tr>"
        for line in credit_note.items
    )
    return f'<table class="items"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _totals(credit_note: CreditNoteView) -> str:
    rows: list[tuple[str, str, Decimal]] = [("subtotal", LABELS["subtotal"], credit_note.subtotal)]
    if credit_note.discount_percent:
        label = f"{LABELS['discount']} ({percent_text(credit_note.discount_percent)}%)"
        rows.append(("discount", label, -credit_note.discount))
    compound = " compound" if credit_note.tax_mode is TaxMode.COMPOUND else ""
    for name, rate, amount, mode in (
        ("tax", credit_note.tax_percent, credit_note.tax, ""),
        ("tax2", credit_note.tax2_percent, credit_note.tax2, compound),
    ):
        if rate:
            rows.append((name, f"{LABELS[name]} ({percent_text(rate)}%{mode})", amount))
    rows.append(("total", LABELS["total"], credit_note.total))
    currency = _text(credit_note.currency)
    cells = "".join(
        f'<tr class="{css}"><td>{escape(label)}</td><td>{money(amount)} {currency}</td></tr>'
        for css, label, amount in rows
    )
    return f'<table class="totals">{cells}</table>'


def credit_note_html(credit_note: CreditNoteView, client: ClientView, settings: WorkspaceSettings) -> str:
    """The credit note as one self-contained HTML page, in the invoice's layout."""
    company, number = settings.company, _text(credit_note.number)
    details = [
        (LABELS["credit_note_number"], credit_note.number),
        (LABELS["issue_date"], credit_note.issue_date.isoformat()),
        (LABELS["corrects"], f"{credit_note.invoice_number} ({credit_note.invoice_issue_date.isoformat()})"),
    ]
    if credit_note.service_period is not None:
        period = credit_note.service_period
        details.append((LABELS["service_period"], f"{period.start.isoformat()} – {period.end.isoformat()}"))
    details += [(LABELS["currency"], credit_note.currency), (LABELS["reason"], credit_note.reason)]
    meta = "".join(f'<tr><td class="label">{escape(k)}</td><td>{_text(v)}</td></tr>' for k, v in details)
    title = f"{LABELS['credit_note']} {number}"
    return "".join(
        [
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>',
            f"<style>{STYLE}</style></head><body><h1>{title}</h1>",
            '<div class="parties">',
            _party(LABELS["bill_from"], company.name, company.address, company.email),
            _party(LABELS["bill_to"], client.name, client.address, client.email),
            "</div>",
            f'<table class="meta">{meta}</table>',
            _items(credit_note, settings),
            _totals(credit_note),
            "</body></html>",
        ]
    )


def render_credit_note_pdf(
    credit_note: CreditNoteView, client: ClientView, settings: WorkspaceSettings, *, pdf_a3b: bool = False
) -> bytes:
    """The credit note as PDF bytes (PDF/A-3b with `pdf_a3b`, for Factur-X)."""
    return _render(credit_note_html(credit_note, client, settings), pdf_a3b)
