"""The invoice list and the directory lists (members, clients, projects, categories)."""

from datetime import date
from typing import Any
from uuid import UUID

from projections.queries import Conditions, InvoiceFilters, as_csv, despite_swaps, live_tables, money, page_of
from projections.readmodel import ReadModel
from projections.store import ReadStore

INVOICE_COLUMNS = [
    "id",
    "number",
    "client_id",
    "client_name",
    "issue_date",
    "due_date",
    "currency",
    "status",
    "subtotal",
    "total",
    "paid",
    "balance",
]
INVOICE_SELECT = """SELECT i.id, i.number, i.client_id, c.name, i.issue_date, i.due_date, i.currency,
i.status, i.subtotal_cents, i.total_cents, i.paid_cents, i.balance_cents FROM {invoices} i
LEFT JOIN {clients} c ON c.id = i.client_id"""
PAST_DUE = "(i.status IN ('sent', 'partially_paid') AND i.due_date < ? AND i.balance_cents > 0)"

DIRECTORY = {
    "members": ["id", "name", "email", "role", "hourly_rate"],
    "clients": ["id", "name", "email", "address", "currency"],
    "projects": ["id", "client_id", "name", "billable", "hourly_rate"],
    "categories": ["id", "name", "unit", "unit_price", "archived"],
}


def _page(items: list[dict[str, Any]], total: int, page: int, page_size: int | None) -> dict[str, Any]:
    return {"items": items, "total": total, "page": page, "page_size": page_size}


class Lists:
    def __init__(self, store: ReadStore, models: list[ReadModel]) -> None:
        self.store = store
        self.models = models

    def _invoice_rows(
        self, workspace_id: UUID, filters: InvoiceFilters, today: date, page: int, page_size: int | None
    ) -> tuple[list[dict[str, Any]], int]:
        return despite_swaps(
            self.store,
            self.models,
            lambda: self._read_invoices(workspace_id, filters, today, page, page_size),
        )

    def _read_invoices(
        self, workspace_id: UUID, filters: InvoiceFilters, today: date, page: int, page_size: int | None
    ) -> tuple[list[dict[str, Any]], int]:
        tables = live_tables(self.store, self.models)
        where = Conditions("i.workspace_id = ? AND i.deleted = 0", workspace_id)
        where.equals("i.client_id", filters.client_id)
        if filters.issue_date_from is not None:
            where.add("i.issue_date >= ?", filters.issue_date_from)
        if filters.issue_date_to is not None:
            where.add("i.issue_date <= ?", filters.issue_date_to)
        if filters.status == "overdue":
            where.add(PAST_DUE, today)
        elif filters.status in ("sent", "partially_paid"):
            where.add(f"i.status = ? AND NOT {PAST_DUE}", filters.status, today)
        else:
            where.equals("i.status", filters.status)
        values = page_of(
            self.store, INVOICE_SELECT.format(**tables), where, "i.issue_date, i.number", page, page_size
        )
        rows = []
        for value in values:
            row = dict(zip(INVOICE_COLUMNS, value, strict=True))
            for name in ("subtotal", "total", "paid", "balance"):
                row[name] = money(row[name])
            past_due = row["due_date"] < today.isoformat() and value[-1] > 0
            if row["status"] in ("sent", "partially_paid") and past_due:
                row["status"] = "overdue"
            rows.append(row)
        [(total,)] = self.store.query(
            f"SELECT COUNT(*) FROM {tables['invoices']} i WHERE {where.sql}", where.params
        )
        return rows, total

    def invoices(
        self, workspace_id: UUID, filters: InvoiceFilters, page: int = 1, page_size: int = 50, *, today: date
    ) -> dict[str, Any]:
        rows, total = self._invoice_rows(workspace_id, filters, today, page, page_size)
        return _page(rows, total, page, page_size)

    def invoices_csv(self, workspace_id: UUID, filters: InvoiceFilters, today: date) -> str:
        return as_csv(self._invoice_rows(workspace_id, filters, today, 1, None)[0], INVOICE_COLUMNS)

    def directory(self, table: str, workspace_id: UUID, page: int, page_size: int) -> dict[str, Any]:
        """One page of members, clients, projects or categories, by name."""
        return despite_swaps(
            self.store, self.models, lambda: self._read_directory(table, workspace_id, page, page_size)
        )

    def _read_directory(self, table: str, workspace_id: UUID, page: int, page_size: int) -> dict[str, Any]:
        physical = live_tables(self.store, self.models)[table]
        columns = DIRECTORY[table]
        where = Conditions("workspace_id = ?", workspace_id)
        select = f"SELECT {', '.join(columns)} FROM {physical}"
        rows = [
            dict(zip(columns, v, strict=True))
            for v in page_of(self.store, select, where, "name, id", page, page_size)
        ]
        for row in rows:
            for flag in ("billable", "archived"):
                if flag in row:
                    row[flag] = bool(row[flag])
        [(total,)] = self.store.query(f"SELECT COUNT(*) FROM {physical} WHERE {where.sql}", where.params)
        return _page(rows, total, page, page_size)
