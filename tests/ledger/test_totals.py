"""Invoice totals (SPEC §6): discount, then taxes, each rounded to cents half up, then payments."""

from collections.abc import Sequence
from dataclasses import astuple
from decimal import Decimal

import pytest

from ledger.totals import TaxMode, compute_totals

SIMPLE, COMPOUND = TaxMode.SIMPLE, TaxMode.COMPOUND
WORKED_EXAMPLE_LINES = ["126.25", "275.83", "99.72"]  # SPEC's worked example, detailed


def totals_of(
    amounts: Sequence[str],
    payments: Sequence[str] = (),
    discount: str = "0",
    tax: str = "0",
    tax2: str = "0",
    mode: TaxMode = SIMPLE,
) -> tuple[str, ...]:
    """(subtotal, discount, tax, tax2, total, paid, balance, credited) as text, so two decimals are
    checked too."""
    totals = compute_totals(
        [Decimal(a) for a in amounts],
        [Decimal(p) for p in payments],
        discount_percent=Decimal(discount),
        tax_percent=Decimal(tax),
        tax2_percent=Decimal(tax2),
        tax_mode=mode,
    )
    return tuple(str(value) for value in astuple(totals))


@pytest.mark.parametrize(
    ("discount", "tax", "tax2", "mode"),
    [("0", "0", "0", SIMPLE), ("10", "19", "7", SIMPLE), ("10", "19", "7", COMPOUND)],
)
def test_an_empty_invoice_totals_zero_with_two_decimals_everywhere(
    discount: str, tax: str, tax2: str, mode: TaxMode
) -> None:
    assert totals_of([], [], discount, tax, tax2, mode) == ("0.00",) * 8


@pytest.mark.parametrize(
    ("amounts", "discount", "tax", "tax2", "mode", "expected"),
    [
        # subtotal, discount, tax, tax2, total (nothing paid: balance = total)
        (["100.00", "50.00"], "0", "0", "0", SIMPLE, ("150.00", "0.00", "0.00", "0.00", "150.00")),
        (["100.00", "-20.00"], "0", "0", "0", SIMPLE, ("80.00", "0.00", "0.00", "0.00", "80.00")),
        (["200.00"], "10", "0", "0", SIMPLE, ("200.00", "20.00", "0.00", "0.00", "180.00")),
        (["10.05"], "10", "0", "0", SIMPLE, ("10.05", "1.01", "0.00", "0.00", "9.04")),
        (["10.50"], "0", "5", "0", SIMPLE, ("10.50", "0.00", "0.53", "0.00", "11.03")),
        (["101.00"], "0", "0", "0.5", SIMPLE, ("101.00", "0.00", "0.00", "0.51", "101.51")),
        (["1000.00"], "0", "19", "5", SIMPLE, ("1000.00", "0.00", "190.00", "50.00", "1240.00")),
        (["1000.00"], "0", "19", "5", COMPOUND, ("1000.00", "0.00", "190.00", "59.50", "1249.50")),
        # Tax is on the discounted base; compound tax2 on base + tax.
        (["333.33"], "7.5", "19", "7", SIMPLE, ("333.33", "25.00", "58.58", "21.58", "388.49")),
        (["333.33"], "7.5", "19", "7", COMPOUND, ("333.33", "25.00", "58.58", "25.68", "392.59")),
        (["100.00"], "10", "0", "0.5", COMPOUND, ("100.00", "10.00", "0.00", "0.45", "90.45")),
        (["100.00"], "0", "5", "0.5", COMPOUND, ("100.00", "0.00", "5.00", "0.53", "105.53")),
        (WORKED_EXAMPLE_LINES, "0", "19", "0", SIMPLE, ("501.80", "0.00", "95.34", "0.00", "597.14")),
    ],
)
def test_totals_round_each_step_to_cents_half_up(
    amounts: list[str], discount: str, tax: str, tax2: str, mode: TaxMode, expected: tuple[str, ...]
) -> None:
    total = expected[-1]
    assert totals_of(amounts, [], discount, tax, tax2, mode) == (*expected, "0.00", total, "0.00")


@pytest.mark.parametrize(
    ("amounts", "payments", "tax", "paid", "balance"),
    [
        (["100.00"], ["30.00"], "0", "30.00", "70.00"),
        (["100.00"], ["30.00", "20.50"], "0", "50.50", "49.50"),
        (["100.00"], ["119.00"], "19", "119.00", "0.00"),
        (["100.00"], ["60.00", "59.00"], "19", "119.00", "0.00"),
    ],
)
def test_payments_add_up_to_paid_and_the_balance_is_what_remains(
    amounts: list[str], payments: list[str], tax: str, paid: str, balance: str
) -> None:
    assert totals_of(amounts, payments, tax=tax)[5:7] == (paid, balance)


@pytest.mark.parametrize(
    ("payments", "credited", "balance"),
    [
        ([], "0.00", "119.00"),
        ([], "59.50", "59.50"),
        (["59.50"], "59.50", "0.00"),
        (["119.00"], "119.00", "-119.00"),
    ],
)
def test_the_balance_is_the_total_less_what_was_paid_and_what_credit_notes_took_back(
    payments: list[str], credited: str, balance: str
) -> None:
    totals = compute_totals(
        [Decimal("100.00")],
        [Decimal(p) for p in payments],
        discount_percent=Decimal(0),
        tax_percent=Decimal(19),
        tax2_percent=Decimal(0),
        tax_mode=SIMPLE,
        credited=Decimal(credited),
    )

    assert (str(totals.total), str(totals.credited), str(totals.balance)) == ("119.00", credited, balance)
