"""Read model of the detailed expense report: one row per expense (SPEC §8)."""

from ledger.expense import Expense
from projections.readmodel import (
    Change,
    ReadModel,
    cents,
    entry_row,
    handles,
    insert,
    sets,
    ten_thousandths,
    update,
)

COLUMNS = {
    "member_id",
    "project_id",
    "client_id",
    "category_id",
    "spent_on",
    "note",
    "unit",
    "unit_price",
    "billable",
}


class ExpenseReport(ReadModel):
    name = "expense_report"
    tables = {  # noqa: RUF012
        "expenses": "id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, member_id TEXT NOT NULL, "
        "project_id TEXT NOT NULL, client_id TEXT, category_id TEXT NOT NULL, spent_on TEXT NOT NULL, "
        "note TEXT NOT NULL, unit TEXT, quantity_e4 BIGINT NOT NULL, unit_price TEXT NOT NULL, "
        "amount_cents BIGINT NOT NULL, billable INTEGER NOT NULL, approved INTEGER NOT NULL, "
        "deleted INTEGER NOT NULL"
    }
    indexes = ("CREATE INDEX IF NOT EXISTS rm_{model}_day_g{g} ON {expenses} (workspace_id, spent_on)",)

    @handles(Expense.ExpenseRecorded)
    def recorded(self, e: Expense.ExpenseRecorded) -> list[Change]:
        row = {
            **entry_row(e),
            "category_id": e.category_id,
            "spent_on": e.date,
            "note": e.note,
            "unit": e.unit,
            "quantity_e4": ten_thousandths(e.quantity),
            "unit_price": e.unit_price,
        }
        return [insert("expenses", row)]

    @handles(Expense.Edited)
    def edited(self, e: Expense.Edited) -> list[Change]:
        values = {("spent_on" if k == "date" else k): v for k, v in e.changes.items()}
        changed = {k: v for k, v in values.items() if k in COLUMNS}
        if "amount" in e.changes:
            changed["amount_cents"] = cents(e.changes["amount"])
        if "quantity" in e.changes:
            changed["quantity_e4"] = ten_thousandths(e.changes["quantity"])
        return update("expenses", e.originator_id, changed)

    approved = handles(Expense.Approved)(sets("expenses", approved=True))
    approval_withdrawn = handles(Expense.ApprovalWithdrawn)(sets("expenses", approved=False))
    deleted = handles(Expense.Deleted)(sets("expenses", deleted=True))
