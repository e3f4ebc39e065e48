"""VAT breakdown and document totals by EN 16931's calculation rules (BR-CO-10 … BR-CO-17).

- line total (BT-106) = Σ line net amounts (BR-CO-10)
- allowance total (BT-107) = Σ document-level allowances (BR-CO-11)
- tax basis (BT-109) = line total − allowance total (BR-CO-13; we have no charges)
- per VAT category and rate (BG-23): taxable amount (BT-116) = its lines − its allowances
  (BR-S-08, BR-Z-08, BR-E-08); tax (BT-117) = round2(taxable × rate / 100) (BR-CO-17)
- tax total (BT-110) = Σ category taxes (BR-CO-14); grand total (BT-112) = basis + tax (BR-CO-15)
- amount due (BT-115) = grand total − paid (BR-CO-16; no rounding amount)

Our own totals (SPEC §6) for an invoice with one tax rate t and discount d:
`discount = round2(subtotal × d / 100)`, `tax = round2((subtotal − discount) × t / 100)`.
With one allowance `round2(subtotal × d / 100)` in the lines' only category, the taxable amount
is `subtotal − discount` and BR-CO-17 gives the same tax: the two agree to the cent
(tests/documents/test_einvoice_totals.py proves it over random amounts and rates).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from documents.einvoice.model import ZERO, Allowance, Document, Line, VatCategory

CENT = Decimal("0.01")


def round2(value: Decimal) -> Decimal:
    """Round money to cents, half up; never "-0.00", which the CII schematron refuses."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP) + 0


@dataclass(frozen=True)
class VatBreakdown:
    """One VAT category and rate of the document (BG-23)."""

    category: VatCategory
    rate: Decimal
    taxable_amount: Decimal
    tax_amount: Decimal
    exemption_reason: str | None = None


@dataclass(frozen=True)
class Totals:
    """Document totals (BG-22) and the VAT breakdown they come from."""

    line_total: Decimal
    allowance_total: Decimal
    tax_basis: Decimal
    tax_total: Decimal
    grand_total: Decimal
    paid: Decimal
    due: Decimal
    breakdown: tuple[VatBreakdown, ...]


def _key(category: VatCategory, rate: Decimal) -> tuple[VatCategory, Decimal]:
    # Rates compare by value: 19 and 19.00 are one VAT breakdown.
    return category, rate.normalize()


def vat_breakdown(lines: Iterable[Line], allowances: Iterable[Allowance]) -> tuple[VatBreakdown, ...]:
    """One breakdown per category and rate, in order of first appearance."""
    taxable: dict[tuple[VatCategory, Decimal], Decimal] = {}
    rates: dict[tuple[VatCategory, Decimal], Decimal] = {}
    reasons: dict[tuple[VatCategory, Decimal], list[str]] = {}
    for line in lines:
        key = _key(line.vat, line.vat_rate)
        taxable[key] = taxable.get(key, ZERO) + line.amount
        rates.setdefault(key, line.vat_rate)
        found = reasons.setdefault(key, [])
        # BR-E-01 allows one exempt breakdown: distinct reasons are joined, not split.
        if line.exemption_reason and line.exemption_reason not in found:
            found.append(line.exemption_reason)
    for allowance in allowances:
        key = _key(allowance.vat, allowance.vat_rate)
        taxable[key] = taxable.get(key, ZERO) - allowance.amount
        rates.setdefault(key, allowance.vat_rate)
        reasons.setdefault(key, [])
    return tuple(
        VatBreakdown(
            category=key[0],
            rate=rates[key],
            taxable_amount=amount,
            tax_amount=round2(amount * rates[key] / 100),
            exemption_reason="; ".join(reasons[key]) if key[0] is VatCategory.EXEMPT else None,
        )
        for key, amount in taxable.items()
    )


def document_totals(document: Document) -> Totals:
    """The totals EN 16931 requires of `document` (BR-CO-10 … BR-CO-17)."""
    breakdown = vat_breakdown(document.lines, document.allowances)
    line_total = sum((line.amount for line in document.lines), ZERO)
    allowance_total = sum((allowance.amount for allowance in document.allowances), ZERO)
    tax_basis = line_total - allowance_total
    tax_total = sum((vat.tax_amount for vat in breakdown), ZERO)
    grand_total = tax_basis + tax_total
    return Totals(
        line_total=line_total,
        allowance_total=allowance_total,
        tax_basis=tax_basis,
        tax_total=tax_total,
        grand_total=grand_total,
        paid=document.paid,
        due=grand_total - document.paid,
        breakdown=breakdown,
    )


def invoice_discount(lines: Iterable[Line], percent: Decimal, reason: str) -> tuple[Allowance, ...]:
    """Our invoice discount as allowances: one per VAT category and rate, `round2(base × % / 100)`.

    With one category and rate (every invoice of ours) this is one allowance equal to SPEC §6's
    `round2(subtotal × discount%)`; with several, each is rounded on its own base.
    """
    if percent == 0:
        return ()
    bases: dict[tuple[VatCategory, Decimal], tuple[Line, Decimal]] = {}
    for line in lines:
        key = _key(line.vat, line.vat_rate)
        first, base = bases.get(key, (line, ZERO))
        bases[key] = (first, base + line.amount)
    return tuple(
        Allowance(
            amount=round2(base * percent / 100),
            reason=reason,
            vat=first.vat,
            vat_rate=first.vat_rate,
            base=base,
            percent=percent,
        )
        for first, base in bases.values()
    )
