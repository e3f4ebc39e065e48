"""Expenses (SPEC §3): an amount, or a quantity priced from its category."""

from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import ActorDep, IfMatchDep, LedgerDep, PagingDep, ReadsDep, TimezoneDep, tagged
from api.filters import ExpenseFiltersDep, visible_to
from api.openapi import raises
from api.routers import WORKSPACE
from api.routers.billables import add_entry_actions
from ledger.billable import BillableKind
from ledger.commands import EditExpense, RecordExpense
from ledger.errors import Archived, ConcurrentUpdate, EntryLocked, Forbidden, NotFound
from ledger.views import ExpenseView
from projections.expense_report import ExpenseReportPage

router = APIRouter(prefix=f"{WORKSPACE}/expenses", tags=["expenses"])
add_entry_actions(router, BillableKind.EXPENSE, "expense_id", ExpenseView)


@router.post("", status_code=201, summary="Record an expense")
@raises(Forbidden, Archived)
def record_expense(
    body: RecordExpense, actor: ActorDep, ledger: LedgerDep, response: Response
) -> ExpenseView:
    """Record an expense; a category with a unit prices it by quantity, captured now."""
    return tagged(response, ledger.record_expense(actor, body))


@router.get("", summary="List expenses")
@raises()
def list_expenses(
    actor: ActorDep, reads: ReadsDep, filters: ExpenseFiltersDep, paging: PagingDep, timezone: TimezoneDep
) -> ExpenseReportPage:
    """Expenses as the detailed report lists them (members: their own only)."""
    filters = visible_to(actor, filters)
    return reads.expense_report.page(actor.workspace_id, filters, paging.page, paging.page_size, timezone)


@router.get("/{expense_id}", summary="Get an expense")
@raises(NotFound)
def get_expense(expense_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response) -> ExpenseView:
    """An expense with its captured unit price and invoiced status; members read only their own."""
    return tagged(response, ledger.get_expense(actor, expense_id))


@router.patch("/{expense_id}", summary="Change an expense")
@raises(Forbidden, NotFound, EntryLocked, Archived, ConcurrentUpdate)
def edit_expense(
    expense_id: UUID,
    body: EditExpense,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    expected: IfMatchDep,
) -> ExpenseView:
    """Edit until invoiced or approved; a new category or quantity prices it again."""
    return tagged(response, ledger.edit_expense(actor, expense_id, body, expected))
