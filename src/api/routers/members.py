"""Members (SPEC §2, §10): a new member's API key is shown once, at creation."""

from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import ActorDep, IfMatchDep, LedgerDep, PagingDep, ReaderDep, ReadsDep, tagged
from api.openapi import raises
from api.routers import WORKSPACE
from ledger.commands import AddMember, ChangeMember
from ledger.errors import ConcurrentUpdate, Forbidden, NotFound
from ledger.views import MemberAdded, MemberView
from projections.directory import MemberRow
from projections.queries import Page

router = APIRouter(prefix=f"{WORKSPACE}/members", tags=["members"])


@router.post("", status_code=201, summary="Add a member")
@raises(Forbidden)
def add_member(body: AddMember, actor: ActorDep, ledger: LedgerDep, response: Response) -> MemberAdded:
    """A member with a role and an optional rate; their API key is in the answer, shown this once."""
    return tagged(response, ledger.add_member(actor, body))


@router.get("", summary="List members")
@raises()
def list_members(actor: ReaderDep, reads: ReadsDep, paging: PagingDep) -> Page[MemberRow]:
    """Members by name, a page at a time."""
    return reads.directory.members(actor.workspace_id, paging.page, paging.page_size)


@router.get("/{member_id}", summary="Get a member")
@raises(Forbidden, NotFound)
def get_member(member_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response) -> MemberView:
    """A member; members may read only themselves."""
    return tagged(response, ledger.get_member(actor, member_id))


@router.patch("/{member_id}", summary="Change a member")
@raises(Forbidden, NotFound, ConcurrentUpdate)
def edit_member(
    member_id: UUID,
    body: ChangeMember,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    expected: IfMatchDep,
) -> MemberView:
    """Change a member's name, e-mail, role or rate; entries keep the rates they captured."""
    return tagged(response, ledger.edit_member(actor, member_id, body, expected))
