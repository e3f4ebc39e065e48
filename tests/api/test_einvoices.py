"""E-invoices as the product serves them (SPEC §16), validated against the official EN 16931 rules.

Every XML here comes over HTTP from invoices and credit notes made by the use cases: time, expenses
with and without a unit, a manual line, a discount, standard-rated and exempt (tax 0 %) invoices,
partial and full credit notes, in CII and UBL. Zero-rated lines (category Z) are not reachable: an
invoice has one tax rate, and SPEC maps a rate of 0 to exempt (E).
"""

import io
from typing import Any

import facturx
import pytest
from http_billing import COMPANY, EXEMPTION, credit, seller, sent_invoice
from http_world import Workspace, created, problem_type
from lxml import etree
from pypdf import PdfReader

from support.en16931 import Validator

FX = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"
CASES = {
    "standard rated with a discount": {"tax_percent": "19", "discount_percent": "10"},
    "exempt with a discount": {"tax_percent": "0", "discount_percent": "7.5"},
    "standard rated at 7 %": {"tax_percent": "7"},
}


def documents(ws: Workspace, fields: dict[str, Any]) -> dict[str, str]:
    """Paths of an invoice, a credit note of part of it and one of the rest, all of `fields`."""
    seller(ws)
    invoice = sent_invoice(ws, **fields)
    time_line, *_ = invoice["items"]
    part = credit(ws, invoice["id"], {"lines": [{"line_item_id": time_line["id"], "quantity": "1.25"}]})
    rest = credit(ws, invoice["id"], {"all": True, "reason": "Cancelled"})
    return {
        "invoice": f"/invoices/{invoice['id']}",
        "part": f"/credit-notes/{part['id']}",
        "rest": f"/credit-notes/{rest['id']}",
    }


def xpath(xml: bytes, path: str) -> list[str]:
    return [str(value) for value in etree.fromstring(xml).xpath(path)]


@pytest.mark.parametrize("fields", CASES.values(), ids=CASES.keys())
def test_every_xml_the_product_serves_passes_the_official_rules_and_the_xsd(
    ws: Workspace, en16931: Validator, fields: dict[str, Any]
) -> None:
    paths = documents(ws, fields)

    for name, path in paths.items():
        for syntax in ("cii", "ubl"):
            response = ws.get(f"{path}/e-invoice", params={"syntax": syntax})
            assert (response.status_code, response.headers["content-type"]) == (200, "application/xml"), name
            report = en16931.validate(response.content)
            assert (report.syntax, report.fatal, report.xsd_errors) == (syntax, [], ()), (name, syntax)


def test_the_xml_carries_what_the_invoice_json_says(ws: Workspace) -> None:
    paths = documents(ws, CASES["standard rated with a discount"])
    invoice = created(ws.get(paths["invoice"]), 200)

    ubl = ws.get(f"{paths['invoice']}/e-invoice", params={"syntax": "ubl"}).content

    total = "//*[local-name()='LegalMonetaryTotal']/*[local-name()='{}']/text()"
    assert xpath(ubl, total.format("LineExtensionAmount")) == [invoice["subtotal"]]
    assert xpath(ubl, total.format("AllowanceTotalAmount")) == [invoice["discount"]]
    assert xpath(ubl, total.format("TaxInclusiveAmount")) == [invoice["total"]]
    assert xpath(ubl, "//*[local-name()='InvoicedQuantity']/@unitCode") == ["HUR", "HUR", "KMT", "C62", "C62"]
    assert xpath(ubl, "//*[local-name()='PayeeFinancialAccount']/*[local-name()='ID']/text()") == [
        COMPANY["iban"]
    ]
    assert xpath(ubl, "//*[local-name()='InvoicePeriod']/*/text()") == ["2026-10-05", "2026-10-08"]


def test_a_credit_note_is_a_381_with_positive_amounts_referencing_its_invoice(ws: Workspace) -> None:
    paths = documents(ws, CASES["standard rated with a discount"])
    note = created(ws.get(paths["rest"]), 200)

    cii = ws.get(f"{paths['rest']}/e-invoice").content
    ubl = ws.get(f"{paths['rest']}/e-invoice", params={"syntax": "ubl"}).content

    assert xpath(cii, "//*[local-name()='ExchangedDocument']/*[local-name()='TypeCode']/text()") == ["381"]
    assert xpath(cii, "//*[local-name()='GrandTotalAmount']/text()") == [note["total"].removeprefix("-")]
    assert xpath(ubl, "//*[local-name()='InvoiceDocumentReference']/*[local-name()='ID']/text()") == [
        "INV-0001"
    ]
    assert etree.QName(etree.fromstring(ubl)).localname == "CreditNote"


def test_an_exempt_invoice_gives_the_workspaces_exemption_reason(ws: Workspace) -> None:
    paths = documents(ws, CASES["exempt with a discount"])

    ubl = ws.get(f"{paths['invoice']}/e-invoice", params={"syntax": "ubl"}).content

    assert set(xpath(ubl, "//*[local-name()='ClassifiedTaxCategory']/*[local-name()='ID']/text()")) == {"E"}
    assert xpath(ubl, "//*[local-name()='TaxExemptionReason']/text()") == [EXEMPTION]


@pytest.mark.parametrize("document", ["invoice", "rest"], ids=["invoice", "credit note"])
def test_the_factur_x_pdf_reads_back_with_a_valid_xml_and_says_pdf_a_3(
    ws: Workspace, en16931: Validator, document: str
) -> None:
    paths = documents(ws, CASES["standard rated with a discount"])

    response = ws.get(f"{paths[document]}/pdf", params={"profile": "factur-x"})

    assert (response.status_code, response.headers["content-type"]) == (200, "application/pdf")
    filename, xml = facturx.get_xml_from_pdf(response.content, check_xsd=True)
    assert filename == "factur-x.xml"
    assert xml == ws.get(f"{paths[document]}/e-invoice", params={"syntax": "cii"}).content
    assert en16931.validate(xml).valid
    xmp = PdfReader(io.BytesIO(response.content)).xmp_metadata
    assert xmp is not None
    assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("3", "B")
    assert etree.fromstring(xmp.stream.get_data()).findtext(f".//{{{FX}}}ConformanceLevel") == "EN 16931"


def test_an_invoice_that_cannot_be_expressed_is_422_listing_what_is_missing_in_api_names(
    ws: Workspace,
) -> None:
    created(ws.patch("/settings", {"company": {"name": "Studio Nord GmbH"}}), 200)
    invoice = sent_invoice(ws, client={"name": "Atelier Sud SARL"}, tax_percent="19", tax2_percent="2")

    for path in (f"/invoices/{invoice['id']}/e-invoice", f"/invoices/{invoice['id']}/pdf?profile=factur-x"):
        response = ws.get(path)
        assert response.status_code == 422, path
        assert problem_type(response) == "/problems/e-invoice-incomplete"
        assert response.json()["missing"] == [
            "tax2_percent",
            "company.country",
            "company.vat_id",
            "client.country",
        ]


def test_an_exempt_invoice_without_an_exemption_reason_names_the_setting(ws: Workspace) -> None:
    seller(ws, vat_exemption_reason=None)
    invoice = sent_invoice(ws, tax_percent="0")
    note = credit(ws, invoice["id"], {"all": True})

    for path in (f"/invoices/{invoice['id']}", f"/credit-notes/{note['id']}"):
        response = ws.get(f"{path}/e-invoice", params={"syntax": "ubl"})
        assert (response.status_code, response.json()["missing"]) == (422, ["vat_exemption_reason"])


def test_an_unknown_syntax_or_profile_is_refused(ws: Workspace) -> None:
    invoice = sent_invoice(ws)

    syntax = ws.get(f"/invoices/{invoice['id']}/e-invoice", params={"syntax": "edifact"})
    profile = ws.get(f"/invoices/{invoice['id']}/pdf", params={"profile": "zugferd-basic"})

    assert (syntax.status_code, profile.status_code) == (422, 422)
