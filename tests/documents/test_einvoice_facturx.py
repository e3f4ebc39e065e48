"""A Factur-X PDF: WeasyPrint's PDF/A-3b with the CII embedded as `factur-x.xml`."""

import io

import facturx
import pytest
from lxml import etree
from pypdf import PdfReader
from weasyprint import HTML

from documents.einvoice import Document, FacturXError, to_cii, to_facturx_pdf, to_ubl
from support.einvoices import credit_note, invoice
from support.en16931 import Validator

FX = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"


def pdf_a3b(title: str) -> bytes:
    page = HTML(string=f"<h1>{title}</h1><p>See the embedded factur-x.xml.</p>")
    pdf: bytes = page.write_pdf(pdf_variant="pdf/a-3b")
    return pdf


@pytest.mark.parametrize("document", [invoice(discount="10"), credit_note()], ids=["invoice", "credit note"])
def test_the_pdf_carries_the_cii_as_factur_x_xml_and_it_is_valid(
    en16931: Validator, document: Document
) -> None:
    cii = to_cii(document)

    pdf = to_facturx_pdf(pdf_a3b(document.number), cii)

    filename, embedded = facturx.get_xml_from_pdf(pdf, check_xsd=True)
    assert filename == "factur-x.xml"
    assert embedded == cii
    assert en16931.validate(embedded).valid


def test_the_xmp_metadata_says_pdf_a_3_and_factur_x_en_16931() -> None:
    pdf = to_facturx_pdf(pdf_a3b("INV-0042"), to_cii(invoice()))

    xmp = PdfReader(io.BytesIO(pdf)).xmp_metadata
    assert xmp is not None
    assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("3", "B")
    fields = etree.fromstring(xmp.stream.get_data())
    assert fields.findtext(f".//{{{FX}}}ConformanceLevel") == "EN 16931"
    assert fields.findtext(f".//{{{FX}}}DocumentFileName") == "factur-x.xml"


def test_xml_that_is_not_factur_x_is_refused() -> None:
    with pytest.raises(FacturXError):
        to_facturx_pdf(pdf_a3b("INV-0042"), to_ubl(invoice()))
