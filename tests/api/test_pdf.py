"""The invoice PDF: rendered from real use-case data and read back as text."""

from datetime import date
from decimal import Decimal
from io import BytesIO
from uuid import UUID

from pypdf import PdfReader

from api.pdf import render_invoice_pdf
from ledger.application import Ledger
from ledger.commands import AddLine, ChangePdfOptions, ChangeSettings, RecordPayment
from ledger.invoice import ItemType
from ledger.totals import TaxMode
from support.world import World, given_world


def given_a_billed_invoice(
    ledger: Ledger, client_name: str = "Globex Corporation", tax_mode: TaxMode = TaxMode.SIMPLE
) -> tuple[World, UUID]:
    """Imported time (200.00) and km (60.00), a manual line (40.00), 10% off, 19% + 5% tax, 100.00 paid."""
    world = given_world(ledger)
    ledger.change_settings(
        world.owner,
        ChangeSettings.model_validate(
            {
                "company": {
                    "name": "Initech Consulting",
                    "address": "Hauptstraße 1\nBerlin",
                    "email": "bill@initech.example",
                },
                "item_type_labels": {"service": "Labour", "product": "Materials"},
            }
        ),
    )
    client = world.client(client_name)
    project = world.project(client)
    world.log(project, "2026-10-05T09:00:00+00:00", 2 * 3600, "Design")
    world.expense(project, world.category("Mileage", unit="km", unit_price="0.50"), quantity="120")
    invoice = world.invoice(
        client,
        issue_date=date(2026, 11, 2),
        subject="October work",
        note="Thanks for your business",
        discount_percent=Decimal("10"),
        tax_percent=Decimal("19"),
        tax2_percent=Decimal("5"),
        tax_mode=tax_mode,
    )
    world.import_(invoice, include_expenses=True)
    hosting = AddLine(
        description="Hosting", quantity=Decimal(1), unit_price=Decimal("40.00"), item_type=ItemType.PRODUCT
    )
    ledger.add_item(world.owner, invoice, hosting)
    ledger.send_invoice(world.owner, invoice)
    ledger.record_payment(
        world.owner, invoice, RecordPayment(amount=Decimal("100.00"), date=date(2026, 11, 20))
    )
    return world, invoice


def pdf_text(world: World, invoice_id: UUID) -> str:
    """The invoice rendered to PDF and read back, whitespace collapsed."""
    ledger, owner = world.ledger, world.owner
    invoice = ledger.get_invoice(owner, invoice_id)
    pdf = render_invoice_pdf(invoice, ledger.get_client(owner, invoice.client_id), ledger.get_settings(owner))
    assert pdf.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    return " ".join(text.split())


def test_the_pdf_names_the_invoice_its_dates_and_both_parties(ledger: Ledger) -> None:
    world, invoice = given_a_billed_invoice(ledger)
    number = world.invoice_view(invoice).number

    text = pdf_text(world, invoice)

    assert f"Invoice {number}" in text
    for expected in (
        "Bill from Initech Consulting",
        "Hauptstraße 1",
        "bill@initech.example",
        "Bill to Globex Corporation",
        "2026-11-02",
        "2026-12-02",
        "October work",
        "Thanks for your business",
    ):
        assert expected in text


def test_the_pdf_labels_lines_with_the_workspace_item_type_labels(ledger: Ledger) -> None:
    world, invoice = given_a_billed_invoice(ledger)

    text = pdf_text(world, invoice)

    assert "Item Description Quantity Unit price Amount" in text
    assert text.count("Labour") == 1
    assert text.count("Materials") == 2
    assert "2.0000 h 100.00 200.00" in text
    assert "120.0000 km 0.50 60.00" in text


def test_the_pdf_shows_the_totals_and_the_balance_due(ledger: Ledger) -> None:
    world, invoice = given_a_billed_invoice(ledger)

    text = pdf_text(world, invoice)

    assert (
        "Subtotal 300.00 EUR Discount (10%) -30.00 EUR Tax (19%) 51.30 EUR Tax 2 (5%) 13.50 EUR "
        "Total 334.80 EUR Paid 100.00 EUR Balance due 234.80 EUR"
    ) in text


def test_hidden_columns_leave_out_their_headers_and_values(ledger: Ledger) -> None:
    world, invoice = given_a_billed_invoice(ledger)
    hidden = ChangePdfOptions(hide_item_type=True, hide_quantity=True, hide_unit_price=True)
    ledger.change_settings(world.owner, ChangeSettings(pdf=hidden))

    text = pdf_text(world, invoice)

    assert "Description Amount" in text
    for hidden in ("Item", "Labour", "Materials", "Quantity", "Unit price", "2.0000 h", "0.50"):
        assert hidden not in text
    assert "Hosting 40.00" in text


def test_text_typed_by_users_is_printed_literally_not_as_markup(ledger: Ledger) -> None:
    world, invoice = given_a_billed_invoice(ledger, client_name="<b>Smith & Sons</b>")

    text = pdf_text(world, invoice)

    assert "Bill to <b>Smith & Sons</b>" in text


def test_a_compound_second_tax_says_it_is_charged_on_the_first(ledger: Ledger) -> None:
    world, invoice = given_a_billed_invoice(ledger, tax_mode=TaxMode.COMPOUND)

    text = pdf_text(world, invoice)

    assert "Tax (19%) 51.30 EUR Tax 2 (5% compound) 16.07 EUR Total 337.37 EUR" in text
