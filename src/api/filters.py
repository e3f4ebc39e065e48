"""Query filters of lists and reports (SPEC §8): ids comma-separated or repeated."""

from dataclasses import replace
from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from fastapi import Depends, Query
from fastapi.exceptions import RequestValidationError

from ledger.access import Actor
from projections import InvoiceFilters, ReportFilters

IdsQuery = Annotated[list[str], Query(description="Ids, comma-separated or repeated")]
Format = Annotated[Literal["json", "csv"], Query(description="csv answers text/csv")]
InvoiceStatus = Literal["unsent", "sent", "partially_paid", "paid", "void", "overdue"]


def parse_ids(name: str, values: list[str]) -> tuple[UUID, ...]:
    ids = []
    for value in (part.strip() for text in values for part in text.split(",")):
        if not value:
            continue
        try:
            ids.append(UUID(value))
        except ValueError:
            error = {
                "type": "uuid_parsing",
                "loc": ("query", name),
                "msg": f"not an id: {value}",
                "input": value,
            }
            raise RequestValidationError([error]) from None
    return tuple(ids)


def time_filters(
    date_from: date | None = None,
    date_to: date | None = None,
    client_ids: IdsQuery = [],  # noqa: B006 (FastAPI copies defaults)
    project_ids: IdsQuery = [],  # noqa: B006
    member_ids: IdsQuery = [],  # noqa: B006
    billable: bool | None = None,
    invoiced: bool | None = None,
    approved: bool | None = None,
) -> ReportFilters:
    return ReportFilters(
        date_from=date_from,
        date_to=date_to,
        client_ids=parse_ids("client_ids", client_ids),
        project_ids=parse_ids("project_ids", project_ids),
        member_ids=parse_ids("member_ids", member_ids),
        billable=billable,
        invoiced=invoiced,
        approved=approved,
    )


def expense_filters(
    base: Annotated[ReportFilters, Depends(time_filters)],
    category_ids: IdsQuery = [],  # noqa: B006
) -> ReportFilters:
    return replace(base, category_ids=parse_ids("category_ids", category_ids))


def invoice_filters(
    status: InvoiceStatus | None = None,
    client_id: UUID | None = None,
    issue_date_from: date | None = None,
    issue_date_to: date | None = None,
) -> InvoiceFilters:
    return InvoiceFilters(
        status=status, client_id=client_id, issue_date_from=issue_date_from, issue_date_to=issue_date_to
    )


def visible_to(actor: Actor, filters: ReportFilters) -> ReportFilters:
    """Members see only their own time and expenses, whatever they ask for."""
    if actor.reads_everything:
        return filters
    return replace(filters, member_ids=(actor.member_id,))


TimeFiltersDep = Annotated[ReportFilters, Depends(time_filters)]
ExpenseFiltersDep = Annotated[ReportFilters, Depends(expense_filters)]
InvoiceFiltersDep = Annotated[InvoiceFilters, Depends(invoice_filters)]
