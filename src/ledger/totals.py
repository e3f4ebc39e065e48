"""Invoice totals (SPEC §6): pure arithmetic over line amounts, taxes and payments."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from ledger.money import ZERO_MONEY, percent_of, round2


class TaxMode(Enum):
    SIMPLE = "simple"
    COMPOUND = "compound"


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal = ZERO_MONEY
    discount: Decimal = ZERO_MONEY
    tax: Decimal = ZERO_MONEY
    tax2: Decimal = ZERO_MONEY
    total: Decimal = ZERO_MONEY
    paid: Decimal = ZERO_MONEY
    balance: Decimal = ZERO_MONEY
    # What credit notes took back (SPEC §15): stored events from before credit notes read 0.00.
    credited: Decimal = ZERO_MONEY


def compute_totals(
    amounts: Iterable[Decimal],
    payments: Iterable[Decimal],
    *,
    discount_percent: Decimal,
    tax_percent: Decimal,
    tax2_percent: Decimal,
    tax_mode: TaxMode,
    credited: Decimal = ZERO_MONEY,
) -> Totals:
    """The totals of SPEC §6, with `balance = total − paid − credited` (SPEC §15)."""
    # Amounts and payments have cents already: round2 only fixes the exponent of an empty sum.
    subtotal = round2(sum(amounts, ZERO_MONEY))
    discount = percent_of(subtotal, discount_percent)
    base = subtotal - discount
    tax = percent_of(base, tax_percent)
    tax2_base = base + tax if tax_mode is TaxMode.COMPOUND else base
    tax2 = percent_of(tax2_base, tax2_percent)
    total = base + tax + tax2
    paid = round2(sum(payments, ZERO_MONEY))
    return Totals(subtotal, discount, tax, tax2, total, paid, total - paid - credited, credited)
