"""Read model of the detailed time report: one row per time entry (SPEC §8).

Names, the invoiced status and invoice numbers are joined in at query time from the other read
models, so a renamed project shows its new name on every row.
"""

from datetime import UTC, datetime

from ledger.time_entry import TimeEntry
from projections.readmodel import Change, ReadModel, cents, entry_row, handles, insert, sets, update

RENAMED = {"start": "start_at", "end": "end_at"}
COLUMNS = {
    "member_id",
    "project_id",
    "client_id",
    "description",
    "start_at",
    "end_at",
    "day",
    "duration_seconds",
    "billable",
    "hourly_rate",
}


def _utc(instant: datetime) -> datetime:
    """Instants in UTC, so that rows sort by time whatever offset they were logged with."""
    return instant.astimezone(UTC)


class TimeReport(ReadModel):
    name = "time_report"
    tables = {  # noqa: RUF012
        "entries": "id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, member_id TEXT NOT NULL, "
        "project_id TEXT NOT NULL, client_id TEXT, description TEXT NOT NULL, start_at TEXT NOT NULL, "
        "end_at TEXT NOT NULL, day TEXT NOT NULL, duration_seconds BIGINT NOT NULL, "
        "billable INTEGER NOT NULL, hourly_rate TEXT NOT NULL, amount_cents BIGINT NOT NULL, "
        "approved INTEGER NOT NULL, "
        "deleted INTEGER NOT NULL"
    }
    indexes = ("CREATE INDEX IF NOT EXISTS rm_{model}_day_g{g} ON {entries} (workspace_id, day)",)

    @handles(TimeEntry.TimeEntryLogged)
    def logged(self, e: TimeEntry.TimeEntryLogged) -> list[Change]:
        row = {
            **entry_row(e),
            "description": e.description,
            "start_at": _utc(e.start),
            "end_at": _utc(e.end),
            "day": e.day,
            "duration_seconds": e.duration_seconds,
            "hourly_rate": e.hourly_rate,
        }
        return [insert("entries", row)]

    @handles(TimeEntry.Edited)
    def edited(self, e: TimeEntry.Edited) -> list[Change]:
        values = {RENAMED.get(k, k): _utc(v) if k in RENAMED else v for k, v in e.changes.items()}
        changed = {k: v for k, v in values.items() if k in COLUMNS}
        if "amount" in e.changes:
            changed["amount_cents"] = cents(e.changes["amount"])
        return update("entries", e.originator_id, changed)

    approved = handles(TimeEntry.Approved)(sets("entries", approved=True))
    approval_withdrawn = handles(TimeEntry.ApprovalWithdrawn)(sets("entries", approved=False))
    deleted = handles(TimeEntry.Deleted)(sets("entries", deleted=True))
