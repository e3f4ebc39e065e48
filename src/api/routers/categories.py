"""Expense categories (SPEC §2): archived ones take no new expenses."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import ActorDep, IfMatch, LedgerDep, PagingDep, ReadsDep, require_version, tagged
from api.routers import WORKSPACE
from api.schemas.categories import CategoryCreate, CategoryOut, CategoryPatch, CategoryRow
from api.schemas.common import Page
from ledger.plain import plain

router = APIRouter(prefix=f"{WORKSPACE}/expense-categories", tags=["expense categories"])


@router.post("", status_code=201, response_model=CategoryOut)
def create_category(
    body: CategoryCreate, actor: ActorDep, ledger: LedgerDep, response: Response
) -> dict[str, Any]:
    category = ledger.create_category(actor, body.name, body.unit, body.unit_price)
    return tagged(response, plain(category))


@router.get("", response_model=Page[CategoryRow])
def list_categories(actor: ActorDep, reads: ReadsDep, paging: PagingDep) -> Any:
    return reads.categories(actor.workspace_id, page=paging.page, page_size=paging.page_size)


@router.get("/{category_id}", response_model=CategoryOut)
def get_category(category_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response) -> dict[str, Any]:
    return tagged(response, plain(ledger.get_category(actor, category_id)))


@router.patch("/{category_id}", response_model=CategoryOut)
def edit_category(
    category_id: UUID,
    body: CategoryPatch,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    require_version(if_match, category_id)
    return tagged(response, plain(ledger.edit_category(actor, category_id, body.changes())))
