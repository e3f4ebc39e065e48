"""Query filters of lists and reports (SPEC §8, §12): ids comma-separated or repeated.

Query values are as strict as bodies: booleans are `true` or `false`, dates `YYYY-MM-DD`, ids
UUIDs; anything else is 422 naming the parameter, never a silently wider answer.
"""

from dataclasses import replace
from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from fastapi import Depends, Query
from fastapi.exceptions import RequestValidationError
from pydantic import BeforeValidator

from ledger.access import Actor
from ledger.errors import InvalidInput
from ledger.values import iso_date
from projections import CreditNoteFilters, InvoiceFilters, ReportFilters

IdsQuery = Annotated[
    list[str],
    Query(
        description="Ids, repeated (or comma-separated)",
        json_schema_extra={"items": {"type": "string", "format": "uuid"}},
    ),
]
Format = Annotated[Literal["json", "csv"], Query(description="csv answers text/csv")]
Flag = Annotated[Literal["true", "false"] | None, Query(description="true or false")]
DateQuery = Annotated[date | None, BeforeValidator(iso_date), Query(description="YYYY-MM-DD")]
InvoiceStatus = Literal["unsent", "sent", "partially_paid", "paid", "void", "credited", "overdue"]


def _flag(value: Literal["true", "false"] | None) -> bool | None:
    return None if value is None else value == "true"


def _invalid(name: str, message: str, value: str) -> RequestValidationError:
    return RequestValidationError(
        [{"type": "value_error", "loc": ("query", name), "msg": message, "input": value}]
    )


def parse_ids(name: str, values: list[str]) -> tuple[UUID, ...]:
    ids = []
    for value in (part.strip() for text in values for part in text.split(",")):
        if not value:
            continue
        try:
            ids.append(UUID(value))
        except ValueError:
            raise _invalid(name, f"not an id: {value}", value) from None
    return tuple(ids)


def time_filters(
    date_from: DateQuery = None,
    date_to: DateQuery = None,
    client_ids: IdsQuery = [],  # noqa: B006 (FastAPI copies defaults)
    project_ids: IdsQuery = [],  # noqa: B006
    member_ids: IdsQuery = [],  # noqa: B006
    billable: Flag = None,
    invoiced: Flag = None,
    approved: Flag = None,
) -> ReportFilters:
    try:
        return ReportFilters(
            date_from=date_from,
            date_to=date_to,
            client_ids=parse_ids("client_ids", client_ids),
            project_ids=parse_ids("project_ids", project_ids),
            member_ids=parse_ids("member_ids", member_ids),
            billable=_flag(billable),
            invoiced=_flag(invoiced),
            approved=_flag(approved),
        )
    except InvalidInput as error:
        raise _as_query_error(error) from None


def _as_query_error(error: InvalidInput) -> RequestValidationError:
    return RequestValidationError(
        [
            {"type": "value_error", "loc": ("query", name), "msg": msg, "input": None}
            for name, msg in error.errors.items()
        ]
    )


def expense_filters(
    base: Annotated[ReportFilters, Depends(time_filters)],
    category_ids: IdsQuery = [],  # noqa: B006
) -> ReportFilters:
    return replace(base, category_ids=parse_ids("category_ids", category_ids))


def invoice_filters(
    status: InvoiceStatus | None = None,
    client_id: UUID | None = None,
    issue_date_from: DateQuery = None,
    issue_date_to: DateQuery = None,
) -> InvoiceFilters:
    if issue_date_from and issue_date_to and issue_date_to < issue_date_from:
        raise _invalid("issue_date_to", "must not be before issue_date_from", str(issue_date_to))
    return InvoiceFilters(
        status=status, client_id=client_id, issue_date_from=issue_date_from, issue_date_to=issue_date_to
    )


def credit_note_filters(
    client_id: UUID | None = None,
    invoice_id: UUID | None = None,
    issue_date_from: DateQuery = None,
    issue_date_to: DateQuery = None,
) -> CreditNoteFilters:
    if issue_date_from and issue_date_to and issue_date_to < issue_date_from:
        raise _invalid("issue_date_to", "must not be before issue_date_from", str(issue_date_to))
    return CreditNoteFilters(
        client_id=client_id,
        invoice_id=invoice_id,
        issue_date_from=issue_date_from,
        issue_date_to=issue_date_to,
    )


def archived_filter(archived: Flag = None) -> bool:
    """Archived ones are hidden from lists unless `archived=true` (SPEC §12)."""
    return _flag(archived) is True


def visible_to(actor: Actor, filters: ReportFilters) -> ReportFilters:
    """Members see only their own time and expenses, whatever they ask for."""
    if actor.reads_everything:
        return filters
    return replace(filters, member_ids=(actor.member_id,))


TimeFiltersDep = Annotated[ReportFilters, Depends(time_filters)]
ExpenseFiltersDep = Annotated[ReportFilters, Depends(expense_filters)]
InvoiceFiltersDep = Annotated[InvoiceFilters, Depends(invoice_filters)]
CreditNoteFiltersDep = Annotated[CreditNoteFilters, Depends(credit_note_filters)]
ArchivedDep = Annotated[bool, Depends(archived_filter)]
