"""Projects and per-member rates (SPEC §2)."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import ActorDep, IfMatch, LedgerDep, PagingDep, ReadsDep, require_version, tagged
from api.routers import WORKSPACE
from api.schemas.common import Page
from api.schemas.projects import MemberRate, ProjectCreate, ProjectOut, ProjectPatch, ProjectRow
from ledger.plain import plain

router = APIRouter(prefix=f"{WORKSPACE}/projects", tags=["projects"])


@router.post("", status_code=201, response_model=ProjectOut)
def create_project(
    body: ProjectCreate, actor: ActorDep, ledger: LedgerDep, response: Response
) -> dict[str, Any]:
    project = ledger.create_project(actor, body.name, body.client_id, body.billable, body.hourly_rate)
    return tagged(response, plain(project))


@router.get("", response_model=Page[ProjectRow])
def list_projects(actor: ActorDep, reads: ReadsDep, paging: PagingDep) -> Any:
    return reads.projects(actor.workspace_id, page=paging.page, page_size=paging.page_size)


@router.get("/{project_id}", response_model=ProjectOut)
def get_project(project_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response) -> dict[str, Any]:
    return tagged(response, plain(ledger.get_project(actor, project_id)))


@router.patch("/{project_id}", response_model=ProjectOut)
def edit_project(
    project_id: UUID,
    body: ProjectPatch,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    require_version(if_match, project_id)
    return tagged(response, plain(ledger.edit_project(actor, project_id, body.changes())))


@router.put("/{project_id}/members/{member_id}/hourly-rate", response_model=ProjectOut)
def set_member_rate(
    project_id: UUID,
    member_id: UUID,
    body: MemberRate,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """The rate this member bills on this project, above every other rate; null removes it."""
    require_version(if_match, project_id)
    project = ledger.set_project_member_rate(actor, project_id, member_id, body.amount)
    return tagged(response, plain(project))
