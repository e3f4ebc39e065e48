"""Time entries (SPEC §3): logged, edited until locked, approved, invoiced."""

from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import ActorDep, IfMatchDep, LedgerDep, PagingDep, ReadsDep, TimezoneDep, tagged
from api.filters import TimeFiltersDep, visible_to
from api.openapi import raises
from api.routers import WORKSPACE
from api.routers.billables import add_entry_actions
from ledger.billable import BillableKind
from ledger.commands import EditTimeEntry, LogTime
from ledger.errors import Archived, ConcurrentUpdate, EntryLocked, Forbidden, NotFound
from ledger.views import TimeEntryView
from projections.time_report import TimeReportPage

router = APIRouter(prefix=f"{WORKSPACE}/time-entries", tags=["time entries"])
add_entry_actions(router, BillableKind.TIME_ENTRY, "entry_id", TimeEntryView)


@router.post("", status_code=201, summary="Log time")
@raises(Forbidden, Archived)
def log_time(body: LogTime, actor: ActorDep, ledger: LedgerDep, response: Response) -> TimeEntryView:
    """Log time; the rate is resolved and captured now."""
    return tagged(response, ledger.log_time(actor, body))


@router.get("", summary="List time entries")
@raises()
def list_time_entries(
    actor: ActorDep, reads: ReadsDep, filters: TimeFiltersDep, paging: PagingDep, timezone: TimezoneDep
) -> TimeReportPage:
    """Time entries as the detailed report lists them (members: their own only)."""
    filters = visible_to(actor, filters)
    return reads.time_report.page(actor.workspace_id, filters, paging.page, paging.page_size, timezone)


@router.get("/{entry_id}", summary="Get a time entry")
@raises(NotFound)
def get_time_entry(entry_id: UUID, actor: ActorDep, ledger: LedgerDep, response: Response) -> TimeEntryView:
    """A time entry with its captured rate and invoiced status; members read only their own."""
    return tagged(response, ledger.get_time_entry(actor, entry_id))


@router.patch("/{entry_id}", summary="Change a time entry")
@raises(Forbidden, NotFound, EntryLocked, Archived, ConcurrentUpdate)
def edit_time_entry(
    entry_id: UUID,
    body: EditTimeEntry,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    expected: IfMatchDep,
) -> TimeEntryView:
    """Edit until invoiced or approved; the rate is resolved again when its inputs change."""
    return tagged(response, ledger.edit_time_entry(actor, entry_id, body, expected))
