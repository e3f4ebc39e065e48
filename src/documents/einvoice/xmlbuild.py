"""Small lxml helpers the CII and UBL writers share: prefixed elements and number text."""

from decimal import Decimal

from lxml import etree

from documents.einvoice.totals import round2


def element(parent: etree._Element, qname: str, text: str | None = None, **attrib: str) -> etree._Element:
    """Append `prefix:name` (a prefix of the root's namespace map) to `parent`."""
    prefix, name = qname.split(":")
    child = etree.SubElement(parent, f"{{{parent.nsmap[prefix]}}}{name}", attrib)
    if text is not None:
        child.text = text
    return child


def root(qname: str, nsmap: dict[str, str]) -> etree._Element:
    """A document element `prefix:name` declaring `nsmap`."""
    prefix, name = qname.split(":")
    return etree.Element(f"{{{nsmap[prefix]}}}{name}", nsmap=nsmap)


def money(value: Decimal) -> str:
    """An amount with exactly two decimals (BR-DEC-*)."""
    return f"{round2(value):f}"


def number(value: Decimal) -> str:
    """A quantity, price or percent as given, in plain notation (never `1E+2`)."""
    return f"{value:f}"


def serialize(document: etree._Element) -> bytes:
    """UTF-8 bytes with an XML declaration."""
    return etree.tostring(document, xml_declaration=True, encoding="UTF-8", pretty_print=True)
