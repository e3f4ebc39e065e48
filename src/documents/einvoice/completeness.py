"""What EN 16931 needs that a document lacks, named by stable dotted paths of the model.

Each name below is one field the mapper fills from our data; the API maps them to its own
field names (`seller.country` → `company.country`, ...). The rules:

- `number`, `currency` (ISO 4217, three letters): BR-02, BR-05
- `seller.name`, `buyer.name`: BR-06, BR-07
- `seller.country`, `buyer.country` (ISO 3166-1 alpha-2): BR-09, BR-11
- `seller.vat_id`, whenever a line is standard rated, zero rated or exempt (BR-S-02, BR-Z-02,
  BR-E-02: every category we write), or when the seller has no other identifier (BR-CO-26)
- `seller.vat_id`, `buyer.vat_id` when given without their country prefix (BR-CO-09)
- `lines`: at least one (BR-16); `lines[i].description`: the item name (BR-25)
- `lines[i].exemption_reason` for an exempt line (BR-E-10)
- `preceding_invoice.number` when a preceding invoice is referenced (BR-55)
- `payment.iban` when payment is by credit transfer (BR-61)
"""

import re

from documents.einvoice.model import Document, Party, VatCategory

_COUNTRY = re.compile(r"[A-Z]{2}")
_CURRENCY = re.compile(r"[A-Z]{3}")
# BR-CO-09: a VAT identifier starts with its country's code (Greece: EL).
_VAT_PREFIX = re.compile(r"[A-Z]{2}\S")
# BR-S-02, BR-Z-02, BR-E-02: a line in any of these categories needs the seller's VAT id.
_NEEDS_SELLER_VAT_ID = frozenset({VatCategory.STANDARD, VatCategory.ZERO, VatCategory.EXEMPT})


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def _party(party: Party, role: str) -> list[str]:
    missing = []
    if _blank(party.name):
        missing.append(f"{role}.name")
    if party.country is None or not _COUNTRY.fullmatch(party.country):
        missing.append(f"{role}.country")
    if party.vat_id is not None and not _VAT_PREFIX.match(party.vat_id):
        missing.append(f"{role}.vat_id")
    return missing


def _seller_vat_id_needed(document: Document) -> bool:
    if any(line.vat in _NEEDS_SELLER_VAT_ID for line in document.lines):
        return True
    return _blank(document.seller.registration_id)


def missing_fields(document: Document) -> list[str]:
    """Names of what EN 16931 requires and `document` lacks; empty when it can be written."""
    missing = []
    if _blank(document.number):
        missing.append("number")
    if not _CURRENCY.fullmatch(document.currency):
        missing.append("currency")
    missing += _party(document.seller, "seller")
    if _blank(document.seller.vat_id) and _seller_vat_id_needed(document):
        missing.append("seller.vat_id")
    missing += _party(document.buyer, "buyer")
    if not document.lines:
        missing.append("lines")
    for index, line in enumerate(document.lines):
        if _blank(line.description):
            missing.append(f"lines[{index}].description")
        if line.vat is VatCategory.EXEMPT and _blank(line.exemption_reason):
            missing.append(f"lines[{index}].exemption_reason")
    if document.preceding_invoice is not None and _blank(document.preceding_invoice.number):
        missing.append("preceding_invoice.number")
    if document.payment is not None and _blank(document.payment.iban):
        missing.append("payment.iban")
    return list(dict.fromkeys(missing))


class IncompleteEInvoice(Exception):
    """The document lacks what EN 16931 requires; `missing` names the fields."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(f"e-invoice incomplete: missing {', '.join(missing)}")
        self.missing = missing


def require_complete(document: Document) -> None:
    """Raise `IncompleteEInvoice` unless `document` has all EN 16931 requires."""
    missing = missing_fields(document)
    if missing:
        raise IncompleteEInvoice(missing)
