"""Expense categories (SPEC §2): archived ones take no new expenses."""

from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import ActorDep, IfMatchDep, LedgerDep, PagingDep, ReadsDep, tagged
from api.filters import ArchivedDep
from api.openapi import raises
from api.routers import WORKSPACE
from ledger.commands import ChangeCategory, CreateCategory
from ledger.errors import ConcurrentUpdate, Forbidden, NotFound
from ledger.views import CategoryView
from projections.directory import CategoryRow
from projections.queries import Page

router = APIRouter(prefix=f"{WORKSPACE}/expense-categories", tags=["expense categories"])


@router.post("", status_code=201, summary="Create an expense category")
@raises(Forbidden)
def create_category(
    body: CreateCategory, actor: ActorDep, ledger: LedgerDep, response: Response
) -> CategoryView:
    """A category of expenses; with a unit ("km") it needs a unit price, and prices expenses by quantity."""
    return tagged(response, ledger.create_category(actor, body))


@router.get("", summary="List expense categories")
@raises()
def list_categories(
    actor: ActorDep, reads: ReadsDep, paging: PagingDep, archived: ArchivedDep
) -> Page[CategoryRow]:
    """Categories by name; archived ones only with `archived=true`."""
    return reads.directory.categories(actor.workspace_id, paging.page, paging.page_size, archived)


@router.get("/{category_id}", summary="Get an expense category")
@raises(NotFound)
def get_category(category_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response) -> CategoryView:
    """A category with its unit and unit price; every role may read categories."""
    return tagged(response, ledger.get_category(actor, category_id))


@router.patch("/{category_id}", summary="Change or archive an expense category")
@raises(Forbidden, NotFound, ConcurrentUpdate)
def edit_category(
    category_id: UUID,
    body: ChangeCategory,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    expected: IfMatchDep,
) -> CategoryView:
    """Change or archive a category; expenses keep the unit and price they captured."""
    return tagged(response, ledger.edit_category(actor, category_id, body, expected))
