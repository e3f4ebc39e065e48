"""Our invoices and credit notes as EN 16931 documents (SPEC §16), from the typed views.

seller = the workspace's `company`, buyer = the client; every line is VAT category S at the
invoice's `tax_percent`, or E with the `vat_exemption_reason` setting when the rate is 0; the
discount is one document-level allowance; hours are `HUR`, units without a code `C62`; the
service period is the invoicing period; payment is a credit transfer to the company's IBAN.
docs/einvoice.md has the table of business terms. What cannot be expressed is refused with
`EInvoiceIncomplete`, naming the fields as the API names them (`company.vat_id`, `tax2_percent`).

Our totals are not recomputed here: the document's EN 16931 totals (BR-CO-10 … BR-CO-17) must
equal the ones we show, or the mapping is wrong and nothing is written (`InvalidEInvoice`).
"""

import re
from decimal import Decimal
from typing import Literal

from documents.einvoice.cii import to_cii
from documents.einvoice.completeness import missing_fields
from documents.einvoice.model import (
    HOURS,
    ONE,
    CreditTransfer,
    Document,
    DocumentKind,
    InvalidEInvoice,
    Line,
    Party,
    Period,
    PrecedingInvoice,
    VatCategory,
)
from documents.einvoice.totals import document_totals, invoice_discount
from documents.einvoice.ubl import to_ubl
from ledger.errors import EInvoiceIncomplete
from ledger.views import ClientView, CreditNoteView, InvoiceView
from ledger.views import Period as ServicePeriod
from ledger.workspace import Company, WorkspaceSettings

Syntax = Literal["cii", "ubl"]
ZERO = Decimal(0)
DISCOUNT_REASON = "Discount"
# UN/ECE Recommendation 20 codes of the units people type; any other unit is "one" (C62).
UNIT_CODES = {
    "h": HOURS,
    "hr": HOURS,
    "hrs": HOURS,
    "hour": HOURS,
    "hours": HOURS,
    "day": "DAY",
    "days": "DAY",
    "month": "MON",
    "months": "MON",
    "km": "KMT",
    "kg": "KGM",
    "m": "MTR",
}
# The model's names of what is missing, as the API names them; `lines[i].…` by the part after it.
API_NAMES = {
    "number": "number",
    "currency": "currency",
    "seller.name": "company.name",
    "seller.country": "company.country",
    "seller.vat_id": "company.vat_id",
    "buyer.name": "client.name",
    "buyer.country": "client.country",
    "buyer.vat_id": "client.vat_id",
    "lines": "items",
    "exemption_reason": "vat_exemption_reason",
    "preceding_invoice.number": "invoice_number",
    "payment.iban": "company.iban",
}
LINE = re.compile(r"lines\[(\d+)\]\.(\w+)")


def unit_code(unit: str | None) -> str:
    """The Recommendation 20 code of a line's unit: `HUR` for hours, `C62` for a unit without a code."""
    return UNIT_CODES.get((unit or "").strip().lower(), ONE)


def address_lines(address: str) -> tuple[str, ...]:
    """An address as at most three lines (EN 16931 has three): further lines join the third."""
    lines = [line.strip() for line in address.splitlines() if line.strip()]
    return (*lines[:2], ", ".join(lines[2:])) if len(lines) > 3 else tuple(lines)


def seller(company: Company) -> Party:
    return Party(
        name=company.name,
        country=company.country,
        address_lines=address_lines(company.address),
        city=company.city,
        postal_code=company.postal_code,
        vat_id=company.vat_id,
        registration_id=company.registration_id,
        email=company.email,
    )


def buyer(client: ClientView) -> Party:
    return Party(
        name=client.name,
        country=client.country,
        address_lines=address_lines(client.address),
        city=client.city,
        postal_code=client.postal_code,
        vat_id=client.vat_id,
        email=client.email,
    )


def _vat(tax_percent: Decimal, settings: WorkspaceSettings) -> tuple[VatCategory, str | None]:
    """S at the invoice's rate; at a rate of 0, E with the workspace's exemption reason."""
    if tax_percent > 0:
        return VatCategory.STANDARD, None
    return VatCategory.EXEMPT, settings.vat_exemption_reason


def _note(*parts: str | None, fingerprint: str | None) -> str | None:
    texts = [part.strip() for part in parts if part and part.strip()]
    if fingerprint:
        texts.append(f"Fingerprint: {fingerprint}")
    return "\n".join(texts) or None


def _period(period: ServicePeriod | None) -> Period | None:
    return Period(period.start, period.end) if period is not None else None


def _unsupported(tax2_percent: Decimal) -> list[str]:
    # EN 16931 has one VAT per line: a second tax cannot be expressed.
    return ["tax2_percent"] if tax2_percent != 0 else []


def api_names(missing: list[str]) -> list[str]:
    """The model's names of what is missing, as the API names them, each once."""
    named = []
    for name in missing:
        line = LINE.fullmatch(name)
        if line and line[2] in API_NAMES:
            named.append(API_NAMES[line[2]])
        elif line:
            named.append(f"items[{line[1]}].{line[2]}")
        else:
            named.append(API_NAMES.get(name, name))
    return list(dict.fromkeys(named))


def _checked(document: Document, unsupported: list[str], ours: tuple[Decimal, ...]) -> Document:
    """`document` if it can be written and its EN 16931 totals are ours, else the refusal."""
    missing = unsupported + api_names(missing_fields(document))
    if missing:
        raise EInvoiceIncomplete(list(dict.fromkeys(missing)))
    totals = document_totals(document)
    theirs = (totals.line_total, totals.allowance_total, totals.tax_total, totals.grand_total)
    if theirs != ours:
        raise InvalidEInvoice(f"EN 16931 totals {theirs} differ from ours {ours} in {document.number}")
    return document


def invoice_document(
    invoice: InvoiceView, client: ClientView, settings: WorkspaceSettings, fingerprint: str | None = None
) -> Document:
    """The invoice as an EN 16931 invoice (type 380); `fingerprint` (SPEC §17) goes into its note."""
    category, reason = _vat(invoice.tax_percent, settings)
    lines = tuple(
        Line(
            id=str(item.position),
            description=item.description,
            quantity=item.quantity,
            unit_code=unit_code(item.unit),
            unit_price=item.unit_price,
            amount=item.amount,
            vat=category,
            vat_rate=invoice.tax_percent,
            exemption_reason=reason,
        )
        for item in invoice.items
    )
    company = settings.company
    document = Document(
        kind=DocumentKind.INVOICE,
        number=invoice.number,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        currency=invoice.currency,
        seller=seller(company),
        buyer=buyer(client),
        lines=lines,
        note=_note(invoice.subject, invoice.note, fingerprint=fingerprint),
        allowances=invoice_discount(lines, invoice.discount_percent, DISCOUNT_REASON),
        period=_period(invoice.service_period),
        payment=CreditTransfer(company.iban, company.bic, company.name or None) if company.iban else None,
        paid=invoice.paid,
    )
    ours = (invoice.subtotal, invoice.discount, invoice.tax, invoice.total)
    return _checked(document, _unsupported(invoice.tax2_percent), ours)


def credit_note_document(
    credit_note: CreditNoteView,
    client: ClientView,
    settings: WorkspaceSettings,
    fingerprint: str | None = None,
) -> Document:
    """The credit note as an EN 16931 credit note (type 381) of positive amounts, referencing its invoice."""
    category, reason = _vat(credit_note.tax_percent, settings)
    # The API shows what a credit note takes back as negative; EN 16931 writes it positive.
    lines = tuple(
        Line(
            id=str(item.position),
            description=item.description,
            quantity=ZERO - item.quantity,
            unit_code=unit_code(item.unit),
            unit_price=item.unit_price,
            amount=ZERO - item.amount,
            vat=category,
            vat_rate=credit_note.tax_percent,
            exemption_reason=reason,
        )
        for item in credit_note.items
    )
    document = Document(
        kind=DocumentKind.CREDIT_NOTE,
        number=credit_note.number,
        issue_date=credit_note.issue_date,
        currency=credit_note.currency,
        seller=seller(settings.company),
        buyer=buyer(client),
        lines=lines,
        note=_note(credit_note.reason, fingerprint=fingerprint),
        allowances=invoice_discount(lines, credit_note.discount_percent, DISCOUNT_REASON),
        period=_period(credit_note.service_period),
        # BR-CO-25: an amount due needs a due date or payment terms; a credit note has no due date.
        payment_terms=f"Credit for invoice {credit_note.invoice_number}: set off against it or refunded",
        preceding_invoice=PrecedingInvoice(credit_note.invoice_number, credit_note.invoice_issue_date),
    )
    ours = tuple(
        ZERO - amount
        for amount in (credit_note.subtotal, credit_note.discount, credit_note.tax, credit_note.total)
    )
    return _checked(document, _unsupported(credit_note.tax2_percent), ours)


def write(document: Document, syntax: Syntax) -> bytes:
    """The document as CII (UN/CEFACT D16B, Factur-X EN 16931) or UBL 2.1 XML."""
    return to_cii(document) if syntax == "cii" else to_ubl(document)
