"""The invoice as a PDF (SPEC §10): plain HTML rendered by WeasyPrint, honouring labels and `pdf` settings.

The inputs are the typed views the use cases answer, so the renderer never touches the store.
Every text a user typed is escaped. The layout is deliberately simple
(one table, no nested tables, no web fonts): WeasyPrint's cost grows with the table's size.
"""

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from html import escape
from typing import Any

from weasyprint import HTML, URLFetcher

from ledger.formats import percent_text, quantity_text
from ledger.totals import TaxMode
from ledger.views import ClientView, InvoiceView, LineView
from ledger.workspace import WorkspaceSettings

STYLE = """
@page { size: A4; margin: 18mm 16mm; @bottom-right { content: counter(page) " / " counter(pages);
        font-size: 8pt; color: #666; } }
/* Unkerned text reads back as typed: kerned, "Tax" is extracted as "T ax". On the root, not the body,
   so the page margin boxes (the page numbers) inherit it too: otherwise they pull in a serif font. */
html { font-family: sans-serif; font-size: 9.5pt; color: #222; font-kerning: none; }
h1 { font-size: 18pt; margin: 0 0 4mm 0; }
.void { color: #b00; font-weight: bold; font-size: 12pt; }
.parties { margin-bottom: 6mm; }
.party { display: inline-block; width: 48%; vertical-align: top; }
.label { color: #666; font-size: 8pt; }
.multiline { white-space: pre-line; }
.meta td { padding: 0 6mm 1mm 0; }
table.items { width: 100%; table-layout: fixed; border-spacing: 0; margin-top: 5mm; }
table.items th { text-align: left; border-bottom: 1px solid #999; padding: 1.5mm 1mm; }
table.items td { padding: 1mm; vertical-align: top; }
table.items th.description, table.items td.description { width: 45%; }
table.items .number { text-align: right; }
table.totals { margin: 5mm 0 0 auto; border-spacing: 0; }
table.totals td { padding: 0.8mm 0 0.8mm 8mm; text-align: right; }
table.totals tr.total td, table.totals tr.balance td { font-weight: bold; border-top: 1px solid #999; }
.note { margin-top: 8mm; }
"""


def money(value: Decimal) -> str:
    """Money as shown on paper: thousands separated, two decimals."""
    return f"{value:,.2f}"


def _text(value: Any) -> str:
    return escape("" if value is None else str(value))


def _party(label: str, name: Any, address: Any, email: Any) -> str:
    lines = [f'<div class="label">{escape(label)}</div>', f"<strong>{_text(name)}</strong>"]
    if address:
        lines.append(f'<div class="multiline">{_text(address)}</div>')
    if email:
        lines.append(f"<div>{_text(email)}</div>")
    return f'<div class="party">{"".join(lines)}</div>'


Column = tuple[str, str, Callable[[LineView], str]]


def _columns(settings: WorkspaceSettings) -> list[Column]:
    """The items table's columns: (header, css class, cell), without those the settings hide."""
    hidden = settings.pdf

    def quantity(item: LineView) -> str:
        unit = f" {_text(item.unit)}" if item.unit else ""
        return f"{quantity_text(item.quantity)}{unit}"

    columns: list[Column] = []
    if not hidden.hide_item_type:
        columns.append(("Item", "type", lambda item: _text(item.item_type_label)))
    columns.append(("Description", "description", lambda item: _text(item.description)))
    if not hidden.hide_quantity:
        columns.append(("Quantity", "number", quantity))
    if not hidden.hide_unit_price:
        columns.append(("Unit price", "number", lambda item: money(item.unit_price)))
    columns.append(("Amount", "number", lambda item: money(item.amount)))
    return columns


def _items_table(items: Sequence[LineView], settings: WorkspaceSettings) -> str:
    columns = _columns(settings)
    head = "".join(f'<th class="{css}">{header}</th>' for header, css, _ in columns)
    rows = [
        "<tr>" + "".join(f'<td class="{css}">{cell(item)}</td>' for _, css, cell in columns) + "</tr>"
        for item in items
    ]
    return f'<table class="items"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _totals_table(invoice: InvoiceView) -> str:
    currency = _text(invoice.currency)
    rows = [("subtotal", "Subtotal", money(invoice.subtotal))]
    if invoice.discount_percent:
        label = f"Discount ({percent_text(invoice.discount_percent)}%)"
        rows.append(("discount", label, f"-{money(invoice.discount)}"))
    compound = " compound" if invoice.tax_mode is TaxMode.COMPOUND else ""
    for name, label, rate, amount, mode in (
        ("tax", "Tax", invoice.tax_percent, invoice.tax, ""),
        ("tax2", "Tax 2", invoice.tax2_percent, invoice.tax2, compound),
    ):
        if rate:
            rows.append((name, f"{label} ({percent_text(rate)}%{mode})", money(amount)))
    rows += [("total", "Total", money(invoice.total)), ("paid", "Paid", money(invoice.paid))]
    if invoice.credited:
        # Credit notes lower the balance too (SPEC §15): total − paid − credited.
        rows.append(("credited", "Credited", money(invoice.credited)))
    rows.append(("balance", "Balance due", money(invoice.balance)))
    cells = "".join(
        f'<tr class="{css}"><td>{label}</td><td>{amount} {currency}</td></tr>' for css, label, amount in rows
    )
    return f'<table class="totals">{cells}</table>'


def _details(invoice: InvoiceView) -> str:
    details = [
        ("Invoice number", invoice.number),
        ("Issue date", invoice.issue_date.isoformat()),
        ("Due date", invoice.due_date.isoformat()),
        ("Currency", invoice.currency),
    ]
    if invoice.subject:
        details.append(("Subject", invoice.subject))
    rows = "".join(
        f'<tr><td class="label">{label}</td><td>{_text(value)}</td></tr>' for label, value in details
    )
    return f'<table class="meta">{rows}</table>'


def _note(invoice: InvoiceView) -> str:
    if not invoice.note:
        return ""
    note = _text(invoice.note)
    return f'<div class="note"><div class="label">Notes</div><div class="multiline">{note}</div></div>'


def invoice_html(invoice: InvoiceView, client: ClientView, settings: WorkspaceSettings) -> str:
    """The invoice as one self-contained HTML page."""
    company, number = settings.company, _text(invoice.number)
    parts = [
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Invoice {number}</title>',
        f"<style>{STYLE}</style></head><body><h1>Invoice {number}</h1>",
        '<div class="void">VOID</div>' if invoice.status == "void" else "",
        '<div class="parties">',
        _party("Bill from", company.name, company.address, company.email),
        _party("Bill to", client.name, client.address, client.email),
        "</div>",
        _details(invoice),
        _items_table(invoice.items, settings),
        _totals_table(invoice),
        _note(invoice),
        "</body></html>",
    ]
    return "".join(parts)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, restoring it after."""
    # A render allocates millions of objects that live until it ends. The collector's passes over them
    # cost a fifth of a long invoice's time; collecting after the render barely moves peak memory (+1%).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_invoice_pdf(invoice: InvoiceView, client: ClientView, settings: WorkspaceSettings) -> bytes:
    """The invoice as PDF bytes, from its view, its client's and the workspace settings."""
    # The page is self-contained: no protocol is allowed, so nothing is ever fetched (no SSRF via a PDF).
    page = invoice_html(invoice, client, settings)
    with _collector_paused():
        html = HTML(string=page, url_fetcher=URLFetcher(allowed_protocols=()))
        return html.write_pdf()  # type: ignore[no-any-return]
