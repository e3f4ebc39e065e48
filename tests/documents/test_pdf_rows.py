"""A table row is never split across pages (SPEC §13), even when its description runs long."""

from decimal import Decimal

from documents.pdf import InvoiceDocument, render_invoice_pdf
from ledger.application import Ledger
from ledger.commands import AddLine, ChangePdfOptions, ChangeSettings
from support.pdfs import page_texts
from support.world import given_world

ROWS = 60
FILLER = "design review with the client and the follow-up changes to templates and stylesheets " * 2


def price(row: int) -> Decimal:
    """A price (and so an amount, at quantity 1) no other row has."""
    return Decimal(f"{1000 + row}.{row:02d}")


def test_sixty_long_rows_with_a_hidden_column_each_land_whole_on_one_page(ledger: Ledger) -> None:
    world = given_world(ledger)
    ledger.change_settings(world.owner, ChangeSettings(pdf=ChangePdfOptions(hide_item_type=True)))
    invoice = world.invoice(world.client())
    for row in range(1, ROWS + 1):
        line = AddLine(description=f"R{row:02d}a {FILLER}R{row:02d}z", quantity="1", unit_price=price(row))
        ledger.add_item(world.owner, invoice, line)
    inputs = ledger.invoice_document_inputs(world.owner, invoice)

    pages = page_texts(render_invoice_pdf(InvoiceDocument.of(inputs)))

    assert len(pages) >= 4
    for row in range(1, ROWS + 1):
        amount = f"{price(row):,.2f}"
        parts = (f"R{row:02d}a", f"R{row:02d}z", amount)
        where = {part: [n for n, text in enumerate(pages) if part in text] for part in parts}
        assert all(len(found) == 1 for found in where.values()), (row, where)
        assert len({found[0] for found in where.values()}) == 1, f"row {row} is split: {where}"
