"""An expense category: with a unit, it prices expenses by quantity (SPEC §2)."""

from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.aggregate import WorkspaceAggregate


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

    def edit(self, actor_id: UUID, **changes: Any) -> None:
        self._edit(actor_id, changes)
