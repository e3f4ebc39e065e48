"""What a read model is: tables, and a pure function from an event to the row changes it implies.

A read model never reads the database while applying events: `changes(event)` returns row
changes (`Insert`, `Update`), and the runner writes a whole batch of them in one transaction,
together with the tracking position (see `batch.py`). Unknown events imply no changes.
Physical table names carry the model's generation (`rm_time_report_entries_g1`), so that a
rebuild can fill fresh tables and swap them in at the end.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from eventsourcing.utils import get_topic


@dataclass(frozen=True)
class Insert:
    """A new row; every table's key column is `id`."""

    table: str
    values: Mapping[str, Any]

    @property
    def row_id(self) -> Any:
        return self.values["id"]


@dataclass(frozen=True)
class Update:
    """New values for some columns of the row with this `id`."""

    table: str
    row_id: Any
    values: Mapping[str, Any]


Change = Insert | Update
Handler = Callable[[Any, Any], list[Change]]


def handles(*event_types: type) -> Callable[[Handler], Handler]:
    """Mark a read model's method as the handler of these exact event types."""

    def mark(handler: Handler) -> Handler:
        handler.handles = event_types  # type: ignore[attr-defined]
        return handler

    return mark


class ReadModel:
    """Base of every read model: subclasses set `name`, `tables` and register handlers."""

    name: str = ""
    # The version of the rows and columns this code writes: raise it whenever they change, and a
    # store whose live generation is older is rebuilt when the read models are opened.
    version: int = 1
    # Logical table name -> column definitions; {table} placeholders refer to these names.
    tables: Mapping[str, str] = {}
    indexes: Iterable[str] = ()
    _handlers: dict[type, Handler] = {}  # noqa: RUF012

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._handlers = {
            event_type: method
            for method in vars(cls).values()
            for event_type in getattr(method, "handles", ())
        }

    def table_names(self, generation: int) -> dict[str, str]:
        return {table: f"rm_{self.name}_{table}_g{generation}" for table in self.tables}

    def create_statements(self, generation: int) -> list[str]:
        names = self.table_names(generation)
        creates = [f"CREATE TABLE IF NOT EXISTS {names[t]} ({cols})" for t, cols in self.tables.items()]
        indexes = [index.format(**names, g=generation, model=self.name) for index in self.indexes]
        return creates + indexes

    def drop_statements(self, generation: int) -> list[str]:
        return [f"DROP TABLE IF EXISTS {name}" for name in self.table_names(generation).values()]

    @classmethod
    def topics(cls) -> set[str]:
        """Topics of the events this model follows: the rest need not even be decoded."""
        return {get_topic(event_type) for event_type in cls._handlers}

    def changes(self, event: Any) -> list[Change]:
        """The row changes `event` implies; none for events this model does not follow."""
        handler = self._handlers.get(type(event))
        return handler(self, event) if handler else []


def update(table: str, row_id: Any, values: Mapping[str, Any]) -> list[Change]:
    """New `values` for one row; no change at all when there are none."""
    return [Update(table, row_id, values)] if values else []


def sets(table: str, **values: Any) -> Handler:
    """A handler that sets `values` on the event's row of `table` (approved, deleted ...)."""

    def handler(model: Any, event: Any) -> list[Change]:
        return update(table, event.originator_id, values)

    return handler


def insert(table: str, values: Mapping[str, Any]) -> Change:
    return Insert(table, values)


# How a field of a change set is stored: in which column, converted by what (None: as it is).
Stored = tuple[str, Callable[[Any], Any] | None]


def stored(changes: Mapping[str, Any], columns: Mapping[str, Stored]) -> dict[str, Any]:
    """A change set's values by the columns that store them; fields not in `columns` are stored
    as they are, in the column of their own name."""
    values = {}
    for field, value in changes.items():
        column, convert = columns.get(field, (field, None))
        values[column] = convert(value) if convert is not None else value
    return values


def entry_row(event: Any) -> dict[str, Any]:
    """The columns a report row of a new time entry or expense starts with."""
    return {
        "id": event.originator_id,
        "workspace_id": event.workspace_id,
        "member_id": event.member_id,
        "project_id": event.project_id,
        "client_id": event.client_id,
        "billable": event.billable,
        "amount_cents": cents(event.amount),
        "approved": False,
        "deleted": False,
    }


def cents(amount: Any) -> int:
    """Money as integer cents (exact SUMs on every backend)."""
    return int(amount * 100)


def ten_thousandths(quantity: Any) -> int:
    return int(quantity * 10000)
