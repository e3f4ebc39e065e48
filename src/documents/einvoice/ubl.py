"""OASIS UBL 2.1 Invoice (type 380) and CreditNote (type 381), EN 16931 core."""

from lxml import etree

from documents.einvoice.completeness import require_complete
from documents.einvoice.model import (
    CREDIT_TRANSFER,
    SPECIFICATION_ID,
    Allowance,
    Document,
    DocumentKind,
    Line,
    Party,
    VatCategory,
)
from documents.einvoice.totals import Totals, VatBreakdown, document_totals
from documents.einvoice.xmlbuild import element, money, number, root, serialize

COMMON = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"


def to_ubl(document: Document) -> bytes:
    """`document` as a UBL Invoice or CreditNote; raises `IncompleteEInvoice` when it lacks data."""
    require_complete(document)
    totals = document_totals(document)
    credit = document.kind is DocumentKind.CREDIT_NOTE
    name = "CreditNote" if credit else "Invoice"
    invoice = root(f"ubl:{name}", {"ubl": CREDIT_NOTE if credit else INVOICE, **COMMON})
    element(invoice, "cbc:CustomizationID", SPECIFICATION_ID)
    element(invoice, "cbc:ID", document.number)
    element(invoice, "cbc:IssueDate", document.issue_date.isoformat())
    if document.due_date and not credit:
        element(invoice, "cbc:DueDate", document.due_date.isoformat())
    element(invoice, f"cbc:{name}TypeCode", document.kind.value)
    if document.note:
        element(invoice, "cbc:Note", document.note)
    element(invoice, "cbc:DocumentCurrencyCode", document.currency)
    if document.buyer_reference:
        element(invoice, "cbc:BuyerReference", document.buyer_reference)
    if document.period is not None:
        period = element(invoice, "cac:InvoicePeriod")
        element(period, "cbc:StartDate", document.period.start.isoformat())
        element(period, "cbc:EndDate", document.period.end.isoformat())
    if document.preceding_invoice is not None:
        reference = element(element(invoice, "cac:BillingReference"), "cac:InvoiceDocumentReference")
        element(reference, "cbc:ID", document.preceding_invoice.number)
        if document.preceding_invoice.issue_date:
            element(reference, "cbc:IssueDate", document.preceding_invoice.issue_date.isoformat())
    _party(element(element(invoice, "cac:AccountingSupplierParty"), "cac:Party"), document.seller)
    _party(element(element(invoice, "cac:AccountingCustomerParty"), "cac:Party"), document.buyer)
    _payment(invoice, document)
    for allowance in document.allowances:
        _allowance(invoice, allowance, document.currency)
    _tax_total(invoice, totals, document.currency)
    _monetary_total(invoice, document, totals)
    for line in document.lines:
        _line(invoice, line, document.currency, credit)
    return serialize(invoice)


def _party(node: etree._Element, party: Party) -> None:
    address = element(node, "cac:PostalAddress")
    lines = party.address_lines
    if len(lines) > 0:
        element(address, "cbc:StreetName", lines[0])
    if len(lines) > 1:
        element(address, "cbc:AdditionalStreetName", lines[1])
    if party.city:
        element(address, "cbc:CityName", party.city)
    if party.postal_code:
        element(address, "cbc:PostalZone", party.postal_code)
    if len(lines) > 2:
        element(element(address, "cac:AddressLine"), "cbc:Line", lines[2])
    element(element(address, "cac:Country"), "cbc:IdentificationCode", party.country)
    if party.vat_id:
        scheme = element(node, "cac:PartyTaxScheme")
        element(scheme, "cbc:CompanyID", party.vat_id)
        element(element(scheme, "cac:TaxScheme"), "cbc:ID", "VAT")
    legal = element(node, "cac:PartyLegalEntity")
    element(legal, "cbc:RegistrationName", party.name)
    if party.registration_id:
        element(legal, "cbc:CompanyID", party.registration_id)
    if party.email:
        element(element(node, "cac:Contact"), "cbc:ElectronicMail", party.email)


def _payment(invoice: etree._Element, document: Document) -> None:
    credit = document.kind is DocumentKind.CREDIT_NOTE
    if document.payment is not None:
        means = element(invoice, "cac:PaymentMeans")
        element(means, "cbc:PaymentMeansCode", CREDIT_TRANSFER)
        if credit and document.due_date:
            # A UBL CreditNote has no DueDate; EN 16931 puts BT-9 here instead.
            element(means, "cbc:PaymentDueDate", document.due_date.isoformat())
        account = element(means, "cac:PayeeFinancialAccount")
        element(account, "cbc:ID", document.payment.iban)
        if document.payment.account_name:
            element(account, "cbc:Name", document.payment.account_name)
        if document.payment.bic:
            element(element(account, "cac:FinancialInstitutionBranch"), "cbc:ID", document.payment.bic)
    if document.payment_terms:
        element(element(invoice, "cac:PaymentTerms"), "cbc:Note", document.payment_terms)


def _tax_category(parent: etree._Element, tag: str, category: VatCategory, rate: str) -> etree._Element:
    node = element(parent, tag)
    element(node, "cbc:ID", category.value)
    element(node, "cbc:Percent", rate)
    return node


def _allowance(invoice: etree._Element, allowance: Allowance, currency: str) -> None:
    node = element(invoice, "cac:AllowanceCharge")
    element(node, "cbc:ChargeIndicator", "false")
    element(node, "cbc:AllowanceChargeReasonCode", allowance.reason_code)
    element(node, "cbc:AllowanceChargeReason", allowance.reason)
    if allowance.percent is not None:
        element(node, "cbc:MultiplierFactorNumeric", number(allowance.percent))
    element(node, "cbc:Amount", money(allowance.amount), currencyID=currency)
    if allowance.base is not None:
        element(node, "cbc:BaseAmount", money(allowance.base), currencyID=currency)
    category = _tax_category(node, "cac:TaxCategory", allowance.vat, number(allowance.vat_rate))
    element(element(category, "cac:TaxScheme"), "cbc:ID", "VAT")


def _subtotal(tax_total: etree._Element, vat: VatBreakdown, currency: str) -> None:
    subtotal = element(tax_total, "cac:TaxSubtotal")
    element(subtotal, "cbc:TaxableAmount", money(vat.taxable_amount), currencyID=currency)
    element(subtotal, "cbc:TaxAmount", money(vat.tax_amount), currencyID=currency)
    category = _tax_category(subtotal, "cac:TaxCategory", vat.category, number(vat.rate))
    if vat.exemption_reason:
        element(category, "cbc:TaxExemptionReason", vat.exemption_reason)
    element(element(category, "cac:TaxScheme"), "cbc:ID", "VAT")


def _tax_total(invoice: etree._Element, totals: Totals, currency: str) -> None:
    tax_total = element(invoice, "cac:TaxTotal")
    element(tax_total, "cbc:TaxAmount", money(totals.tax_total), currencyID=currency)
    for vat in totals.breakdown:
        _subtotal(tax_total, vat, currency)


def _monetary_total(invoice: etree._Element, document: Document, totals: Totals) -> None:
    currency = document.currency
    node = element(invoice, "cac:LegalMonetaryTotal")
    element(node, "cbc:LineExtensionAmount", money(totals.line_total), currencyID=currency)
    element(node, "cbc:TaxExclusiveAmount", money(totals.tax_basis), currencyID=currency)
    element(node, "cbc:TaxInclusiveAmount", money(totals.grand_total), currencyID=currency)
    if document.allowances:
        element(node, "cbc:AllowanceTotalAmount", money(totals.allowance_total), currencyID=currency)
    if totals.paid:
        element(node, "cbc:PrepaidAmount", money(totals.paid), currencyID=currency)
    element(node, "cbc:PayableAmount", money(totals.due), currencyID=currency)


def _line(invoice: etree._Element, line: Line, currency: str, credit: bool) -> None:
    price, quantity = line.price_and_quantity()
    node = element(invoice, "cac:CreditNoteLine" if credit else "cac:InvoiceLine")
    element(node, "cbc:ID", line.id)
    quantity_tag = "cbc:CreditedQuantity" if credit else "cbc:InvoicedQuantity"
    element(node, quantity_tag, number(quantity), unitCode=line.unit_code)
    element(node, "cbc:LineExtensionAmount", money(line.amount), currencyID=currency)
    item = element(node, "cac:Item")
    element(item, "cbc:Name", line.description)
    category = _tax_category(item, "cac:ClassifiedTaxCategory", line.vat, number(line.vat_rate))
    element(element(category, "cac:TaxScheme"), "cbc:ID", "VAT")
    element(element(node, "cac:Price"), "cbc:PriceAmount", number(price), currencyID=currency)
