"""The detailed time and expense reports: rows joined with names, status and invoice numbers."""

from typing import Any
from uuid import UUID

from projections.queries import (
    ReportFilters,
    as_csv,
    despite_swaps,
    live_tables,
    money,
    page_of,
    quantity,
    report_conditions,
)
from projections.readmodel import ReadModel
from projections.store import ReadStore

STATUS_COLUMNS = "s.invoiced, s.invoice_id, i.number, s.manually_invoiced"
JOINS = """LEFT JOIN {status} s ON s.id = r.id
LEFT JOIN {members} m ON m.id = r.member_id
LEFT JOIN {projects} p ON p.id = r.project_id
LEFT JOIN {clients} c ON c.id = r.client_id
LEFT JOIN {invoices} i ON i.id = s.invoice_id"""

TIME_COLUMNS = [
    "id",
    "description",
    "member_id",
    "member_name",
    "project_id",
    "project_name",
    "client_id",
    "client_name",
    "start",
    "end",
    "day",
    "duration_seconds",
    "billable",
    "hourly_rate",
    "amount",
    "approved",
    "invoiced",
    "invoice_id",
    "invoice_number",
    "manually_invoiced",
]
TIME_SELECT = f"""SELECT r.id, r.description, r.member_id, m.name, r.project_id, p.name, r.client_id, c.name,
r.start_at, r.end_at, r.day, r.duration_seconds, r.billable, r.hourly_rate, r.amount_cents, r.approved,
{STATUS_COLUMNS} FROM {{entries}} r {JOINS}"""
TIME_TOTALS = """SELECT COUNT(*), COALESCE(SUM(r.duration_seconds), 0), COALESCE(SUM(r.amount_cents), 0)
FROM {entries} r LEFT JOIN {status} s ON s.id = r.id"""

EXPENSE_COLUMNS = [
    "id",
    "date",
    "note",
    "member_id",
    "member_name",
    "project_id",
    "project_name",
    "client_id",
    "client_name",
    "category_id",
    "category_name",
    "unit",
    "quantity",
    "unit_price",
    "amount",
    "billable",
    "approved",
    "invoiced",
    "invoice_id",
    "invoice_number",
    "manually_invoiced",
]
EXPENSE_SELECT = f"""SELECT r.id, r.spent_on, r.note, r.member_id, m.name, r.project_id, p.name, r.client_id,
c.name, r.category_id, k.name, r.unit, r.quantity_e4, r.unit_price, r.amount_cents, r.billable, r.approved,
{STATUS_COLUMNS} FROM {{expenses}} r {JOINS} LEFT JOIN {{categories}} k ON k.id = r.category_id"""
EXPENSE_TOTALS = """SELECT COUNT(*), COALESCE(SUM(r.quantity_e4), 0), COALESCE(SUM(r.amount_cents), 0)
FROM {expenses} r LEFT JOIN {status} s ON s.id = r.id"""

BOOLEANS = {"billable", "approved", "invoiced", "manually_invoiced"}


def _row(columns: list[str], values: tuple[Any, ...]) -> dict[str, Any]:
    row = dict(zip(columns, values, strict=True))
    for name in BOOLEANS:
        row[name] = bool(row[name])
    row["amount"] = money(row["amount"])
    return row


class Reports:
    """Both detailed reports over the live tables of the read models."""

    def __init__(self, store: ReadStore, models: list[ReadModel]) -> None:
        self.store = store
        self.models = models

    def _report(
        self, kind: str, workspace_id: UUID, filters: ReportFilters, page: int, page_size: int | None
    ) -> tuple[list[dict[str, Any]], tuple[Any, ...]]:
        return despite_swaps(
            self.store, self.models, lambda: self._read_report(kind, workspace_id, filters, page, page_size)
        )

    def _read_report(
        self, kind: str, workspace_id: UUID, filters: ReportFilters, page: int, page_size: int | None
    ) -> tuple[list[dict[str, Any]], tuple[Any, ...]]:
        tables = live_tables(self.store, self.models)
        if kind == "time":
            where = report_conditions(workspace_id, filters, "r", "day")
            select, totals, columns, order = TIME_SELECT, TIME_TOTALS, TIME_COLUMNS, "r.start_at, r.id"
        else:
            where = report_conditions(workspace_id, filters, "r", "spent_on")
            where.any_of("r.category_id", filters.category_ids)
            select, totals, columns, order = (
                EXPENSE_SELECT,
                EXPENSE_TOTALS,
                EXPENSE_COLUMNS,
                "r.spent_on, r.id",
            )
        rows = [
            _row(columns, values)
            for values in page_of(self.store, select.format(**tables), where, order, page, page_size)
        ]
        [sums] = self.store.query(f"{totals.format(**tables)} WHERE {where.sql}", where.params)
        if kind == "expense":
            for row in rows:
                row["quantity"] = quantity(row["quantity"])
        return rows, sums

    def time_report(
        self, workspace_id: UUID, filters: ReportFilters, page: int = 1, page_size: int = 50
    ) -> dict[str, Any]:
        rows, (count, seconds, amount) = self._report("time", workspace_id, filters, page, page_size)
        totals = {"count": count, "duration_seconds": int(seconds), "amount": money(int(amount))}
        return {"items": rows, "total": count, "page": page, "page_size": page_size, "totals": totals}

    def expense_report(
        self, workspace_id: UUID, filters: ReportFilters, page: int = 1, page_size: int = 50
    ) -> dict[str, Any]:
        rows, (count, qty, amount) = self._report("expense", workspace_id, filters, page, page_size)
        totals = {"count": count, "quantity": quantity(int(qty)), "amount": money(int(amount))}
        return {"items": rows, "total": count, "page": page, "page_size": page_size, "totals": totals}

    def time_report_csv(self, workspace_id: UUID, filters: ReportFilters) -> str:
        return as_csv(self._report("time", workspace_id, filters, 1, None)[0], TIME_COLUMNS)

    def expense_report_csv(self, workspace_id: UUID, filters: ReportFilters) -> str:
        return as_csv(self._report("expense", workspace_id, filters, 1, None)[0], EXPENSE_COLUMNS)
