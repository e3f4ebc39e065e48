"""Expense categories (SPEC §2): archived ones take no new expenses."""

from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import ActorDep, IfMatchDep, LedgerDep, PagingDep, ReadsDep, tagged
from api.filters import ArchivedDep
from api.routers import WORKSPACE
from ledger.commands import ChangeCategory, CreateCategory
from ledger.views import CategoryView
from projections.directory import CategoryRow
from projections.queries import Page

router = APIRouter(prefix=f"{WORKSPACE}/expense-categories", tags=["expense categories"])


@router.post("", status_code=201)
def create_category(
    body: CreateCategory, actor: ActorDep, ledger: LedgerDep, response: Response
) -> CategoryView:
    return tagged(response, ledger.create_category(actor, body))


@router.get("")
def list_categories(
    actor: ActorDep, reads: ReadsDep, paging: PagingDep, archived: ArchivedDep
) -> Page[CategoryRow]:
    """Categories by name; archived ones only with `archived=true`."""
    return reads.directory.categories(actor.workspace_id, paging.page, paging.page_size, archived)


@router.get("/{category_id}")
def get_category(category_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response) -> CategoryView:
    return tagged(response, ledger.get_category(actor, category_id))


@router.patch("/{category_id}")
def edit_category(
    category_id: UUID,
    body: ChangeCategory,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    expected: IfMatchDep,
) -> CategoryView:
    return tagged(response, ledger.edit_category(actor, category_id, body, expected))
