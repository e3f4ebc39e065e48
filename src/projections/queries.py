"""What every query of the read models shares: live tables, conditions, paging, rows and CSV.

Queries join the live generation of each read model's tables, so a rebuild in progress never
shows through. Rows and pages are pydantic models defined beside their query; numbers are
written in the one format of `ledger.formats` (SPEC §12), in JSON and CSV alike.
"""

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from projections.readmodel import ReadModel
from projections.store import ReadStore
from projections.tracking import live

T = TypeVar("T")
SWAP_ATTEMPTS = 3


class Row(BaseModel):
    """A row of a list or report, as the API answers it."""

    model_config = ConfigDict(frozen=True)


R = TypeVar("R", bound=Row)


class Page(BaseModel, Generic[R]):
    """One page of a list (SPEC §10): its items, how many match in all, and where it stands."""

    model_config = ConfigDict(frozen=True)

    items: list[R]
    total: int
    page: int
    page_size: int


def money(amount_cents: int) -> Decimal:
    """Money stored as integer cents, as a Decimal with 2 decimals."""
    return Decimal(int(amount_cents)).scaleb(-2)


def quantity(ten_thousandths: int) -> Decimal:
    """A quantity stored in ten-thousandths, as a Decimal with 4 decimals."""
    return Decimal(int(ten_thousandths)).scaleb(-4)


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


class Queries:
    """Base of the queries beside a read model: `reads` names the models whose tables they join."""

    reads: tuple[str, ...] = ()

    def __init__(self, store: ReadStore, models: Mapping[str, ReadModel]) -> None:
        self.store = store
        self.models = [models[name] for name in self.reads]

    def _read(self, read: Callable[[dict[str, str]], T]) -> T:
        """`read(tables)` over the live tables, again if a rebuild swapped them meanwhile."""
        return despite_swaps(self.store, self.models, lambda: read(live_tables(self.store, self.models)))


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


def page_of(
    store: ReadStore,
    select: str,
    where: Conditions,
    order: str,
    page: int,
    page_size: int | None,
    params: Sequence[Any] = (),
) -> list[tuple[Any, ...]]:
    """Rows of one page (every row when `page_size` is None); `params` go before the WHERE's."""
    sql = f"{select} WHERE {where.sql} ORDER BY {order}"
    values = [*params, *where.params]
    if page_size is not None:
        sql += " LIMIT ? OFFSET ?"
        values += [page_size, (page - 1) * page_size]
    return store.query(sql, values)


def count(store: ReadStore, table: str, where: Conditions) -> int:
    """How many rows of `table` (aliased as its WHERE clause names it) match."""
    [(total,)] = store.query(f"SELECT COUNT(*) FROM {table} WHERE {where.sql}", where.params)
    return int(total)


def csv_value(value: Any) -> str:
    """A JSON value as a CSV cell: booleans `true`/`false`, null empty (SPEC §12)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def as_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """CSV of rows already in their JSON form (`model_dump(mode="json")`), header first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([csv_value(row[column]) for column in columns] for row in rows)
    return out.getvalue()


def csv_of(rows: Iterable[Row], row_type: type[Row]) -> str:
    """CSV of typed rows: their fields as columns, written exactly as JSON writes them."""
    return as_csv((row.model_dump(mode="json") for row in rows), list(row_type.model_fields))
