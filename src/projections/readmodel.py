"""What a read model is: tables, and a pure function from an event to the statements it implies.

A read model never reads the database while applying events: `changes(event)` returns SQL
statements with `{table}` names, and the runner executes them for a whole batch in one
transaction, together with the tracking position. Unknown events give no statements.
Physical table names carry the model's generation (`rm_time_report_entries_g1`), so that a
rebuild can fill fresh tables and swap them in at the end.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from eventsourcing.utils import get_topic

Statement = tuple[str, tuple[Any, ...]]
Handler = Callable[[Any, Any], list[Statement]]


def handles(*event_types: type) -> Callable[[Handler], Handler]:
    """Mark a read model's method as the handler of these exact event types."""

    def mark(handler: Handler) -> Handler:
        handler.handles = event_types  # type: ignore[attr-defined]
        return handler

    return mark


class ReadModel:
    """Base of every read model: subclasses set `name`, `tables` and register handlers."""

    name: str = ""
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

    def changes(self, event: Any) -> list[Statement]:
        """The statements `event` implies; none for events this model does not follow."""
        handler = self._handlers.get(type(event))
        return handler(self, event) if handler else []


def update(table: str, key: str, key_value: Any, values: Mapping[str, Any]) -> list[Statement]:
    """One UPDATE of `values` on the row whose `key` is `key_value`; nothing when no values."""
    if not values:
        return []
    assignments = ", ".join(f"{column} = ?" for column in values)
    return [(f"UPDATE {{{table}}} SET {assignments} WHERE {key} = ?", (*values.values(), key_value))]


def sets(table: str, **values: Any) -> Handler:
    """A handler that sets `values` on the event's row of `table` (approved, deleted ...)."""

    def handler(model: Any, event: Any) -> list[Statement]:
        return update(table, "id", event.originator_id, values)

    return handler


def insert(table: str, values: Mapping[str, Any]) -> Statement:
    """An insert that a replayed event cannot duplicate (the key already exists: it is skipped)."""
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    return (
        f"INSERT INTO {{{table}}} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING",
        tuple(values.values()),
    )


def cents(amount: Any) -> int:
    """Money as integer cents (exact SUMs on every backend)."""
    return int(amount * 100)


def ten_thousandths(quantity: Any) -> int:
    return int(quantity * 10000)
