"""Reads of the read models: filters, paging, totals and CSV (SPEC §8, §10).

Queries join the live generation of each read model's tables, so a rebuild in progress never
shows through. Rows are plain JSON-able dicts: money as strings with two decimals.
"""

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID

from projections.readmodel import ReadModel
from projections.store import ReadStore
from projections.tracking import live

T = TypeVar("T")
SWAP_ATTEMPTS = 3


@dataclass(frozen=True)
class ReportFilters:
    date_from: date | None = None
    date_to: date | None = None
    client_ids: tuple[UUID, ...] = ()
    project_ids: tuple[UUID, ...] = ()
    member_ids: tuple[UUID, ...] = ()
    category_ids: tuple[UUID, ...] = ()
    billable: bool | None = None
    invoiced: bool | None = None
    approved: bool | None = None


@dataclass(frozen=True)
class InvoiceFilters:
    status: str | None = None
    client_id: UUID | None = None
    issue_date_from: date | None = None
    issue_date_to: date | None = None


def money(amount_cents: int) -> str:
    return str(Decimal(amount_cents).scaleb(-2))


def quantity(ten_thousandths: int) -> str:
    return str(Decimal(ten_thousandths).scaleb(-4))


def live_tables(store: ReadStore, models: Sequence[ReadModel]) -> dict[str, str]:
    names: dict[str, str] = {}
    for model in models:
        names |= model.table_names(live(store, model.name).generation)
    return names


def despite_swaps(store: ReadStore, models: Sequence[ReadModel], read: Callable[[], T]) -> T:
    """`read()`, again if a rebuild swapped in new tables and dropped the ones it was reading."""
    for _ in range(SWAP_ATTEMPTS - 1):
        before = live_tables(store, models)
        try:
            return read()
        except store.missing_table:
            if live_tables(store, models) == before:
                raise
    return read()


class Conditions:
    """A WHERE clause built up condition by condition, with its parameters."""

    def __init__(self, sql: str, *params: Any) -> None:
        self.parts, self.params = [sql], list(params)

    def add(self, sql: str, *params: Any) -> None:
        self.parts.append(sql)
        self.params.extend(params)

    def any_of(self, column: str, values: Sequence[Any]) -> None:
        if values:
            self.add(f"{column} IN ({', '.join('?' for _ in values)})", *values)

    def equals(self, column: str, value: Any) -> None:
        if value is not None:
            self.add(f"{column} = ?", value)

    @property
    def sql(self) -> str:
        return " AND ".join(self.parts)


def report_conditions(workspace_id: UUID, filters: ReportFilters, alias: str, day: str) -> Conditions:
    where = Conditions(f"{alias}.workspace_id = ? AND {alias}.deleted = 0", workspace_id)
    if filters.date_from is not None:
        where.add(f"{alias}.{day} >= ?", filters.date_from)
    if filters.date_to is not None:
        where.add(f"{alias}.{day} <= ?", filters.date_to)
    where.any_of(f"{alias}.client_id", filters.client_ids)
    where.any_of(f"{alias}.project_id", filters.project_ids)
    where.any_of(f"{alias}.member_id", filters.member_ids)
    where.equals(f"{alias}.billable", filters.billable)
    where.equals(f"{alias}.approved", filters.approved)
    where.equals("COALESCE(s.invoiced, 0)", filters.invoiced)
    return where


def page_of(
    store: ReadStore,
    select: str,
    where: Conditions,
    order: str,
    page: int,
    page_size: int | None,
) -> list[tuple[Any, ...]]:
    """Rows of one page (every row when `page_size` is None)."""
    sql = f"{select} WHERE {where.sql} ORDER BY {order}"
    params = list(where.params)
    if page_size is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [page_size, (page - 1) * page_size]
    return store.query(sql, params)


def as_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
