"""Read model of the invoiced status of every time entry and expense (SPEC §7, §8).

Invoiced or not, by which invoice, line and import, by hand or not, and since when (the
event's own timestamp, so a replay gives identical rows). `kind` is the `BillableKind` value
(`time-entry`, `expense`); version 1 wrote "time" for time entries.
"""

from typing import Any

from ledger.expense import Expense
from ledger.time_entry import TimeEntry
from projections.readmodel import Change, ReadModel, handles, insert, update

UNBILLED = {"invoiced": False, "invoice_id": None, "line_item_id": None, "import_id": None}


class InvoicedStatus(ReadModel):
    name = "invoiced_status"
    version = 2
    tables = {  # noqa: RUF012
        "status": "id TEXT PRIMARY KEY, kind TEXT NOT NULL, workspace_id TEXT NOT NULL, "
        "invoiced INTEGER NOT NULL, invoice_id TEXT, line_item_id TEXT, import_id TEXT, "
        "manually_invoiced INTEGER NOT NULL, since TEXT NOT NULL"
    }
    indexes = ("CREATE INDEX IF NOT EXISTS rm_{model}_invoice_g{g} ON {status} (invoice_id)",)

    @handles(TimeEntry.TimeEntryLogged, Expense.ExpenseRecorded)
    def recorded(self, e: Any) -> list[Change]:
        kind = TimeEntry.kind if isinstance(e, TimeEntry.TimeEntryLogged) else Expense.kind
        row = {
            "id": e.originator_id,
            "kind": kind,
            "workspace_id": e.workspace_id,
            **UNBILLED,
            "manually_invoiced": False,
            "since": e.timestamp,
        }
        return [insert("status", row)]

    @handles(TimeEntry.Invoiced, Expense.Invoiced)
    def invoiced(self, e: Any) -> list[Change]:
        values = {
            "invoiced": True,
            "invoice_id": e.invoice_id,
            "line_item_id": e.line_item_id,
            "import_id": e.import_id,
            "manually_invoiced": False,
            "since": e.timestamp,
        }
        return update("status", e.originator_id, values)

    @handles(TimeEntry.Released, Expense.Released)
    def released(self, e: Any) -> list[Change]:
        return update("status", e.originator_id, {**UNBILLED, "since": e.timestamp})

    @handles(TimeEntry.MarkedInvoiced, Expense.MarkedInvoiced)
    def marked(self, e: Any) -> list[Change]:
        values = {"invoiced": True, "manually_invoiced": True, "since": e.timestamp}
        return update("status", e.originator_id, values)

    @handles(TimeEntry.MarkedUninvoiced, Expense.MarkedUninvoiced)
    def unmarked(self, e: Any) -> list[Change]:
        values = {"invoiced": False, "manually_invoiced": False, "since": e.timestamp}
        return update("status", e.originator_id, values)
