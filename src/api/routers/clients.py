"""Clients (SPEC §2, §12, §13): everyone reads them, owners and admins write, archive and delete them."""

from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import ActorDep, IfMatchDep, LedgerDep, PagingDep, ReadsDep, tagged
from api.filters import ArchivedDep
from api.openapi import raises
from api.routers import WORKSPACE
from ledger.commands import ChangeClient, CreateClient
from ledger.errors import ConcurrentUpdate, Forbidden, InUse, NotFound
from ledger.views import ClientView
from projections.directory import ClientRow
from projections.queries import Page

router = APIRouter(prefix=f"{WORKSPACE}/clients", tags=["clients"])


@router.post("", status_code=201, summary="Create a client")
@raises(Forbidden)
def create_client(body: CreateClient, actor: ActorDep, ledger: LedgerDep, response: Response) -> ClientView:
    """A client to invoice: address, tax id, country, e-mail and up to 3 copied addresses.

    Its currency (default: the workspace's) is captured by each new invoice.
    """
    return tagged(response, ledger.create_client(actor, body))


@router.get("", summary="List clients")
@raises()
def list_clients(
    actor: ActorDep, reads: ReadsDep, paging: PagingDep, archived: ArchivedDep
) -> Page[ClientRow]:
    """Clients by name; archived ones only with `archived=true`."""
    return reads.directory.clients(actor.workspace_id, paging.page, paging.page_size, archived)


@router.get("/{client_id}", summary="Get a client")
@raises(NotFound)
def get_client(client_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response) -> ClientView:
    """A client; every role may read clients."""
    return tagged(response, ledger.get_client(actor, client_id))


@router.patch("/{client_id}", summary="Change or archive a client")
@raises(Forbidden, NotFound, ConcurrentUpdate)
def edit_client(
    client_id: UUID,
    body: ChangeClient,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    expected: IfMatchDep,
) -> ClientView:
    """Edit or archive a client; its invoices keep the currency they were created in."""
    return tagged(response, ledger.edit_client(actor, client_id, body, expected))


@router.delete("/{client_id}", status_code=204, summary="Delete a client")
@raises(Forbidden, NotFound, InUse, ConcurrentUpdate)
def delete_client(client_id: UUID, actor: ActorDep, ledger: LedgerDep, expected: IfMatchDep) -> Response:
    """Delete a client nothing refers to; one with projects or invoices is 409 `in-use`."""
    ledger.delete_client(actor, client_id, expected)
    return Response(status_code=204)
