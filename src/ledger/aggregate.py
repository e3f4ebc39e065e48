"""What every aggregate of a workspace shares: its tenancy and the generic edit event."""

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate


class WorkspaceAggregate(Aggregate):
    """An aggregate that belongs to exactly one workspace."""

    workspace_id: UUID

    class Edited(Aggregate.Event):
        """Fields changed; `changes` holds the new values, derived ones included."""

        actor_id: UUID
        changes: dict[str, Any]

        def apply(self, aggregate: Aggregate) -> None:
            for name, value in self.changes.items():
                setattr(aggregate, name, value)

    def as_dict(self) -> dict[str, Any]:
        """The current state as plain data, for use cases to return."""
        state = {name: value for name, value in vars(self).items() if not name.startswith("_")}
        return {"id": self.id, "version": self.version, **state}

    def _edit(self, actor_id: UUID, changes: dict[str, Any]) -> None:
        """Record only the fields whose value really changes; nothing changes, nothing recorded."""
        changed = {name: value for name, value in changes.items() if getattr(self, name) != value}
        if changed:
            self.trigger_event(self.Edited, actor_id=actor_id, changes=changed)
