"""Small factories of e-invoice documents for the tests: a seller, a buyer, lines of each kind."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from documents.einvoice import (
    HOURS,
    ONE,
    CreditTransfer,
    Document,
    DocumentKind,
    Line,
    Party,
    Period,
    PrecedingInvoice,
    VatCategory,
    invoice_discount,
)

SELLER = Party(
    name="Studio Nord GmbH",
    country="DE",
    address_lines=("Hafenstraße 12", "2. OG"),
    city="Hamburg",
    postal_code="20457",
    vat_id="DE123456789",
    registration_id="HRB 12345",
    email="billing@studio-nord.example",
)
BUYER = Party(
    name="Atelier Sud SARL",
    country="FR",
    address_lines=("3 rue de la Paix",),
    city="Marseille",
    postal_code="13001",
    vat_id="FR12345678901",
    email="compta@atelier-sud.example",
)
EXEMPTION = "Exempt under Article 132(1)(j) of Council Directive 2006/112/EC"
FINGERPRINT = "Fingerprint: " + "ab" * 32


def time_line(id: str = "1", hours: str = "7.5", rate: str = "120.00", vat: str = "19") -> Line:
    """Hours of work (unit HUR), standard rated."""
    amount = (Decimal(hours) * Decimal(rate)).quantize(Decimal("0.01"))
    return Line(
        id,
        "Design work - October",
        Decimal(hours),
        HOURS,
        Decimal(rate),
        amount,
        VatCategory.STANDARD,
        Decimal(vat),
    )


def expense_line(id: str = "2", amount: str = "42.50", vat: str = "19") -> Line:
    """An expense without a unit (C62, quantity 1), standard rated."""
    return Line(
        id,
        "Train ticket Hamburg - Berlin",
        Decimal("1"),
        ONE,
        Decimal(amount),
        Decimal(amount),
        VatCategory.STANDARD,
        Decimal(vat),
    )


def zero_rated_line(id: str = "3") -> Line:
    return Line(
        id,
        "Printed catalogues",
        Decimal("10"),
        ONE,
        Decimal("4.20"),
        Decimal("42.00"),
        VatCategory.ZERO,
        Decimal("0"),
    )


def exempt_line(id: str = "4", hours: str = "2") -> Line:
    return Line(
        id,
        "Training course",
        Decimal(hours),
        HOURS,
        Decimal("80.00"),
        Decimal(hours) * 80,
        VatCategory.EXEMPT,
        Decimal("0"),
        EXEMPTION,
    )


def invoice(*lines: Line, discount: str = "0", **changes: object) -> Document:
    """An invoice of `lines` (default: one time and one expense line), with an optional discount %."""
    chosen = lines or (time_line(), expense_line())
    document = Document(
        kind=DocumentKind.INVOICE,
        number="INV-0042",
        issue_date=date(2026, 11, 2),
        due_date=date(2026, 12, 2),
        currency="EUR",
        seller=SELLER,
        buyer=BUYER,
        lines=chosen,
        buyer_reference="PO-7781",
        note=FINGERPRINT,
        allowances=invoice_discount(chosen, Decimal(discount), "Invoice discount"),
        payment=CreditTransfer(iban="DE89370400440532013000", bic="COBADEFFXXX"),
        payment_terms="Payable within 30 days",
    )
    return replace(document, **changes)  # type: ignore[arg-type]


def credit_note(*lines: Line, discount: str = "0", **changes: object) -> Document:
    """A credit note (positive amounts, type 381) for INV-0042."""
    credit: dict[str, object] = {
        "kind": DocumentKind.CREDIT_NOTE,
        "number": "CN-0007",
        "issue_date": date(2026, 11, 20),
        "preceding_invoice": PrecedingInvoice("INV-0042", date(2026, 11, 2)),
    }
    return invoice(*lines, discount=discount, **(credit | changes))


SERVICE_PERIOD = Period(date(2026, 10, 1), date(2026, 10, 31))
