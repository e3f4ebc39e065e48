"""Time entries (SPEC §3): logged, edited until locked, approved, invoiced."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import ActorDep, IfMatch, LedgerDep, PagingDep, ReadsDep, require_version, tagged
from api.filters import TimeFiltersDep, visible_to
from api.routers import WORKSPACE
from api.routers.billables import add_entry_actions
from api.schemas.common import Page
from api.schemas.entries import TimeEntryCreate, TimeEntryOut, TimeEntryPatch
from api.schemas.reports import TimeRow
from ledger.application import Ledger
from ledger.plain import plain

router = APIRouter(prefix=f"{WORKSPACE}/time-entries", tags=["time entries"])
add_entry_actions(router, "time", "entry_id", "time-entry", TimeEntryOut, Ledger.get_time_entry)


@router.post("", status_code=201, response_model=TimeEntryOut)
def log_time(body: TimeEntryCreate, actor: ActorDep, ledger: LedgerDep, response: Response) -> dict[str, Any]:
    """Log time; the rate is resolved and captured now."""
    entry = ledger.log_time(
        actor, body.project_id, body.start, body.end, body.description, body.member_id, body.billable
    )
    return tagged(response, plain(entry))


@router.get("", response_model=Page[TimeRow])
def list_time_entries(actor: ActorDep, reads: ReadsDep, filters: TimeFiltersDep, paging: PagingDep) -> Any:
    """Time entries as the detailed report lists them (members: their own only)."""
    return reads.time_report(
        actor.workspace_id, visible_to(actor, filters), page=paging.page, page_size=paging.page_size
    )


@router.get("/{entry_id}", response_model=TimeEntryOut)
def get_time_entry(entry_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response) -> dict[str, Any]:
    return tagged(response, plain(ledger.get_time_entry(actor, entry_id)))


@router.patch("/{entry_id}", response_model=TimeEntryOut)
def edit_time_entry(
    entry_id: UUID,
    body: TimeEntryPatch,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """Edit until invoiced or approved; the rate is resolved again when its inputs change."""
    require_version(if_match, entry_id)
    return tagged(response, plain(ledger.edit_time_entry(actor, entry_id, body.changes())))
