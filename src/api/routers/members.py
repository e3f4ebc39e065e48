"""Members (SPEC §2, §10): a new member's API key is shown once, at creation."""

from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import ActorDep, IfMatchDep, LedgerDep, PagingDep, ReaderDep, ReadsDep, tagged
from api.routers import WORKSPACE
from ledger.commands import AddMember, ChangeMember
from ledger.views import MemberAdded, MemberView
from projections.directory import MemberRow
from projections.queries import Page

router = APIRouter(prefix=f"{WORKSPACE}/members", tags=["members"])


@router.post("", status_code=201)
def add_member(body: AddMember, actor: ActorDep, ledger: LedgerDep, response: Response) -> MemberAdded:
    return tagged(response, ledger.add_member(actor, body))


@router.get("")
def list_members(actor: ReaderDep, reads: ReadsDep, paging: PagingDep) -> Page[MemberRow]:
    return reads.directory.members(actor.workspace_id, paging.page, paging.page_size)


@router.get("/{member_id}")
def get_member(member_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response) -> MemberView:
    return tagged(response, ledger.get_member(actor, member_id))


@router.patch("/{member_id}")
def edit_member(
    member_id: UUID,
    body: ChangeMember,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    expected: IfMatchDep,
) -> MemberView:
    return tagged(response, ledger.edit_member(actor, member_id, body, expected))
