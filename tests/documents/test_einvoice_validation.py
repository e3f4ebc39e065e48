"""Every e-invoice the writers produce passes the official EN 16931 schematron and the XSD."""

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import pytest
from lxml import etree

from documents.einvoice import ONE, Document, Line, VatCategory, to_cii, to_ubl
from support.einvoices import (
    SERVICE_PERIOD,
    credit_note,
    exempt_line,
    expense_line,
    invoice,
    time_line,
    zero_rated_line,
)
from support.en16931 import Validator

Writer = Callable[[Document], bytes]
WRITERS = [pytest.param(to_cii, id="cii"), pytest.param(to_ubl, id="ubl")]
MIXED = (time_line("1"), expense_line("2"), zero_rated_line("3"), exempt_line("4"))

DOCUMENTS = {
    "an invoice of time and expenses": invoice(),
    "an invoice with a discount": invoice(discount="12.5"),
    "an invoice with standard, zero-rated and exempt lines and a discount": invoice(*MIXED, discount="7.25"),
    "an invoice of exempt lines only": invoice(exempt_line("1"), exempt_line("2", hours="3.25")),
    "an invoice of zero-rated lines only": invoice(zero_rated_line("1")),
    "an invoice at two standard rates": invoice(time_line("1", vat="19"), expense_line("2", vat="7")),
    "an invoice without an IBAN": invoice(payment=None, payment_terms=None),
    "an invoice with a service period": invoice(period=SERVICE_PERIOD),
    "an invoice partly paid": invoice(paid=Decimal("500.00")),
    "an invoice with a refunded expense": invoice(time_line(), expense_line(amount="-12.30")),
    "an invoice with a negative total": invoice(expense_line("1", amount="-80.00"), discount="10"),
    "an invoice of hours to four decimals": invoice(time_line(hours="1.2345", rate="95.50")),
    "a bare invoice": invoice(
        note=None, buyer_reference=None, due_date=None, payment=None, payment_terms=None
    ),
    "a credit note": credit_note(),
    "a credit note with a discount and every VAT category": credit_note(*MIXED, discount="3"),
    "a credit note without an IBAN": credit_note(payment=None, period=SERVICE_PERIOD),
    "a credit note of part of one time line": credit_note(time_line(hours="2.5")),
}


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("document", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_every_document_passes_the_official_rules_and_the_xsd(
    en16931: Validator, writer: Writer, document: Document
) -> None:
    report = en16931.validate(writer(document))

    assert report.fatal == []
    assert report.xsd_errors == ()


@pytest.mark.parametrize("writer", WRITERS)
def test_the_validator_catches_a_tampered_total(en16931: Validator, writer: Writer) -> None:
    xml = writer(invoice(discount="10"))
    tampered = xml.replace(b">1009.42<", b">1009.43<")
    assert tampered != xml

    assert {"BR-CO-15", "BR-CO-16"} & en16931.validate(tampered).rules


@pytest.mark.parametrize("writer", WRITERS)
def test_the_validator_catches_a_unit_code_outside_the_code_list(en16931: Validator, writer: Writer) -> None:
    tampered = writer(invoice()).replace(b'unitCode="HUR"', b'unitCode="HOURS"')

    assert not en16931.validate(tampered).valid


def _text(xml: bytes, path: str) -> list[str]:
    return [str(value) for value in etree.fromstring(xml).xpath(path)]


def test_an_invoice_is_type_380_and_a_credit_note_type_381_in_cii() -> None:
    assert _text(
        to_cii(invoice()), "//*[local-name()='ExchangedDocument']/*[local-name()='TypeCode']/text()"
    ) == ["380"]
    assert _text(
        to_cii(credit_note()), "//*[local-name()='ExchangedDocument']/*[local-name()='TypeCode']/text()"
    ) == ["381"]


def test_a_credit_note_is_a_ubl_credit_note_referring_to_its_invoice() -> None:
    xml = to_ubl(credit_note())

    assert (
        etree.fromstring(xml).tag == "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote"
    )
    assert _text(xml, "//*[local-name()='CreditNoteTypeCode']/text()") == ["381"]
    assert _text(xml, "//*[local-name()='InvoiceDocumentReference']/*[local-name()='ID']/text()") == [
        "INV-0042"
    ]
    assert _text(xml, "//*[local-name()='CreditedQuantity']/@unitCode") == ["HUR", "C62"]


@pytest.mark.parametrize(
    ("writer", "path"),
    [
        (
            to_cii,
            "//*[local-name()='GuidelineSpecifiedDocumentContextParameter']/*[local-name()='ID']/text()",
        ),
        (to_ubl, "//*[local-name()='CustomizationID']/text()"),
    ],
    ids=["cii", "ubl"],
)
def test_the_specification_identifier_is_en_16931(writer: Writer, path: str) -> None:
    assert _text(writer(invoice()), path) == ["urn:cen.eu:en16931:2017"]


def test_amounts_have_two_decimals_and_quantities_stay_as_given() -> None:
    xml = to_ubl(invoice(time_line(hours="1.2345", rate="95.50")))

    assert _text(xml, "//*[local-name()='InvoicedQuantity']/text()") == ["1.2345"]
    assert _text(xml, "//*[local-name()='InvoiceLine']/*[local-name()='LineExtensionAmount']/text()") == [
        "117.89"
    ]
    assert _text(xml, "//*[local-name()='LegalMonetaryTotal']/*[local-name()='PayableAmount']/text()") == [
        "140.29"
    ]


def test_a_negative_unit_price_is_written_as_a_positive_price_of_a_negative_quantity() -> None:
    refund = Line(
        "9",
        "Refund",
        Decimal("1"),
        ONE,
        Decimal("-12.30"),
        Decimal("-12.30"),
        VatCategory.STANDARD,
        Decimal("19"),
    )
    xml = to_cii(invoice(time_line(), refund))

    assert _text(xml, "//*[local-name()='ChargeAmount']/text()") == ["120.00", "12.30"]
    assert _text(xml, "//*[local-name()='BilledQuantity']/text()") == ["7.5", "-1"]


def test_the_fingerprint_travels_as_the_invoice_note() -> None:
    note = "Fingerprint: " + "0f" * 32

    assert _text(to_ubl(invoice(note=note)), "/*/*[local-name()='Note']/text()") == [note]
    assert _text(to_cii(invoice(note=note)), "//*[local-name()='IncludedNote']/*/text()") == [note]


def test_exempt_lines_share_one_vat_breakdown_with_their_reasons_joined(en16931: Validator) -> None:
    other = replace(exempt_line("2"), exemption_reason="Article 44 services")
    xml = to_ubl(invoice(exempt_line("1"), other))

    assert len(_text(xml, "//*[local-name()='TaxSubtotal']/*[local-name()='TaxAmount']/text()")) == 1
    assert _text(xml, "//*[local-name()='TaxExemptionReason']/text()")[0].endswith("; Article 44 services")
    assert en16931.validate(xml).valid
