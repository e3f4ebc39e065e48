"""EN 16931 totals (BR-CO-10 … BR-CO-17) and how they agree with our own invoice totals (SPEC §6)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from documents.einvoice import (
    ONE,
    Document,
    Line,
    VatCategory,
    document_totals,
    invoice_discount,
    to_cii,
    to_ubl,
)
from ledger.totals import TaxMode, compute_totals
from support.einvoices import EXEMPTION, exempt_line, expense_line, invoice, time_line, zero_rated_line
from support.en16931 import Validator

cents = st.integers(min_value=-500_000, max_value=5_000_000).map(lambda n: Decimal(n).scaleb(-2))
percents = st.integers(min_value=0, max_value=10_000).map(lambda n: Decimal(n).scaleb(-2))
tax_percents = st.integers(min_value=0, max_value=3_000).map(lambda n: Decimal(n).scaleb(-2))
# BR-CO-17 as the official schematron writes it rounds the rate to a whole number first, so a
# rate in (0, 0.5) counts as zero there and any tax at it fails; no VAT rate in the EU is that low.
vat_rates = st.one_of(
    st.just(Decimal(0)), st.integers(min_value=50, max_value=3_000).map(lambda n: Decimal(n).scaleb(-2))
)


def one_rate_invoice(amounts: list[Decimal], discount: Decimal, tax: Decimal, paid: Decimal) -> Document:
    """Our invoice as the mapper builds it: every line at the invoice's tax rate, exempt at 0 %."""
    category = VatCategory.STANDARD if tax else VatCategory.EXEMPT
    reason = None if tax else EXEMPTION
    lines = tuple(
        Line(str(n), f"Line {n}", Decimal("1"), ONE, amount, amount, category, tax, reason)
        for n, amount in enumerate(amounts, start=1)
    )
    return invoice(*lines, paid=paid, allowances=invoice_discount(lines, discount, "Discount"))


@given(
    amounts=st.lists(cents, min_size=1, max_size=12),
    discount=percents,
    tax=tax_percents,
    paid=cents,
)
def test_our_totals_equal_en_16931_totals_for_a_one_rate_invoice(
    amounts: list[Decimal], discount: Decimal, tax: Decimal, paid: Decimal
) -> None:
    ours = compute_totals(
        amounts,
        [paid],
        discount_percent=discount,
        tax_percent=tax,
        tax2_percent=Decimal(0),
        tax_mode=TaxMode.SIMPLE,
    )

    theirs = document_totals(one_rate_invoice(amounts, discount, tax, paid))

    assert (theirs.line_total, theirs.allowance_total, theirs.tax_total) == (
        ours.subtotal,
        ours.discount,
        ours.tax,
    )
    assert (theirs.tax_basis, theirs.grand_total, theirs.due) == (
        ours.subtotal - ours.discount,
        ours.total,
        ours.balance,
    )


@given(amounts=st.lists(cents, min_size=1, max_size=12), discount=percents, tax=tax_percents)
def test_a_credit_notes_totals_are_our_negative_totals_turned_positive(
    amounts: list[Decimal], discount: Decimal, tax: Decimal
) -> None:
    ours = compute_totals(
        [-amount for amount in amounts],
        [],
        discount_percent=discount,
        tax_percent=tax,
        tax2_percent=Decimal(0),
        tax_mode=TaxMode.SIMPLE,
    )

    theirs = document_totals(one_rate_invoice(amounts, discount, tax, Decimal("0.00")))

    # Half-up rounding is symmetric, so negating the lines negates every total.
    assert (theirs.line_total, theirs.allowance_total, theirs.tax_total, theirs.grand_total) == (
        -ours.subtotal,
        -ours.discount,
        -ours.tax,
        -ours.total,
    )


@settings(max_examples=25, deadline=None)
@given(amounts=st.lists(cents, min_size=1, max_size=6), discount=percents, tax=vat_rates)
def test_every_one_rate_invoice_passes_the_official_rules(
    en16931: Validator, amounts: list[Decimal], discount: Decimal, tax: Decimal
) -> None:
    document = one_rate_invoice(amounts, discount, tax, Decimal("0.00"))

    for xml in (to_cii(document), to_ubl(document)):
        report = en16931.validate(xml)
        assert report.fatal == [] and report.xsd_errors == ()


@pytest.mark.parametrize(
    ("document", "line_total", "allowances", "tax", "grand_total"),
    [
        # 7.5 h × 120.00 + 42.50 = 942.50; 19 % of it = 179.075 → 179.08
        (invoice(), "942.50", "0.00", "179.08", "1121.58"),
        # 10 % discount 94.25; basis 848.25; 19 % = 161.1675 → 161.17
        (invoice(discount="10"), "942.50", "94.25", "161.17", "1009.42"),
        # 19 % on 900.00, 7 % on 42.50 = 2.975 → 2.98
        (invoice(time_line(vat="19"), expense_line(vat="7")), "942.50", "0.00", "173.98", "1116.48"),
        # standard 942.50, zero 42.00, exempt 160.00; 10 % discount per category: 94.25 + 4.20 + 16.00
        (
            invoice(time_line("1"), expense_line("2"), zero_rated_line("3"), exempt_line("4"), discount="10"),
            "1144.50",
            "114.45",
            "161.17",
            "1191.22",
        ),
    ],
    ids=["one rate", "one rate and a discount", "two standard rates", "three categories and a discount"],
)
def test_worked_examples(
    document: Document, line_total: str, allowances: str, tax: str, grand_total: str
) -> None:
    totals = document_totals(document)

    assert (totals.line_total, totals.allowance_total, totals.tax_total, totals.grand_total) == (
        Decimal(line_total),
        Decimal(allowances),
        Decimal(tax),
        Decimal(grand_total),
    )


def test_the_vat_breakdown_has_one_entry_per_category_and_rate() -> None:
    document = invoice(
        time_line("1"), expense_line("2"), zero_rated_line("3"), exempt_line("4"), discount="10"
    )

    breakdown = [
        (vat.category, vat.taxable_amount, vat.tax_amount, vat.exemption_reason)
        for vat in document_totals(document).breakdown
    ]

    assert breakdown == [
        (VatCategory.STANDARD, Decimal("848.25"), Decimal("161.17"), None),
        (VatCategory.ZERO, Decimal("37.80"), Decimal("0.00"), None),
        (VatCategory.EXEMPT, Decimal("144.00"), Decimal("0.00"), EXEMPTION),
    ]


def test_rates_written_differently_are_one_vat_breakdown() -> None:
    document = invoice(time_line("1", vat="19"), expense_line("2", vat="19.00"))

    assert len(document_totals(document).breakdown) == 1


def test_no_discount_means_no_allowance() -> None:
    assert invoice_discount((time_line(),), Decimal("0"), "Discount") == ()
