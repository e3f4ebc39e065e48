"""`missing_fields` names what EN 16931 needs and a document lacks; writers refuse such documents."""

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from lxml import etree

from documents.einvoice import (
    HOURS,
    Allowance,
    Document,
    IncompleteEInvoice,
    InvalidEInvoice,
    Line,
    Party,
    Period,
    PrecedingInvoice,
    VatCategory,
    missing_fields,
    to_cii,
    to_ubl,
)
from support.einvoices import BUYER, SELLER, credit_note, exempt_line, invoice, time_line, zero_rated_line
from support.en16931 import Validator


def test_a_complete_invoice_misses_nothing() -> None:
    assert missing_fields(invoice()) == []


def test_a_complete_credit_note_misses_nothing() -> None:
    assert missing_fields(credit_note()) == []


@pytest.mark.parametrize(
    ("document", "missing"),
    [
        (invoice(seller=replace(SELLER, country=None)), ["seller.country"]),
        (invoice(seller=replace(SELLER, country="Germany")), ["seller.country"]),
        (invoice(seller=replace(SELLER, country="de")), ["seller.country"]),
        (invoice(seller=replace(SELLER, vat_id=None)), ["seller.vat_id"]),
        (invoice(zero_rated_line(), seller=replace(SELLER, vat_id=None)), ["seller.vat_id"]),
        (invoice(exempt_line(), seller=replace(SELLER, vat_id=None)), ["seller.vat_id"]),
        (invoice(seller=replace(SELLER, vat_id="123456789")), ["seller.vat_id"]),
        (invoice(seller=replace(SELLER, name=" ")), ["seller.name"]),
        (invoice(buyer=replace(BUYER, vat_id=None)), []),
        (invoice(buyer=replace(BUYER, vat_id="12345678901")), ["buyer.vat_id"]),
        (invoice(buyer=replace(BUYER, name="")), ["buyer.name"]),
        (invoice(buyer=replace(BUYER, country=None)), ["buyer.country"]),
        (invoice(lines=()), ["lines"]),
        (
            invoice(lines=(), seller=replace(SELLER, vat_id=None, registration_id=None)),
            ["seller.vat_id", "lines"],
        ),
        (invoice(lines=(), seller=replace(SELLER, vat_id=None)), ["lines"]),
        (invoice(time_line(), replace(exempt_line(), exemption_reason=None)), ["lines[1].exemption_reason"]),
        (invoice(replace(time_line(), description="  ")), ["lines[0].description"]),
        (invoice(number=""), ["number"]),
        (invoice(currency="euro"), ["currency"]),
        (credit_note(preceding_invoice=PrecedingInvoice("")), ["preceding_invoice.number"]),
        (
            invoice(seller=Party("Studio Nord GmbH", None), buyer=Party("", None)),
            ["seller.country", "seller.vat_id", "buyer.name", "buyer.country"],
        ),
    ],
    ids=[
        "seller without a country",
        "seller with a country name instead of its code",
        "seller with a lower-case country code",
        "standard-rated lines without a seller VAT id (BR-S-02)",
        "zero-rated lines without a seller VAT id (BR-Z-02)",
        "exempt lines without a seller VAT id (BR-E-02)",
        "seller VAT id without its country prefix (BR-CO-09)",
        "seller without a name",
        "buyer without a VAT id is fine",
        "buyer VAT id without its country prefix",
        "buyer without a name",
        "buyer without a country",
        "no lines",
        "no lines and no seller identifier at all (BR-CO-26)",
        "no lines but a seller registration id",
        "exempt line without an exemption reason",
        "line without a description",
        "no number",
        "currency not an ISO 4217 code",
        "credit note referring to an invoice without its number",
        "several things at once, in a stable order",
    ],
)
def test_missing_fields_names_what_is_missing(document: Document, missing: list[str]) -> None:
    assert missing_fields(document) == missing


@pytest.mark.parametrize("writer", [to_cii, to_ubl], ids=["cii", "ubl"])
def test_a_writer_refuses_an_incomplete_document_naming_the_fields(
    writer: Callable[[Document], bytes],
) -> None:
    document = invoice(seller=replace(SELLER, country=None, vat_id=None))

    with pytest.raises(IncompleteEInvoice) as raised:
        writer(document)

    assert raised.value.missing == ["seller.country", "seller.vat_id"]


SELLER_VAT_ID = {
    "cii": "//*[local-name()='SellerTradeParty']/*[local-name()='SpecifiedTaxRegistration']",
    "ubl": "//*[local-name()='AccountingSupplierParty']//*[local-name()='PartyTaxScheme']",
}


@pytest.mark.parametrize("syntax", ["cii", "ubl"])
@pytest.mark.parametrize(
    ("line", "rule"),
    [(time_line(), "BR-S-02"), (zero_rated_line(), "BR-Z-02"), (exempt_line(), "BR-E-02")],
    ids=["standard rated", "zero rated", "exempt"],
)
def test_the_official_rules_want_the_seller_vat_id_for_every_category_we_write(
    en16931: Validator, line: Line, rule: str, syntax: str
) -> None:
    tree = etree.fromstring((to_cii if syntax == "cii" else to_ubl)(invoice(line)))
    for node in tree.xpath(SELLER_VAT_ID[syntax]):
        node.getparent().remove(node)

    assert rule in en16931.validate(etree.tostring(tree)).rules


@pytest.mark.parametrize(
    "build",
    [
        lambda: Line(
            "1", "Work", Decimal("1"), HOURS, Decimal("10"), Decimal("10"), VatCategory.STANDARD, Decimal(0)
        ),
        lambda: Line(
            "1", "Work", Decimal("1"), HOURS, Decimal("10"), Decimal("10"), VatCategory.EXEMPT, Decimal(7)
        ),
        lambda: Line(
            "1", "Work", Decimal("1"), HOURS, Decimal("10"), Decimal("10.005"), VatCategory.ZERO, Decimal(0)
        ),
        lambda: Allowance(Decimal("1.00"), "Discount", VatCategory.ZERO, Decimal("19")),
        lambda: Period(date(2026, 10, 31), date(2026, 10, 1)),
        lambda: invoice(time_line("1"), time_line("1")),
        lambda: invoice(paid=Decimal("0.001")),
    ],
    ids=[
        "standard rate of zero",
        "exempt line with a rate",
        "line amount with three decimals",
        "zero-rated allowance with a rate",
        "period ending before it starts",
        "two lines with one id",
        "paid amount with three decimals",
    ],
)
def test_a_self_contradicting_document_cannot_be_built(build: Callable[[], object]) -> None:
    with pytest.raises(InvalidEInvoice):
        build()
