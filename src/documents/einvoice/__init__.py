"""EN 16931 e-invoices: a document model, its totals, and CII, UBL and Factur-X writers."""

from documents.einvoice.cii import to_cii
from documents.einvoice.completeness import IncompleteEInvoice, missing_fields, require_complete
from documents.einvoice.facturx import FacturXError, to_facturx_pdf
from documents.einvoice.model import (
    HOURS,
    ONE,
    Allowance,
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
from documents.einvoice.totals import Totals, VatBreakdown, document_totals, invoice_discount, vat_breakdown
from documents.einvoice.ubl import to_ubl

__all__ = [
    "HOURS",
    "ONE",
    "Allowance",
    "CreditTransfer",
    "Document",
    "DocumentKind",
    "FacturXError",
    "IncompleteEInvoice",
    "InvalidEInvoice",
    "Line",
    "Party",
    "Period",
    "PrecedingInvoice",
    "Totals",
    "VatBreakdown",
    "VatCategory",
    "document_totals",
    "invoice_discount",
    "missing_fields",
    "require_complete",
    "to_cii",
    "to_facturx_pdf",
    "to_ubl",
    "vat_breakdown",
]
