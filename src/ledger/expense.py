"""An expense: an amount, or a quantity priced from its category (SPEC §3)."""

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.billable import Billable
from ledger.category import ExpenseCategory
from ledger.errors import InvalidInput
from ledger.money import CENT, TEN_THOUSANDTH, ZERO, round2


class Expense(Billable):
    kind = "expense"
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

    def edit(self, actor_id: UUID, **changes: Any) -> None:
        self._edit_unlocked(actor_id, changes)


def price(category: ExpenseCategory, quantity: Decimal | None, amount: Decimal | None) -> dict[str, Any]:
    """Unit, quantity, unit price and amount of an expense in `category`."""
    return priced(category.unit, category.unit_price, quantity, amount)


def priced(
    unit: str | None, unit_price: Decimal | None, quantity: Decimal | None, amount: Decimal | None
) -> dict[str, Any]:
    """Unit, quantity, unit price and amount of an expense priced per `unit` at `unit_price`.

    With a unit, the quantity is priced at the unit price; without, the amount is taken as
    given and the quantity is 1.
    """
    if unit is not None and unit_price is not None:
        if quantity is None:
            raise InvalidInput({"quantity": f"required for a category priced per {unit}"})
        if quantity <= ZERO or quantity != quantity.quantize(TEN_THOUSANDTH):
            raise InvalidInput({"quantity": "must be positive, with at most 4 decimals"})
        return {
            "unit": unit,
            "quantity": quantity,
            "unit_price": unit_price,
            "amount": round2(quantity * unit_price),
        }
    if amount is None:
        raise InvalidInput({"amount": "required for a category without a unit"})
    if amount == ZERO or amount != amount.quantize(CENT):
        raise InvalidInput({"amount": "must be non-zero, with at most 2 decimals"})
    amount = amount.quantize(CENT)
    return {"unit": None, "quantity": Decimal(1), "unit_price": amount, "amount": amount}
