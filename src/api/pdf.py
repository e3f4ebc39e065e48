"""The invoice as a PDF (SPEC §10): plain HTML rendered by WeasyPrint, honouring labels and `pdf` settings.

The inputs are plain data (`ledger.plain.plain` of the use cases' answers), so the renderer
never touches the store. Every text a user typed is escaped. The layout is deliberately simple
(one table, no nested tables, no web fonts): WeasyPrint's cost grows with the table's size.
"""

import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from html import escape
from typing import Any

from weasyprint import HTML, URLFetcher

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


def money(value: Any) -> str:
    """A money string as shown on paper: thousands separated, two decimals."""
    return f"{Decimal(value):,.2f}"


def percent(value: Any) -> str:
    """A percentage without trailing zeros: "19", "7.5"."""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _text(value: Any) -> str:
    return escape("" if value is None else str(value))


def _party(label: str, name: Any, address: Any, email: Any) -> str:
    lines = [f'<div class="label">{escape(label)}</div>', f"<strong>{_text(name)}</strong>"]
    if address:
        lines.append(f'<div class="multiline">{_text(address)}</div>')
    if email:
        lines.append(f"<div>{_text(email)}</div>")
    return f'<div class="party">{"".join(lines)}</div>'


Column = tuple[str, str, Callable[[Mapping[str, Any]], str]]


def _columns(settings: Mapping[str, Any]) -> list[Column]:
    """The items table's columns: (header, css class, cell), without those the settings hide."""
    labels, hidden = settings["item_type_labels"], settings["pdf"]

    def quantity(item: Mapping[str, Any]) -> str:
        unit = f" {_text(item['unit'])}" if item.get("unit") else ""
        return f"{_text(item['quantity'])}{unit}"

    columns: list[Column] = []
    if not hidden["hide_item_type"]:
        columns.append(("Item", "type", lambda item: _text(labels.get(item["item_type"], item["item_type"]))))
    columns.append(("Description", "description", lambda item: _text(item["description"])))
    if not hidden["hide_quantity"]:
        columns.append(("Quantity", "number", quantity))
    if not hidden["hide_unit_price"]:
        columns.append(("Unit price", "number", lambda item: money(item["unit_price"])))
    columns.append(("Amount", "number", lambda item: money(item["amount"])))
    return columns


def _items_table(items: Sequence[Mapping[str, Any]], settings: Mapping[str, Any]) -> str:
    columns = _columns(settings)
    head = "".join(f'<th class="{css}">{header}</th>' for header, css, _ in columns)
    rows = [
        "<tr>" + "".join(f'<td class="{css}">{cell(item)}</td>' for _, css, cell in columns) + "</tr>"
        for item in sorted(items, key=lambda item: item["position"])
    ]
    return f'<table class="items"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _totals_table(invoice: Mapping[str, Any]) -> str:
    totals, currency = invoice["totals"], _text(invoice["currency"])
    rows = [("subtotal", "Subtotal", totals["subtotal"])]
    if Decimal(invoice["discount_percent"]):
        rows.append(
            ("discount", f"Discount ({percent(invoice['discount_percent'])}%)", f"-{totals['discount']}")
        )
    compound = " compound" if invoice["tax_mode"] == "compound" else ""
    for name, label, mode in (("tax", "Tax", ""), ("tax2", "Tax 2", compound)):
        if Decimal(invoice[f"{name}_percent"]):
            rows.append((name, f"{label} ({percent(invoice[f'{name}_percent'])}%{mode})", totals[name]))
    rows += [("total", "Total", totals["total"]), ("paid", "Paid", totals["paid"])]
    rows.append(("balance", "Balance due", totals["balance"]))
    cells = "".join(
        f'<tr class="{css}"><td>{label}</td><td>{money(amount)} {currency}</td></tr>'
        for css, label, amount in rows
    )
    return f'<table class="totals">{cells}</table>'


def _details(invoice: Mapping[str, Any]) -> str:
    details = [
        ("Invoice number", invoice["number"]),
        ("Issue date", invoice["issue_date"]),
        ("Due date", invoice["due_date"]),
        ("Currency", invoice["currency"]),
    ]
    if invoice.get("subject"):
        details.append(("Subject", invoice["subject"]))
    rows = "".join(
        f'<tr><td class="label">{label}</td><td>{_text(value)}</td></tr>' for label, value in details
    )
    return f'<table class="meta">{rows}</table>'


def _note(invoice: Mapping[str, Any]) -> str:
    if not invoice.get("note"):
        return ""
    note = _text(invoice["note"])
    return f'<div class="note"><div class="label">Notes</div><div class="multiline">{note}</div></div>'


def invoice_html(invoice: Mapping[str, Any], client: Mapping[str, Any], settings: Mapping[str, Any]) -> str:
    """The invoice as one self-contained HTML page."""
    company, number = settings["company"], _text(invoice["number"])
    parts = [
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Invoice {number}</title>',
        f"<style>{STYLE}</style></head><body><h1>Invoice {number}</h1>",
        '<div class="void">VOID</div>' if invoice.get("status") == "void" else "",
        '<div class="parties">',
        _party("Bill from", company["name"], company["address"], company["email"]),
        _party("Bill to", client["name"], client.get("address"), client.get("email")),
        "</div>",
        _details(invoice),
        _items_table(invoice["items"], settings),
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


def render_invoice_pdf(
    invoice: Mapping[str, Any], client: Mapping[str, Any], settings: Mapping[str, Any]
) -> bytes:
    """The invoice as PDF bytes, from the plain invoice, its client and the workspace settings."""
    # The page is self-contained: no protocol is allowed, so nothing is ever fetched (no SSRF via a PDF).
    page = invoice_html(invoice, client, settings)
    with _collector_paused():
        html = HTML(string=page, url_fetcher=URLFetcher(allowed_protocols=()))
        return html.write_pdf()  # type: ignore[no-any-return]
