"""The detailed expense report (SPEC §8): its read model, one row per expense, and its queries.

Quantities are stored in ten-thousandths and money in cents, so that sums are exact on both
backends; rows show quantities with 4 decimals and money with 2 (SPEC §12).
"""

from datetime import date
from typing import Any
from uuid import UUID

from ledger.expense import Expense
from ledger.formats import MoneyOut, QuantityOut
from projections.queries import Conditions, Page, Queries, Row, csv_of, money, page_of, quantity
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
    ten_thousandths,
    update,
)
from projections.report_filters import JOINED, JOINS, STATUS_COLUMNS, ReportFilters, report_conditions

# Fields of an expense's change set, by the column that stores them and how.
COLUMNS: dict[str, Stored] = {
    "date": ("spent_on", None),
    "amount": ("amount_cents", cents),
    "quantity": ("quantity_e4", ten_thousandths),
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
        return update("expenses", e.originator_id, stored(e.changes.items(), COLUMNS))

    approved = handles(Expense.Approved)(sets("expenses", approved=True))
    approval_withdrawn = handles(Expense.ApprovalWithdrawn)(sets("expenses", approved=False))
    deleted = handles(Expense.Deleted)(sets("expenses", deleted=True))


class ExpenseReportRow(Row):
    """An expense as the report shows it: its own fields, names, and its invoiced status."""

    id: UUID
    date: date
    note: str
    member_id: UUID
    member_name: str | None
    project_id: UUID
    project_name: str | None
    client_id: UUID | None
    client_name: str | None
    category_id: UUID
    category_name: str | None
    unit: str | None
    quantity: QuantityOut
    unit_price: MoneyOut
    amount: MoneyOut
    billable: bool
    approved: bool
    invoiced: bool
    invoice_id: UUID | None
    invoice_number: str | None
    manually_invoiced: bool


class ExpenseReportTotals(Row):
    count: int
    quantity: QuantityOut
    amount: MoneyOut


class ExpenseReportPage(Page[ExpenseReportRow]):
    """A page of the expense report; `totals` cover every matching row, not only the page."""

    totals: ExpenseReportTotals


SELECT = f"""SELECT r.id, r.spent_on, r.note, r.member_id, m.name, r.project_id, p.name, r.client_id,
c.name, r.category_id, k.name, r.unit, r.quantity_e4, r.unit_price, r.amount_cents, r.billable, r.approved,
{STATUS_COLUMNS} FROM {{expenses}} r {JOINS} LEFT JOIN {{categories}} k ON k.id = r.category_id"""
SELECTED = list(ExpenseReportRow.model_fields)
TOTALS = """SELECT COUNT(*), COALESCE(SUM(r.quantity_e4), 0), COALESCE(SUM(r.amount_cents), 0)
FROM {expenses} r LEFT JOIN {status} s ON s.id = r.id"""
ORDER = "r.spent_on, r.id"


def _row(values: tuple[Any, ...]) -> ExpenseReportRow:
    row = dict(zip(SELECTED, values, strict=True))
    row["quantity"] = quantity(row["quantity"])
    row["amount"] = money(row["amount"])
    row["invoiced"] = bool(row["invoiced"])
    row["manually_invoiced"] = bool(row["manually_invoiced"])
    return ExpenseReportRow.model_validate(row)


def _conditions(workspace_id: UUID, filters: ReportFilters) -> Conditions:
    where = report_conditions(workspace_id, filters, "spent_on")
    where.any_of("r.category_id", filters.category_ids)
    return where


class ExpenseReportQueries(Queries):
    """The expense report: pages with totals, and CSV.

    `timezone` is taken for symmetry with the time report: an expense has a date, no instant.
    """

    reads = ("expense_report", *JOINED)

    def _rows(
        self, tables: dict[str, str], where: Conditions, page: int, page_size: int | None
    ) -> list[ExpenseReportRow]:
        return [_row(v) for v in page_of(self.store, SELECT.format(**tables), where, ORDER, page, page_size)]

    def page(
        self, workspace_id: UUID, filters: ReportFilters, page: int, page_size: int, timezone: str
    ) -> ExpenseReportPage:
        """One page of the expenses matching `filters`, with the totals of all of them."""
        where = _conditions(workspace_id, filters)

        def read(tables: dict[str, str]) -> ExpenseReportPage:
            items = self._rows(tables, where, page, page_size)
            [(matching, quantity_e4, amount)] = self.store.query(
                f"{TOTALS.format(**tables)} WHERE {where.sql}", where.params
            )
            totals = ExpenseReportTotals(count=matching, quantity=quantity(quantity_e4), amount=money(amount))
            return ExpenseReportPage(
                items=items, total=matching, page=page, page_size=page_size, totals=totals
            )

        return self._read(read)

    def csv(self, workspace_id: UUID, filters: ReportFilters, timezone: str) -> str:
        """Every expense matching `filters`, as CSV."""
        where = _conditions(workspace_id, filters)
        return csv_of(self._read(lambda tables: self._rows(tables, where, 1, None)), ExpenseReportRow)
