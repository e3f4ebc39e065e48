"""An expense: an amount, or a quantity priced from its category (SPEC §3)."""

import datetime as dt
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.aggregate import Changes, WorkspaceAggregate, upcast_changes
from ledger.billable import Billable, BillableKind
from ledger.errors import InvalidInput
from ledger.money import line_amount
from ledger.values import UNSET, Unset


@dataclass(frozen=True)
class Pricing:
    """How an expense is priced: a quantity of a unit at a unit price, or an amount as given."""

    unit: str | None
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal

    @classmethod
    def of(
        cls, unit: str | None, unit_price: Decimal | None, quantity: Decimal | None, amount: Decimal | None
    ) -> "Pricing":
        """With a unit, the quantity priced at the unit price; without, the amount and quantity 1."""
        if unit is not None and unit_price is not None:
            if quantity is None:
                raise InvalidInput({"quantity": f"required for a category priced per {unit}"})
            return cls(unit, quantity, unit_price, line_amount(quantity, unit_price))
        if amount is None:
            raise InvalidInput({"amount": "required for a category without a unit"})
        return cls(None, Decimal(1), amount, amount)


@dataclass(frozen=True)
class ExpenseChanges(Changes):
    member_id: UUID | Unset = UNSET
    project_id: UUID | Unset = UNSET
    client_id: UUID | Unset | None = UNSET
    category_id: UUID | Unset = UNSET
    date: dt.date | Unset = UNSET
    note: str | Unset = UNSET
    billable: bool | Unset = UNSET
    unit: str | Unset | None = UNSET
    quantity: Decimal | Unset = UNSET
    unit_price: Decimal | Unset = UNSET
    amount: Decimal | Unset = UNSET


class Expense(Billable):
    kind = BillableKind.EXPENSE
    day_field = "date"

    class ExpenseRecorded(Aggregate.Created):
        actor_id: UUID
        workspace_id: UUID
        member_id: UUID
        project_id: UUID
        client_id: UUID | None
        category_id: UUID
        date: date
        note: str
        billable: bool
        unit: str | None
        quantity: Decimal
        unit_price: Decimal
        amount: Decimal

    @event(ExpenseRecorded)
    def __init__(
        self,
        id: UUID,
        actor_id: UUID,
        workspace_id: UUID,
        member_id: UUID,
        project_id: UUID,
        client_id: UUID | None,
        category_id: UUID,
        date: date,
        note: str,
        billable: bool,
        unit: str | None,
        quantity: Decimal,
        unit_price: Decimal,
        amount: Decimal,
    ) -> None:
        self.workspace_id = workspace_id
        self.member_id = member_id
        self.project_id = project_id
        self.client_id = client_id
        self.category_id = category_id
        self.date = date
        self.note = note
        self.billable = billable
        self.unit = unit
        self.quantity = quantity
        self.unit_price = unit_price
        self.amount = amount
        self._init_status()

    class Edited(WorkspaceAggregate.Edited):
        class_version = 2
        changes: ExpenseChanges
        upcast_v1_v2 = staticmethod(upcast_changes(ExpenseChanges))

    def edit(self, actor_id: UUID, changes: ExpenseChanges) -> None:
        self._edit_unlocked(actor_id, changes)

    @property
    def pricing(self) -> Pricing:
        return Pricing(self.unit, self.quantity, self.unit_price, self.amount)
