"""The read side: read models kept current from the event store, and the queries beside them."""

from projections.credit_note_list import CreditNoteFilters
from projections.invoice_list import InvoiceFilters
from projections.read_models import ReadModels
from projections.report_filters import ReportFilters
from projections.runner import ProjectionsBehind

__all__ = ["CreditNoteFilters", "InvoiceFilters", "ProjectionsBehind", "ReadModels", "ReportFilters"]
