"""Typed views of invoices and credit notes made in memory, with a seller and a buyer abroad, for the
e-invoice mapping's tests and benchmark."""

from datetime import date
from decimal import Decimal
from uuid import UUID

from ledger.views import ClientView, CreditNoteView, InvoiceView
from ledger.workspace import Company, ItemTypeLabels, WorkspaceSettings
from support.credit_properties import Credited, LineSpec, part_of, sent_invoice

TODAY = date(2026, 11, 15)
COMPANY = Company(
    name="Studio Nord GmbH",
    address="Hafenstraße 12\n2. OG",
    email="billing@studio-nord.example",
    vat_id="DE123456789",
    registration_id="HRB 12345",
    country="DE",
    city="Hamburg",
    postal_code="20457",
    iban="DE89370400440532013000",
    bic="COBADEFFXXX",
)
SETTINGS = WorkspaceSettings(company=COMPANY, vat_exemption_reason="Exempt under Article 132 of 2006/112/EC")
CLIENT = ClientView(
    id=UUID("00000000-0000-4000-8000-000000000003"),
    version=1,
    name="Atelier Sud SARL",
    email="compta@atelier-sud.example",
    address="3 rue de la Paix",
    currency=None,
    vat_id="FR12345678901",
    country="FR",
    city="Marseille",
    postal_code="13001",
    cc_emails=[],
    archived=False,
)
SPECS = [
    LineSpec(Decimal("7.5000"), Decimal("120.00"), hours=True),
    LineSpec(Decimal("1"), Decimal("42.50")),
    LineSpec(Decimal("-1"), Decimal("20.00")),
]


def invoice_view(specs: list[LineSpec] = SPECS, discount: str = "10", tax: str = "19") -> InvoiceView:
    invoice = sent_invoice(specs, Decimal(discount), Decimal(tax))
    return InvoiceView.of(invoice, ItemTypeLabels(), TODAY)


def credit_note_view(
    specs: list[LineSpec] = SPECS, discount: str = "10", tax: str = "19", shares: list[int] | None = None
) -> CreditNoteView:
    credited = Credited(sent_invoice(specs, Decimal(discount), Decimal(tax)))
    invoice = credited.invoice
    asked = (
        None
        if shares is None
        else [
            (item.id, part_of(abs(item.quantity), share))
            for item, share in zip(invoice.items, shares, strict=False)
        ]
    )
    return CreditNoteView.of(credited.credit(asked), ItemTypeLabels())
