"""From our typed views to EN 16931 documents (SPEC §16): the mapping, what it refuses, and the proof that
the e-invoice's totals (BR-CO-10 … BR-CO-17) are the ones we show, for invoices and credit notes alike."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from documents.einvoice import HOURS, ONE, DocumentKind, PrecedingInvoice, VatCategory, document_totals
from documents.einvoice.mapping import (
    address_lines,
    credit_note_document,
    invoice_document,
    unit_code,
    write,
)
from ledger.errors import EInvoiceIncomplete
from support.credit_properties import LineSpec, line_specs, percents, tax_rates
from support.einvoice_views import CLIENT, COMPANY, SETTINGS, credit_note_view, invoice_view
from support.en16931 import Validator


def test_an_invoice_maps_its_parties_lines_discount_period_and_payment() -> None:
    view = invoice_view()

    document = invoice_document(view, CLIENT, SETTINGS, fingerprint="ab" * 32)

    assert (document.kind, document.number, document.issue_date, document.due_date, document.currency) == (
        DocumentKind.INVOICE,
        "INV-0001",
        view.issue_date,
        view.due_date,
        "EUR",
    )
    assert (document.seller.name, document.seller.vat_id, document.seller.address_lines) == (
        "Studio Nord GmbH",
        "DE123456789",
        ("Hafenstraße 12", "2. OG"),
    )
    assert (document.buyer.name, document.buyer.country, document.buyer.vat_id) == (
        "Atelier Sud SARL",
        "FR",
        "FR12345678901",
    )
    assert [(line.id, line.unit_code, line.vat, line.vat_rate) for line in document.lines] == [
        ("1", HOURS, VatCategory.STANDARD, Decimal("19")),
        ("2", ONE, VatCategory.STANDARD, Decimal("19")),
        ("3", ONE, VatCategory.STANDARD, Decimal("19")),
    ]
    [discount] = document.allowances
    assert (discount.amount, discount.percent, discount.base) == (view.discount, Decimal("10"), view.subtotal)
    assert document.period is not None and view.service_period is not None
    assert (document.period.start, document.period.end) == (
        view.service_period.start,
        view.service_period.end,
    )
    assert document.payment is not None and document.payment.iban == COMPANY.iban
    assert document.note == "Fingerprint: " + "ab" * 32


def test_the_en_16931_totals_of_an_invoice_are_ours() -> None:
    view = invoice_view()

    totals = document_totals(invoice_document(view, CLIENT, SETTINGS))

    assert (totals.line_total, totals.allowance_total, totals.tax_total, totals.grand_total) == (
        view.subtotal,
        view.discount,
        view.tax,
        view.total,
    )


def test_at_a_tax_rate_of_zero_every_line_is_exempt_with_the_workspaces_reason() -> None:
    document = invoice_document(invoice_view(tax="0"), CLIENT, SETTINGS)

    assert {(line.vat, line.vat_rate, line.exemption_reason) for line in document.lines} == {
        (VatCategory.EXEMPT, Decimal("0"), SETTINGS.vat_exemption_reason)
    }


def test_a_credit_note_is_type_381_with_positive_amounts_referencing_its_invoice() -> None:
    view = credit_note_view(shares=[500, 1000])

    document = credit_note_document(view, CLIENT, SETTINGS, fingerprint="cd" * 32)

    assert (document.kind, document.number, document.preceding_invoice) == (
        DocumentKind.CREDIT_NOTE,
        "CN-0001",
        PrecedingInvoice("INV-0001", date(2026, 11, 2)),
    )
    assert [(line.quantity, line.amount) for line in document.lines] == [
        (Decimal("3.7500"), Decimal("450.00")),
        (Decimal("1"), Decimal("42.50")),
    ]
    assert document.note == "Correction\nFingerprint: " + "cd" * 32
    assert document.payment is None and document.payment_terms
    totals = document_totals(document)
    assert (totals.line_total, totals.tax_total, totals.grand_total) == (
        -view.subtotal,
        -view.tax,
        -view.total,
    )


@pytest.mark.parametrize(
    ("unit", "code"),
    [
        ("h", "HUR"),
        ("Hours", "HUR"),
        ("km", "KMT"),
        ("day", "DAY"),
        ("month", "MON"),
        ("kg", "KGM"),
        ("m", "MTR"),
        ("licence", "C62"),
        (None, "C62"),
    ],
)
def test_units_map_to_their_recommendation_20_code_or_c62(unit: str | None, code: str) -> None:
    assert unit_code(unit) == code


@pytest.mark.parametrize(
    ("address", "lines"),
    [
        ("", ()),
        ("1 Main St", ("1 Main St",)),
        ("1 Main St\n\n  Floor 2 \n", ("1 Main St", "Floor 2")),
        ("a\nb\nc\nd\ne", ("a", "b", "c, d, e")),
    ],
)
def test_an_address_becomes_at_most_three_lines(address: str, lines: tuple[str, ...]) -> None:
    assert address_lines(address) == lines


@pytest.mark.parametrize(
    ("company", "client", "settings", "tax", "tax2", "missing"),
    [
        ({"vat_id": None}, {}, {}, "19", "0", ["company.vat_id"]),
        ({"country": None}, {"country": None}, {}, "19", "0", ["company.country", "client.country"]),
        ({"name": ""}, {}, {}, "19", "0", ["company.name"]),
        (
            {"vat_id": "123456789"},
            {"vat_id": "12345678901"},
            {},
            "19",
            "0",
            ["company.vat_id", "client.vat_id"],
        ),
        ({}, {}, {"vat_exemption_reason": None}, "0", "0", ["vat_exemption_reason"]),
        ({}, {}, {}, "19", "5", ["tax2_percent"]),
        ({"vat_id": None}, {}, {}, "19", "5", ["tax2_percent", "company.vat_id"]),
    ],
    ids=[
        "no company VAT id",
        "no countries",
        "no company name",
        "VAT ids without their country prefix",
        "exempt without a reason",
        "a second tax",
        "a second tax and no company VAT id",
    ],
)
def test_what_cannot_be_expressed_is_refused_naming_the_fields_as_the_api_does(
    company: dict[str, object],
    client: dict[str, object],
    settings: dict[str, object],
    tax: str,
    tax2: str,
    missing: list[str],
) -> None:
    workspace = replace(SETTINGS, company=replace(COMPANY, **company), **settings)  # type: ignore[arg-type]
    view = invoice_view(tax=tax).model_copy(update={"tax2_percent": Decimal(tax2)})

    with pytest.raises(EInvoiceIncomplete) as refused:
        invoice_document(view, CLIENT.model_copy(update=client), workspace)

    assert (refused.value.slug, refused.value.missing) == ("e-invoice-incomplete", missing)


@settings(max_examples=200, deadline=None)
@given(specs=st.lists(line_specs, min_size=1, max_size=6), discount=percents, tax=tax_rates)
def test_every_invoice_maps_to_en_16931_totals_equal_to_ours(
    specs: list[LineSpec], discount: Decimal, tax: Decimal
) -> None:
    view = invoice_view(specs, str(discount), str(tax))

    totals = document_totals(invoice_document(view, CLIENT, SETTINGS))

    assert (totals.line_total, totals.allowance_total, totals.tax_total, totals.grand_total, totals.due) == (
        view.subtotal,
        view.discount,
        view.tax,
        view.total,
        view.total - view.paid,
    )


@settings(max_examples=200, deadline=None)
@given(
    specs=st.lists(line_specs, min_size=1, max_size=6),
    discount=percents,
    tax=tax_rates,
    shares=st.lists(st.integers(1, 1000), min_size=1, max_size=6),
)
def test_every_credit_note_maps_to_en_16931_totals_equal_to_ours(
    specs: list[LineSpec], discount: Decimal, tax: Decimal, shares: list[int]
) -> None:
    view = credit_note_view(specs, str(discount), str(tax), shares)

    totals = document_totals(credit_note_document(view, CLIENT, SETTINGS))

    assert (totals.line_total, totals.allowance_total, totals.tax_total, totals.grand_total) == (
        -view.subtotal,
        -view.discount,
        -view.tax,
        -view.total,
    )


@settings(max_examples=15, deadline=None)
@given(
    specs=st.lists(line_specs, min_size=1, max_size=4),
    discount=percents,
    tax=tax_rates,
    shares=st.lists(st.integers(1, 1000), min_size=1, max_size=4),
)
def test_generated_invoices_and_credit_notes_pass_the_official_rules_in_both_syntaxes(
    en16931: Validator, specs: list[LineSpec], discount: Decimal, tax: Decimal, shares: list[int]
) -> None:
    documents = [
        invoice_document(invoice_view(specs, str(discount), str(tax)), CLIENT, SETTINGS, "ab" * 32),
        credit_note_document(credit_note_view(specs, str(discount), str(tax), shares), CLIENT, SETTINGS),
    ]

    for document in documents:
        for syntax in ("cii", "ubl"):
            report = en16931.validate(write(document, syntax))
            assert (report.fatal, report.xsd_errors) == ([], ()), (document.number, syntax)
