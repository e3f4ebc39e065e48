"""The read side: read models kept current from the event store, and the queries over them."""

from projections.facade import ReadModels
from projections.queries import InvoiceFilters, ReportFilters
from projections.runner import ProjectionsBehind

__all__ = ["InvoiceFilters", "ProjectionsBehind", "ReadModels", "ReportFilters"]
