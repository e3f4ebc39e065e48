"""Expenses (SPEC §3): an amount, or a quantity priced from its category."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import ActorDep, IfMatch, LedgerDep, PagingDep, ReadsDep, require_version, tagged
from api.filters import ExpenseFiltersDep, visible_to
from api.routers import WORKSPACE
from api.routers.billables import add_entry_actions
from api.schemas.common import Page
from api.schemas.entries import ExpenseCreate, ExpenseOut, ExpensePatch
from api.schemas.reports import ExpenseRow
from ledger.application import Ledger
from ledger.plain import plain

router = APIRouter(prefix=f"{WORKSPACE}/expenses", tags=["expenses"])
add_entry_actions(router, "expense", "expense_id", "expense", ExpenseOut, Ledger.get_expense)


@router.post("", status_code=201, response_model=ExpenseOut)
def record_expense(
    body: ExpenseCreate, actor: ActorDep, ledger: LedgerDep, response: Response
) -> dict[str, Any]:
    """Record an expense; a category with a unit prices it by quantity, captured now."""
    expense = ledger.record_expense(
        actor,
        body.project_id,
        body.category_id,
        body.date,
        body.quantity,
        body.amount,
        body.note,
        body.member_id,
        body.billable,
    )
    return tagged(response, plain(expense))


@router.get("", response_model=Page[ExpenseRow])
def list_expenses(actor: ActorDep, reads: ReadsDep, filters: ExpenseFiltersDep, paging: PagingDep) -> Any:
    """Expenses as the detailed report lists them (members: their own only)."""
    return reads.expense_report(
        actor.workspace_id, visible_to(actor, filters), page=paging.page, page_size=paging.page_size
    )


@router.get("/{expense_id}", response_model=ExpenseOut)
def get_expense(expense_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response) -> dict[str, Any]:
    return tagged(response, plain(ledger.get_expense(actor, expense_id)))


@router.patch("/{expense_id}", response_model=ExpenseOut)
def edit_expense(
    expense_id: UUID,
    body: ExpensePatch,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """Edit until invoiced or approved; a new category or quantity prices it again."""
    require_version(if_match, expense_id)
    return tagged(response, plain(ledger.edit_expense(actor, expense_id, body.changes())))
