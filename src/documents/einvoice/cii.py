"""UN/CEFACT Cross Industry Invoice (D16B schema family), Factur-X / ZUGFeRD profile EN 16931."""

from datetime import date

from lxml import etree

from documents.einvoice.completeness import require_complete
from documents.einvoice.model import (
    CREDIT_TRANSFER,
    SPECIFICATION_ID,
    Allowance,
    Document,
    Line,
    Party,
)
from documents.einvoice.totals import Totals, VatBreakdown, document_totals
from documents.einvoice.xmlbuild import element, money, number, root, serialize

NAMESPACES = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
DATE_FORMAT = "102"  # UNTDID 2379: CCYYMMDD


def to_cii(document: Document) -> bytes:
    """`document` as CII XML (TypeCode 380 or 381); raises `IncompleteEInvoice` when it lacks data."""
    require_complete(document)
    totals = document_totals(document)
    invoice = root("rsm:CrossIndustryInvoice", NAMESPACES)
    context = element(invoice, "rsm:ExchangedDocumentContext")
    element(element(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", SPECIFICATION_ID)
    header = element(invoice, "rsm:ExchangedDocument")
    element(header, "ram:ID", document.number)
    element(header, "ram:TypeCode", document.kind.value)
    _date(element(header, "ram:IssueDateTime"), document.issue_date)
    if document.note:
        element(element(header, "ram:IncludedNote"), "ram:Content", document.note)
    transaction = element(invoice, "rsm:SupplyChainTradeTransaction")
    for line in document.lines:
        _line(transaction, line, document.currency)
    agreement = element(transaction, "ram:ApplicableHeaderTradeAgreement")
    if document.buyer_reference:
        element(agreement, "ram:BuyerReference", document.buyer_reference)
    _party(element(agreement, "ram:SellerTradeParty"), document.seller)
    _party(element(agreement, "ram:BuyerTradeParty"), document.buyer)
    element(transaction, "ram:ApplicableHeaderTradeDelivery")
    _settlement(element(transaction, "ram:ApplicableHeaderTradeSettlement"), document, totals)
    return serialize(invoice)


def _date(parent: etree._Element, value: date) -> None:
    element(parent, "udt:DateTimeString", value.strftime("%Y%m%d"), format=DATE_FORMAT)


def _party(node: etree._Element, party: Party) -> None:
    element(node, "ram:Name", party.name)
    if party.registration_id:
        element(element(node, "ram:SpecifiedLegalOrganization"), "ram:ID", party.registration_id)
    if party.email:
        contact = element(node, "ram:DefinedTradeContact")
        element(element(contact, "ram:EmailURIUniversalCommunication"), "ram:URIID", party.email)
    address = element(node, "ram:PostalTradeAddress")
    if party.postal_code:
        element(address, "ram:PostcodeCode", party.postal_code)
    for tag, text in zip(("ram:LineOne", "ram:LineTwo", "ram:LineThree"), party.address_lines, strict=False):
        element(address, tag, text)
    if party.city:
        element(address, "ram:CityName", party.city)
    element(address, "ram:CountryID", party.country)
    if party.vat_id:
        element(element(node, "ram:SpecifiedTaxRegistration"), "ram:ID", party.vat_id, schemeID="VA")


def _line(transaction: etree._Element, line: Line, currency: str) -> None:
    price, quantity = line.price_and_quantity()
    item = element(transaction, "ram:IncludedSupplyChainTradeLineItem")
    element(element(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", line.id)
    element(element(item, "ram:SpecifiedTradeProduct"), "ram:Name", line.description)
    agreement = element(item, "ram:SpecifiedLineTradeAgreement")
    element(element(agreement, "ram:NetPriceProductTradePrice"), "ram:ChargeAmount", number(price))
    delivery = element(item, "ram:SpecifiedLineTradeDelivery")
    element(delivery, "ram:BilledQuantity", number(quantity), unitCode=line.unit_code)
    settlement = element(item, "ram:SpecifiedLineTradeSettlement")
    tax = element(settlement, "ram:ApplicableTradeTax")
    element(tax, "ram:TypeCode", "VAT")
    element(tax, "ram:CategoryCode", line.vat.value)
    element(tax, "ram:RateApplicablePercent", number(line.vat_rate))
    summation = element(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
    element(summation, "ram:LineTotalAmount", money(line.amount))


def _vat(settlement: etree._Element, vat: VatBreakdown) -> None:
    tax = element(settlement, "ram:ApplicableTradeTax")
    element(tax, "ram:CalculatedAmount", money(vat.tax_amount))
    element(tax, "ram:TypeCode", "VAT")
    if vat.exemption_reason:
        element(tax, "ram:ExemptionReason", vat.exemption_reason)
    element(tax, "ram:BasisAmount", money(vat.taxable_amount))
    element(tax, "ram:CategoryCode", vat.category.value)
    element(tax, "ram:RateApplicablePercent", number(vat.rate))


def _allowance(settlement: etree._Element, allowance: Allowance) -> None:
    node = element(settlement, "ram:SpecifiedTradeAllowanceCharge")
    element(element(node, "ram:ChargeIndicator"), "udt:Indicator", "false")
    if allowance.percent is not None:
        element(node, "ram:CalculationPercent", number(allowance.percent))
    if allowance.base is not None:
        element(node, "ram:BasisAmount", money(allowance.base))
    element(node, "ram:ActualAmount", money(allowance.amount))
    element(node, "ram:ReasonCode", allowance.reason_code)
    element(node, "ram:Reason", allowance.reason)
    tax = element(node, "ram:CategoryTradeTax")
    element(tax, "ram:TypeCode", "VAT")
    element(tax, "ram:CategoryCode", allowance.vat.value)
    element(tax, "ram:RateApplicablePercent", number(allowance.vat_rate))


def _settlement(settlement: etree._Element, document: Document, totals: Totals) -> None:
    element(settlement, "ram:InvoiceCurrencyCode", document.currency)
    if document.payment is not None:
        means = element(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
        element(means, "ram:TypeCode", CREDIT_TRANSFER)
        account = element(means, "ram:PayeePartyCreditorFinancialAccount")
        element(account, "ram:IBANID", document.payment.iban)
        if document.payment.account_name:
            element(account, "ram:AccountName", document.payment.account_name)
        if document.payment.bic:
            institution = element(means, "ram:PayeeSpecifiedCreditorFinancialInstitution")
            element(institution, "ram:BICID", document.payment.bic)
    for vat in totals.breakdown:
        _vat(settlement, vat)
    if document.period is not None:
        period = element(settlement, "ram:BillingSpecifiedPeriod")
        _date(element(period, "ram:StartDateTime"), document.period.start)
        _date(element(period, "ram:EndDateTime"), document.period.end)
    for allowance in document.allowances:
        _allowance(settlement, allowance)
    if document.payment_terms or document.due_date:
        terms = element(settlement, "ram:SpecifiedTradePaymentTerms")
        if document.payment_terms:
            element(terms, "ram:Description", document.payment_terms)
        if document.due_date:
            _date(element(terms, "ram:DueDateDateTime"), document.due_date)
    _summation(element(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation"), document, totals)
    if document.preceding_invoice is not None:
        reference = element(settlement, "ram:InvoiceReferencedDocument")
        element(reference, "ram:IssuerAssignedID", document.preceding_invoice.number)
        if document.preceding_invoice.issue_date:
            issued = element(reference, "ram:FormattedIssueDateTime")
            element(
                issued,
                "qdt:DateTimeString",
                document.preceding_invoice.issue_date.strftime("%Y%m%d"),
                format=DATE_FORMAT,
            )


def _summation(summation: etree._Element, document: Document, totals: Totals) -> None:
    element(summation, "ram:LineTotalAmount", money(totals.line_total))
    if document.allowances:
        element(summation, "ram:AllowanceTotalAmount", money(totals.allowance_total))
    element(summation, "ram:TaxBasisTotalAmount", money(totals.tax_basis))
    element(summation, "ram:TaxTotalAmount", money(totals.tax_total), currencyID=document.currency)
    element(summation, "ram:GrandTotalAmount", money(totals.grand_total))
    if totals.paid:
        element(summation, "ram:TotalPrepaidAmount", money(totals.paid))
    element(summation, "ram:DuePayableAmount", money(totals.due))
