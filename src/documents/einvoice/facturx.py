"""Factur-X: a PDF/A-3 with the CII XML embedded as `factur-x.xml` (profile EN 16931)."""

import facturx


class FacturXError(Exception):
    """The factur-x library refused to embed the XML (not valid against the Factur-X XSD)."""


def to_facturx_pdf(pdf_a3b: bytes, cii: bytes) -> bytes:
    """Embed `cii` (from `to_cii`) into `pdf_a3b`, e.g. WeasyPrint's `write_pdf(pdf_variant="pdf/a-3b")`.

    The library checks the XML against the Factur-X EN 16931 XSD and writes the PDF/A-3 and
    Factur-X XMP metadata; it does not run the schematron (ours is proved in the tests).
    """
    try:
        pdf: bytes = facturx.generate_from_binary(
            pdf_a3b, cii, flavor="factur-x", level="en16931", check_xsd=True, check_schematron=False
        )
    except Exception as error:  # the library raises bare Exception for an XSD failure
        raise FacturXError(str(error)) from error
    return pdf
