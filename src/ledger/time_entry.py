"""A time entry: raw tracked time with its captured rate (SPEC §3)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.domain import Aggregate, event

from ledger.aggregate import Changes, WorkspaceAggregate, upcast_changes
from ledger.billable import Billable, BillableKind
from ledger.errors import InvalidInput
from ledger.values import UNSET, Unset

MAX_DURATION = timedelta(days=7)


@dataclass(frozen=True)
class TimeEntryChanges(Changes):
    """What an edit of a time entry sets: its inputs and what they imply (day, duration, rate, amount)."""

    member_id: UUID | Unset = UNSET
    project_id: UUID | Unset = UNSET
    client_id: UUID | Unset | None = UNSET
    description: str | Unset = UNSET
    start: datetime | Unset = UNSET
    end: datetime | Unset = UNSET
    day: date | Unset = UNSET
    duration_seconds: int | Unset = UNSET
    billable: bool | Unset = UNSET
    hourly_rate: Decimal | Unset = UNSET
    amount: Decimal | Unset = UNSET


class TimeEntry(Billable):
    kind = BillableKind.TIME_ENTRY

    class TimeEntryLogged(Aggregate.Created):
        actor_id: UUID
        workspace_id: UUID
        member_id: UUID
        project_id: UUID
        client_id: UUID | None
        description: str
        start: datetime
        end: datetime
        day: date
        duration_seconds: int
        billable: bool
        hourly_rate: Decimal
        amount: Decimal

    @event(TimeEntryLogged)
    def __init__(
        self,
        id: UUID,
        actor_id: UUID,
        workspace_id: UUID,
        member_id: UUID,
        project_id: UUID,
        client_id: UUID | None,
        description: str,
        start: datetime,
        end: datetime,
        day: date,
        duration_seconds: int,
        billable: bool,
        hourly_rate: Decimal,
        amount: Decimal,
    ) -> None:
        self.workspace_id = workspace_id
        self.member_id = member_id
        self.project_id = project_id
        self.client_id = client_id
        self.description = description
        self.start = start
        self.end = end
        self.day = day
        self.duration_seconds = duration_seconds
        self.billable = billable
        self.hourly_rate = hourly_rate
        self.amount = amount
        self._init_status()

    class Edited(WorkspaceAggregate.Edited):
        class_version = 2
        changes: TimeEntryChanges
        upcast_v1_v2 = staticmethod(upcast_changes(TimeEntryChanges))

    def edit(self, actor_id: UUID, changes: TimeEntryChanges) -> None:
        self._edit_unlocked(actor_id, changes)


def measure(start: datetime, end: datetime, timezone: str) -> tuple[date, int]:
    """The entry's day (its start's date in the workspace zone) and whole seconds tracked."""
    errors = {}
    for name, value in (("start", start), ("end", end)):
        if value.tzinfo is None:
            errors[name] = "must carry a UTC offset (RFC 3339)"
    if errors:
        raise InvalidInput(errors)
    if end <= start:
        raise InvalidInput({"end": "must be after start"})
    if end - start > MAX_DURATION:
        raise InvalidInput({"end": "an entry spans at most 7 days"})
    day = start.astimezone(ZoneInfo(timezone)).date()
    return day, int((end - start).total_seconds())
