"""An expense category: with a unit, it prices expenses by quantity (SPEC §2)."""

from dataclasses import dataclass, replace
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.aggregate import Changes, WorkspaceAggregate, upcast_changes
from ledger.errors import Archived, InvalidInput
from ledger.values import UNSET, Unset


@dataclass(frozen=True)
class CategoryChanges(Changes):
    name: str | Unset = UNSET
    unit: str | Unset | None = UNSET
    unit_price: Decimal | Unset | None = UNSET
    archived: bool | Unset = UNSET


def require_pricing(unit: str | None, unit_price: Decimal | None) -> None:
    """A category with a unit prices by it: it needs a unit price (SPEC §2)."""
    if unit is not None and unit_price is None:
        raise InvalidInput({"unit_price": "required when the category has a unit"})


class ExpenseCategory(WorkspaceAggregate):
    class ExpenseCategoryCreated(Aggregate.Created):
        actor_id: UUID
        workspace_id: UUID
        name: str
        unit: str | None
        unit_price: Decimal | None

    @event(ExpenseCategoryCreated)
    def __init__(
        self,
        id: UUID,
        actor_id: UUID,
        workspace_id: UUID,
        name: str,
        unit: str | None,
        unit_price: Decimal | None,
    ) -> None:
        self.workspace_id = workspace_id
        self.name = name
        self.unit = unit
        self.unit_price = unit_price
        self.archived = False

    class Edited(WorkspaceAggregate.Edited):
        class_version = 2
        changes: CategoryChanges
        upcast_v1_v2 = staticmethod(upcast_changes(CategoryChanges))

    def require_active(self) -> None:
        if self.archived:
            raise Archived(f"category {self.name} is archived: it takes no new expenses")

    def edit(self, actor_id: UUID, changes: CategoryChanges) -> None:
        unit = changes.get("unit", self.unit)
        require_pricing(unit, changes.get("unit_price", self.unit_price))
        if unit is None:
            changes = replace(changes, unit_price=None)  # without a unit there is no price per unit
        self._edit(actor_id, changes)
