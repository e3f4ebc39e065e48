"""The detailed reports (SPEC §8): JSON pages with totals, or CSV."""

from typing import Any

from fastapi import APIRouter

from api.deps import ActorDep, PagingDep, ReadsDep
from api.filters import ExpenseFiltersDep, Format, TimeFiltersDep, visible_to
from api.routers import CSV, WORKSPACE, csv_response
from api.schemas.reports import ExpenseReport, TimeReport

router = APIRouter(prefix=f"{WORKSPACE}/reports", tags=["reports"])


@router.get("/time-entries", response_model=TimeReport, responses=CSV)
def time_report(
    actor: ActorDep, reads: ReadsDep, filters: TimeFiltersDep, paging: PagingDep, format: Format = "json"
) -> Any:
    """Time entries with their invoiced status; members see only their own."""
    filters = visible_to(actor, filters)
    if format == "csv":
        return csv_response(reads.time_report_csv(actor.workspace_id, filters), "time-entries.csv")
    return reads.time_report(actor.workspace_id, filters, page=paging.page, page_size=paging.page_size)


@router.get("/expenses", response_model=ExpenseReport, responses=CSV)
def expense_report(
    actor: ActorDep, reads: ReadsDep, filters: ExpenseFiltersDep, paging: PagingDep, format: Format = "json"
) -> Any:
    """Expenses with their invoiced status; members see only their own."""
    filters = visible_to(actor, filters)
    if format == "csv":
        return csv_response(reads.expense_report_csv(actor.workspace_id, filters), "expenses.csv")
    return reads.expense_report(actor.workspace_id, filters, page=paging.page, page_size=paging.page_size)
