"""Projects and per-member rates (SPEC §2, §12)."""

from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import ActorDep, IfMatchDep, LedgerDep, PagingDep, ReadsDep, tagged
from api.filters import ArchivedDep
from api.openapi import raises
from api.routers import WORKSPACE
from ledger.commands import ChangeProject, CreateProject, SetMemberRate
from ledger.errors import ConcurrentUpdate, Forbidden, InUse, NotFound
from ledger.views import ProjectView
from projections.directory import ProjectRow
from projections.queries import Page

router = APIRouter(prefix=f"{WORKSPACE}/projects", tags=["projects"])


@router.post("", status_code=201, summary="Create a project")
@raises(Forbidden)
def create_project(
    body: CreateProject, actor: ActorDep, ledger: LedgerDep, response: Response
) -> ProjectView:
    """A project, billable by default, for a client (required to invoice it) and with an optional rate."""
    return tagged(response, ledger.create_project(actor, body))


@router.get("", summary="List projects")
@raises()
def list_projects(
    actor: ActorDep, reads: ReadsDep, paging: PagingDep, archived: ArchivedDep
) -> Page[ProjectRow]:
    """Projects by name; archived ones only with `archived=true`."""
    return reads.directory.projects(actor.workspace_id, paging.page, paging.page_size, archived)


@router.get("/{project_id}", summary="Get a project")
@raises(NotFound)
def get_project(project_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response) -> ProjectView:
    """A project with its rate and per-member rates; every role may read projects."""
    return tagged(response, ledger.get_project(actor, project_id))


@router.patch("/{project_id}", summary="Change or archive a project")
@raises(Forbidden, NotFound, ConcurrentUpdate)
def edit_project(
    project_id: UUID,
    body: ChangeProject,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    expected: IfMatchDep,
) -> ProjectView:
    """Edit or archive a project; rates already captured on entries stay as they are."""
    return tagged(response, ledger.edit_project(actor, project_id, body, expected))


@router.delete("/{project_id}", status_code=204, summary="Delete a project")
@raises(Forbidden, NotFound, InUse, ConcurrentUpdate)
def delete_project(project_id: UUID, actor: ActorDep, ledger: LedgerDep, expected: IfMatchDep) -> Response:
    """Delete a project nothing refers to; one with time entries or expenses is 409 `in-use`."""
    ledger.delete_project(actor, project_id, expected)
    return Response(status_code=204)


@router.put("/{project_id}/members/{member_id}/hourly-rate", summary="Set a member's rate on a project")
@raises(Forbidden, NotFound, ConcurrentUpdate)
def set_member_rate(
    project_id: UUID,
    member_id: UUID,
    body: SetMemberRate,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    expected: IfMatchDep,
) -> ProjectView:
    """The rate this member bills on this project, above every other rate; null removes it."""
    return tagged(response, ledger.set_project_member_rate(actor, project_id, member_id, body, expected))
