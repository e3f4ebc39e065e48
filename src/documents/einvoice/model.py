"""One EN 16931 e-invoice, independent of our domain: parties, lines, allowances, payment.

Amounts are `Decimal` with at most two decimals. A credit note (type code 381) carries
*positive* amounts, as EN 16931 wants: the kind says which way the money goes. Our API shows
credit notes with negative amounts, so the mapper negates them before building a `Document`.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

ZERO = Decimal("0.00")
HOURS = "HUR"  # UN/ECE Recommendation 20: hour
ONE = "C62"  # UN/ECE Recommendation 20: "one", for units without a code of their own
SPECIFICATION_ID = "urn:cen.eu:en16931:2017"
CREDIT_TRANSFER = "58"  # UNTDID 4461: SEPA credit transfer
DISCOUNT = "95"  # UNTDID 5189: discount


class InvalidEInvoice(ValueError):
    """The document contradicts itself (not merely incomplete): a bug in the mapping."""


class DocumentKind(Enum):
    """UNTDID 1001 document type codes: the two we issue."""

    INVOICE = "380"
    CREDIT_NOTE = "381"


class VatCategory(Enum):
    """UNCL 5305 VAT category codes: standard rated, zero rated, exempt."""

    STANDARD = "S"
    ZERO = "Z"
    EXEMPT = "E"


def require_cents(value: Decimal, name: str) -> None:
    """Money carries at most two decimals (BR-DEC-*)."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or exponent < -2:
        raise InvalidEInvoice(f"{name} must have at most two decimals, got {value}")


def require_rate(category: VatCategory, rate: Decimal, name: str) -> None:
    """Standard rate above zero (BR-S-05/06), zero and exempt at zero (BR-Z-05/06, BR-E-05/06)."""
    if category is VatCategory.STANDARD and rate <= 0:
        raise InvalidEInvoice(f"{name}: a standard-rated VAT category needs a rate above zero")
    if category is not VatCategory.STANDARD and rate != 0:
        raise InvalidEInvoice(f"{name}: VAT category {category.value} needs a rate of zero")


@dataclass(frozen=True)
class Party:
    """Seller (BG-4) or buyer (BG-7); `country` is ISO 3166-1 alpha-2."""

    name: str
    country: str | None
    address_lines: tuple[str, ...] = ()
    city: str | None = None
    postal_code: str | None = None
    vat_id: str | None = None
    registration_id: str | None = None
    email: str | None = None

    def __post_init__(self) -> None:
        if len(self.address_lines) > 3:
            raise InvalidEInvoice("a postal address has at most three lines")


@dataclass(frozen=True)
class Line:
    """An invoice line (BG-25): net amounts, one VAT category and rate."""

    id: str
    description: str
    quantity: Decimal
    unit_code: str
    unit_price: Decimal
    amount: Decimal
    vat: VatCategory
    vat_rate: Decimal
    exemption_reason: str | None = None

    def __post_init__(self) -> None:
        require_cents(self.amount, f"line {self.id} amount")
        require_rate(self.vat, self.vat_rate, f"line {self.id}")

    def price_and_quantity(self) -> tuple[Decimal, Decimal]:
        """Net price and quantity to write: a price is never negative (BR-27), a quantity may be."""
        if self.unit_price < 0:
            return -self.unit_price, -self.quantity
        return self.unit_price, self.quantity


@dataclass(frozen=True)
class Allowance:
    """A document-level allowance (BG-20): our invoice discount, in one VAT category."""

    amount: Decimal
    reason: str
    vat: VatCategory
    vat_rate: Decimal
    base: Decimal | None = None
    percent: Decimal | None = None
    reason_code: str = DISCOUNT

    def __post_init__(self) -> None:
        require_cents(self.amount, "allowance amount")
        if self.base is not None:
            require_cents(self.base, "allowance base")
        require_rate(self.vat, self.vat_rate, "allowance")


@dataclass(frozen=True)
class Period:
    """The invoicing period (BG-14): for us, the first and last day of the billed work."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidEInvoice("a period ends on or after its start (BR-29)")


@dataclass(frozen=True)
class CreditTransfer:
    """Payment by credit transfer (BG-16/BG-17, means code 58) to an account."""

    iban: str
    bic: str | None = None
    account_name: str | None = None


@dataclass(frozen=True)
class PrecedingInvoice:
    """The invoice a credit note corrects (BG-3)."""

    number: str
    issue_date: date | None = None


@dataclass(frozen=True)
class Document:
    """One e-invoice or e-credit note, complete enough to write as CII or UBL."""

    kind: DocumentKind
    number: str
    issue_date: date
    currency: str
    seller: Party
    buyer: Party
    lines: tuple[Line, ...]
    due_date: date | None = None
    buyer_reference: str | None = None
    note: str | None = None
    allowances: tuple[Allowance, ...] = ()
    period: Period | None = None
    payment: CreditTransfer | None = None
    payment_terms: str | None = None
    paid: Decimal = ZERO
    preceding_invoice: PrecedingInvoice | None = None

    def __post_init__(self) -> None:
        require_cents(self.paid, "paid amount")
        if len({line.id for line in self.lines}) != len(self.lines):
            raise InvalidEInvoice("line ids must be unique")
