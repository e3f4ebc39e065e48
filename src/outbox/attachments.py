"""What an invoice e-mail attaches: the invoice as PDF, and the detailed report of its expenses as CSV."""

import re
from uuid import UUID

from documents.pdf import InvoiceDocument, render_invoice_pdf
from ledger.usecases.documents import DocumentInputs
from outbox.message import Attachment
from projections import ReadModels, ReportFilters
from projections.expense_report import ExpenseReportQueries, ExpenseReportRow
from projections.queries import csv_of

PAGE_SIZE = 1000


def file_stem(number: str) -> str:
    """An invoice number as a file name every mail client keeps."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", number) or "invoice"


def invoice_pdf(documents: DocumentInputs, fingerprint: str | None) -> Attachment:
    """The invoice's PDF as `GET .../pdf` renders that version, fingerprint in the footer."""
    pdf = render_invoice_pdf(InvoiceDocument.of(documents, fingerprint))
    return Attachment(f"{file_stem(documents.invoice.number)}.pdf", "application/pdf", pdf)


def expenses_csv(read_models: ReadModels, documents: DocumentInputs, workspace_id: UUID) -> Attachment:
    """The detailed expense report (SPEC §8) of the expenses the invoice bills, as the reports write it."""
    invoice = documents.invoice
    billed = {expense_id for item in invoice.items for expense_id in item.expense_ids}
    rows: list[ExpenseReportRow] = []
    if billed and invoice.service_period is not None:
        # The report must include every expense billed when the e-mail was queued.
        read_models.projector.catch_up([read_models.models[name] for name in ExpenseReportQueries.reads])
        period = invoice.service_period
        filters = ReportFilters(date_from=period.start, date_to=period.end)
        page = 1
        while True:
            found = read_models.expense_report.page(workspace_id, filters, page, PAGE_SIZE, "UTC")
            rows += [row for row in found.items if row.id in billed]
            if page * PAGE_SIZE >= found.total:
                break
            page += 1
    content = csv_of(rows, ExpenseReportRow).encode()
    return Attachment(f"{file_stem(invoice.number)}-expenses.csv", "text/csv", content)
