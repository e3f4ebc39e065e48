"""Members (SPEC §2, §10): a new member's API key is shown once, at creation."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import ActorDep, IfMatch, LedgerDep, PagingDep, ReaderDep, ReadsDep, require_version, tagged
from api.routers import WORKSPACE
from api.schemas.common import Page
from api.schemas.members import MemberCreate, MemberCreated, MemberOut, MemberPatch, MemberRow
from ledger.plain import plain

router = APIRouter(prefix=f"{WORKSPACE}/members", tags=["members"])


@router.post("", status_code=201, response_model=MemberCreated)
def add_member(body: MemberCreate, actor: ActorDep, ledger: LedgerDep, response: Response) -> dict[str, Any]:
    member = ledger.add_member(actor, body.name, body.email, body.role, body.hourly_rate)
    return tagged(response, plain(member))


@router.get("", response_model=Page[MemberRow])
def list_members(actor: ReaderDep, reads: ReadsDep, paging: PagingDep) -> Any:
    return reads.members(actor.workspace_id, page=paging.page, page_size=paging.page_size)


@router.get("/{member_id}", response_model=MemberOut)
def get_member(member_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response) -> dict[str, Any]:
    return tagged(response, plain(ledger.get_member(actor, member_id)))


@router.patch("/{member_id}", response_model=MemberOut)
def edit_member(
    member_id: UUID,
    body: MemberPatch,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    require_version(if_match, member_id)
    return tagged(response, plain(ledger.edit_member(actor, member_id, body.changes())))
