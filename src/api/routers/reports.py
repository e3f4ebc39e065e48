"""The detailed reports (SPEC §8): JSON pages with totals, or CSV; times in the workspace's zone."""

from typing import Any

from fastapi import APIRouter

from api.deps import ActorDep, PagingDep, ReadsDep, TimezoneDep
from api.filters import ExpenseFiltersDep, Format, TimeFiltersDep, visible_to
from api.openapi import raises
from api.routers import WORKSPACE, csv_response, csv_responses
from projections.expense_report import ExpenseReportPage, ExpenseReportRow
from projections.time_report import CSV_COLUMNS, TimeReportPage

router = APIRouter(prefix=f"{WORKSPACE}/reports", tags=["reports"])


@router.get(
    "/time-entries",
    response_model=TimeReportPage,
    responses=csv_responses(CSV_COLUMNS),
    summary="Report time entries",
)
@raises()
def time_report(
    actor: ActorDep,
    reads: ReadsDep,
    filters: TimeFiltersDep,
    paging: PagingDep,
    timezone: TimezoneDep,
    format: Format = "json",
) -> Any:
    """Time entries with their invoiced status; members see only their own."""
    filters = visible_to(actor, filters)
    if format == "csv":
        return csv_response(reads.time_report.csv(actor.workspace_id, filters, timezone), "time-entries.csv")
    return reads.time_report.page(actor.workspace_id, filters, paging.page, paging.page_size, timezone)


@router.get(
    "/expenses",
    response_model=ExpenseReportPage,
    responses=csv_responses(list(ExpenseReportRow.model_fields)),
    summary="Report expenses",
)
@raises()
def expense_report(
    actor: ActorDep,
    reads: ReadsDep,
    filters: ExpenseFiltersDep,
    paging: PagingDep,
    timezone: TimezoneDep,
    format: Format = "json",
) -> Any:
    """Expenses with their invoiced status; members see only their own."""
    filters = visible_to(actor, filters)
    if format == "csv":
        return csv_response(reads.expense_report.csv(actor.workspace_id, filters, timezone), "expenses.csv")
    return reads.expense_report.page(actor.workspace_id, filters, paging.page, paging.page_size, timezone)
