"""The detailed time report (SPEC §8): its read model, one row per time entry, and its queries.

Instants are stored in UTC, so that rows sort by time whatever offset they were logged with,
and shown in the workspace's time zone with its offset (SPEC §12), converted at query time.
"""

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from ledger.formats import MoneyOut, hours_minutes_text, hours_text
from ledger.time_entry import TimeEntry
from projections.queries import Conditions, Page, Queries, Row, as_csv, money, page_of
from projections.readmodel import (
    Change,
    ReadModel,
    Stored,
    cents,
    entry_row,
    handles,
    insert,
    sets,
    stored,
    update,
)
from projections.report_filters import (
    JOINED,
    JOINS,
    STATUS_COLUMNS,
    ReportFilters,
    report_conditions,
)


def _utc(instant: datetime) -> datetime:
    return instant.astimezone(UTC)


# Fields of a time entry's change set, by the column that stores them and how.
COLUMNS: dict[str, Stored] = {
    "start": ("start_at", _utc),
    "end": ("end_at", _utc),
    "amount": ("amount_cents", cents),
}


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
        return update("entries", e.originator_id, stored(e.changes.items(), COLUMNS))

    approved = handles(TimeEntry.Approved)(sets("entries", approved=True))
    approval_withdrawn = handles(TimeEntry.ApprovalWithdrawn)(sets("entries", approved=False))
    deleted = handles(TimeEntry.Deleted)(sets("entries", deleted=True))


class TimeReportRow(Row):
    """A time entry as the report shows it: its own fields, names, and its invoiced status."""

    id: UUID
    description: str
    member_id: UUID
    member_name: str | None
    project_id: UUID
    project_name: str | None
    client_id: UUID | None
    client_name: str | None
    start: datetime
    end: datetime
    day: date
    duration_seconds: int
    billable: bool
    hourly_rate: MoneyOut
    amount: MoneyOut
    approved: bool
    invoiced: bool
    invoice_id: UUID | None
    invoice_number: str | None
    manually_invoiced: bool


class TimeReportTotals(Row):
    count: int
    duration_seconds: int
    amount: MoneyOut


class TimeReportPage(Page[TimeReportRow]):
    """A page of the time report; `totals` cover every matching row, not only the page."""

    totals: TimeReportTotals


SELECT = f"""SELECT r.id, r.description, r.member_id, m.name, r.project_id, p.name, r.client_id, c.name,
r.start_at, r.end_at, r.day, r.duration_seconds, r.billable, r.hourly_rate, r.amount_cents, r.approved,
{STATUS_COLUMNS} FROM {{entries}} r {JOINS}"""
SELECTED = list(TimeReportRow.model_fields)
TOTALS = """SELECT COUNT(*), COALESCE(SUM(r.duration_seconds), 0), COALESCE(SUM(r.amount_cents), 0)
FROM {entries} r LEFT JOIN {status} s ON s.id = r.id"""
ORDER = "r.start_at, r.id"
# The CSV adds hours with 2 decimals and h:mm beside the seconds (SPEC §12).
HOURS = ["duration_hours", "duration_hm"]
CSV_COLUMNS = [
    *SELECTED[: SELECTED.index("duration_seconds") + 1],
    *HOURS,
    *SELECTED[SELECTED.index("duration_seconds") + 1 :],
]


def _row(values: tuple[Any, ...], zone: ZoneInfo) -> TimeReportRow:
    row = dict(zip(SELECTED, values, strict=True))
    row["start"] = datetime.fromisoformat(row["start"]).astimezone(zone)
    row["end"] = datetime.fromisoformat(row["end"]).astimezone(zone)
    row["amount"] = money(row["amount"])
    row["invoiced"] = bool(row["invoiced"])
    row["manually_invoiced"] = bool(row["manually_invoiced"])
    return TimeReportRow.model_validate(row)


def _csv_row(row: TimeReportRow) -> dict[str, Any]:
    seconds = row.duration_seconds
    return {
        **row.model_dump(mode="json"),
        "duration_hours": hours_text(seconds),
        "duration_hm": hours_minutes_text(seconds),
    }


class TimeReportQueries(Queries):
    """The time report: pages with totals, and CSV, times in the workspace's zone."""

    reads = ("time_report", *JOINED)

    def _rows(
        self, tables: dict[str, str], where: Conditions, timezone: str, page: int, page_size: int | None
    ) -> list[TimeReportRow]:
        zone = ZoneInfo(timezone)
        values = page_of(self.store, SELECT.format(**tables), where, ORDER, page, page_size)
        return [_row(value, zone) for value in values]

    def page(
        self, workspace_id: UUID, filters: ReportFilters, page: int, page_size: int, timezone: str
    ) -> TimeReportPage:
        """One page of the time entries matching `filters`, with the totals of all of them."""
        where = report_conditions(workspace_id, filters, "day")

        def read(tables: dict[str, str]) -> TimeReportPage:
            items = self._rows(tables, where, timezone, page, page_size)
            [(matching, seconds, amount)] = self.store.query(
                f"{TOTALS.format(**tables)} WHERE {where.sql}", where.params
            )
            totals = TimeReportTotals(count=matching, duration_seconds=int(seconds), amount=money(amount))
            return TimeReportPage(items=items, total=matching, page=page, page_size=page_size, totals=totals)

        return self._read(read)

    def csv(self, workspace_id: UUID, filters: ReportFilters, timezone: str) -> str:
        """Every time entry matching `filters`, as CSV."""
        where = report_conditions(workspace_id, filters, "day")
        rows = self._read(lambda tables: self._rows(tables, where, timezone, 1, None))
        return as_csv((_csv_row(row) for row in rows), CSV_COLUMNS)
