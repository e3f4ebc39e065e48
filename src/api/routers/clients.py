"""Clients (SPEC §2): everyone reads them, owners and admins write them."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import ActorDep, IfMatch, LedgerDep, PagingDep, ReadsDep, require_version, tagged
from api.routers import WORKSPACE
from api.schemas.clients import ClientCreate, ClientOut, ClientPatch, ClientRow
from api.schemas.common import Page
from ledger.plain import plain

router = APIRouter(prefix=f"{WORKSPACE}/clients", tags=["clients"])


@router.post("", status_code=201, response_model=ClientOut)
def create_client(
    body: ClientCreate, actor: ActorDep, ledger: LedgerDep, response: Response
) -> dict[str, Any]:
    client = ledger.create_client(actor, body.name, body.email, body.address, body.currency)
    return tagged(response, plain(client))


@router.get("", response_model=Page[ClientRow])
def list_clients(actor: ActorDep, reads: ReadsDep, paging: PagingDep) -> Any:
    return reads.clients(actor.workspace_id, page=paging.page, page_size=paging.page_size)


@router.get("/{client_id}", response_model=ClientOut)
def get_client(client_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response) -> dict[str, Any]:
    return tagged(response, plain(ledger.get_client(actor, client_id)))


@router.patch("/{client_id}", response_model=ClientOut)
def edit_client(
    client_id: UUID,
    body: ClientPatch,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    require_version(if_match, client_id)
    return tagged(response, plain(ledger.edit_client(actor, client_id, body.changes())))
