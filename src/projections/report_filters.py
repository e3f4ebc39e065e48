"""What the two detailed reports share: their filters and the joins of names and invoiced status.

A report row's own columns come from its read model; member, project, client names, the
invoiced status and the invoice number are joined in from the other read models at query time,
so a renamed project shows its new name on every row.
"""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from ledger.errors import InvalidInput
from projections.queries import Conditions

# The read models every report row joins.
JOINED = ("invoiced_status", "directory", "invoice_list")
STATUS_COLUMNS = "s.invoiced, s.invoice_id, i.number, s.manually_invoiced"
STATUS_NAMES = ("invoiced", "invoice_id", "invoice_number", "manually_invoiced")
JOINS = """LEFT JOIN {status} s ON s.id = r.id
LEFT JOIN {members} m ON m.id = r.member_id
LEFT JOIN {projects} p ON p.id = r.project_id
LEFT JOIN {clients} c ON c.id = r.client_id
LEFT JOIN {invoices} i ON i.id = s.invoice_id"""


@dataclass(frozen=True)
class ReportFilters:
    """The filters of both detailed reports (SPEC §8); `category_ids` only filter expenses."""

    date_from: date | None = None
    date_to: date | None = None
    client_ids: tuple[UUID, ...] = ()
    project_ids: tuple[UUID, ...] = ()
    member_ids: tuple[UUID, ...] = ()
    category_ids: tuple[UUID, ...] = ()
    billable: bool | None = None
    invoiced: bool | None = None
    approved: bool | None = None

    def __post_init__(self) -> None:
        if self.date_from is not None and self.date_to is not None and self.date_to < self.date_from:
            raise InvalidInput({"date_to": "must not be before date_from"})


def report_conditions(workspace_id: UUID, filters: ReportFilters, day: str) -> Conditions:
    """The WHERE clause of a report over rows `r` joined with their status `s`; `day` is the
    column of `r` the date range filters."""
    where = Conditions("r.workspace_id = ? AND r.deleted = 0", workspace_id)
    if filters.date_from is not None:
        where.add(f"r.{day} >= ?", filters.date_from)
    if filters.date_to is not None:
        where.add(f"r.{day} <= ?", filters.date_to)
    where.any_of("r.client_id", filters.client_ids)
    where.any_of("r.project_id", filters.project_ids)
    where.any_of("r.member_id", filters.member_ids)
    where.equals("r.billable", filters.billable)
    where.equals("r.approved", filters.approved)
    where.equals("COALESCE(s.invoiced, 0)", filters.invoiced)
    return where
