"""What every aggregate of a workspace shares: its tenancy, typed change sets and the edit event."""

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, Self
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger.values import UNSET


@dataclasses.dataclass(frozen=True)
class Changes:
    """A typed change set: the fields an edit sets. Fields left `UNSET` are not changed.

    Each aggregate has its own subclass naming exactly the fields it owns, so an edit can never
    record a field the aggregate does not own (a bad event would be in the store for ever).
    """

    def items(self) -> dict[str, Any]:
        """The fields this change sets, by name."""
        return {
            field.name: value
            for field in dataclasses.fields(self)
            if (value := getattr(self, field.name)) is not UNSET
        }

    def __bool__(self) -> bool:
        return bool(self.items())

    def get(self, name: str, current: Any) -> Any:
        """The new value of `name` if this change sets it, else `current`."""
        value = getattr(self, name)
        return current if value is UNSET else value

    def differing_from(self, current: object) -> Self:
        """Only the fields whose value really differs from `current`'s."""
        kept = {name: value for name, value in self.items().items() if getattr(current, name) != value}
        return type(self)(**kept)

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> Self:
        """The change set of a mapping; names the aggregate does not own are dropped."""
        names = {field.name for field in dataclasses.fields(cls)}
        return cls(**{name: value for name, value in values.items() if name in names})


def upcast_changes(changes_type: type[Changes]) -> Callable[[dict[str, Any]], None]:
    """The upcaster of an `Edited` event stored when `changes` was an open dict (class version 1).

    Names the aggregate does not own are dropped: such an event once made its aggregate unloadable.
    """

    def upcast(state: dict[str, Any]) -> None:
        state["changes"] = changes_type.of(state["changes"])

    return upcast


class WorkspaceAggregate(Aggregate):
    """An aggregate that belongs to exactly one workspace."""

    workspace_id: UUID

    class Edited(Aggregate.Event):
        """Fields changed: `changes` holds their new values, derived ones included."""

        actor_id: UUID
        changes: Changes

        def apply(self, aggregate: Aggregate) -> None:
            for name, value in self.changes.items().items():
                setattr(aggregate, name, value)

    def _edit(self, actor_id: UUID, changes: Changes) -> None:
        """Record only the fields whose value really changes; nothing changes, nothing recorded."""
        changed = changes.differing_from(self)
        if changed:
            self.trigger_event(self.Edited, actor_id=actor_id, changes=changed)
