"""Small factories for scenarios: each test builds its own workspace and names what it needs."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from ledger.access import Actor, Role
from ledger.application import Ledger
from ledger.grouping import DEFAULT_EXPENSES, DEFAULT_TIME, GroupingOptions
from ledger.usecases.importing import ImportRequest

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))


def at(text: str) -> datetime:
    """An RFC 3339 instant, e.g. at("2026-10-05T09:00:00+00:00")."""
    return datetime.fromisoformat(text)


def grouping(grouping: str = "detailed", group_by: str = "project", then_by: str | None = None,
             detail_fields: tuple[str, ...] = DEFAULT_TIME.detail_fields) -> GroupingOptions:  # fmt: skip
    return GroupingOptions(grouping, group_by, then_by, detail_fields)  # type: ignore[arg-type]


def expense_grouping(grouping: str = "detailed", group_by: str = "category", then_by: str | None = None,
                     detail_fields: tuple[str, ...] = DEFAULT_EXPENSES.detail_fields) -> GroupingOptions:  # fmt: skip
    return GroupingOptions(grouping, group_by, then_by, detail_fields)  # type: ignore[arg-type]


@dataclass
class World:
    """A workspace of its own, with its owner acting unless told otherwise."""

    ledger: Ledger
    owner: Actor

    def member(self, name: str = "Mia", role: Role = Role.MEMBER, rate: str | None = None) -> Actor:
        member = self.ledger.add_member(
            self.owner, name, f"{name.lower()}@example.com", role, Decimal(rate) if rate else None
        )
        return Actor(self.owner.workspace_id, member["id"], role)

    def client(self, name: str = "Globex", currency: str | None = None) -> UUID:
        return self.ledger.create_client(self.owner, name, currency=currency)["id"]  # type: ignore[no-any-return]

    def project(self, client_id: UUID | None, name: str = "Website", rate: str | None = None,
                billable: bool = True) -> UUID:  # fmt: skip
        rate_ = Decimal(rate) if rate else None
        return self.ledger.create_project(self.owner, name, client_id, billable, rate_)["id"]  # type: ignore[no-any-return]

    def log(self, project_id: UUID, start: str, seconds: int, description: str = "work",
            member: Actor | None = None, billable: bool | None = None) -> UUID:  # fmt: skip
        begin = at(start)
        entry = self.ledger.log_time(
            member or self.owner, project_id, begin, begin + timedelta(seconds=seconds),
            description, billable=billable,
        )  # fmt: skip
        return entry["id"]  # type: ignore[no-any-return]

    def category(self, name: str = "Travel", unit: str | None = None, unit_price: str | None = None) -> UUID:
        price = Decimal(unit_price) if unit_price else None
        return self.ledger.create_category(self.owner, name, unit, price)["id"]  # type: ignore[no-any-return]

    def expense(self, project_id: UUID, category_id: UUID, day: str = "2026-10-10",
                quantity: str | None = None, amount: str | None = None, note: str = "",
                member: Actor | None = None) -> UUID:  # fmt: skip
        expense = self.ledger.record_expense(
            member or self.owner, project_id, category_id, date.fromisoformat(day),
            Decimal(quantity) if quantity else None, Decimal(amount) if amount else None, note,
        )  # fmt: skip
        return expense["id"]  # type: ignore[no-any-return]

    def invoice(self, client_id: UUID, **fields: Any) -> UUID:
        return self.ledger.create_invoice(self.owner, client_id, **fields)["id"]  # type: ignore[no-any-return]

    def import_(self, invoice_id: UUID, **fields: Any) -> dict[str, Any]:
        fields.setdefault("date_from", OCTOBER[0])
        fields.setdefault("date_to", OCTOBER[1])
        return self.ledger.import_items(self.owner, invoice_id, ImportRequest(**fields))

    def invoice_view(self, invoice_id: UUID) -> dict[str, Any]:
        return self.ledger.get_invoice(self.owner, invoice_id)

    def entry(self, entry_id: UUID) -> dict[str, Any]:
        return self.ledger.get_time_entry(self.owner, entry_id)


def given_world(ledger: Ledger, timezone: str = "UTC", rate: str = "100.00") -> World:
    """A fresh workspace in `timezone` whose default rate is `rate`."""
    signup = ledger.create_workspace("Initech", "EUR", timezone, Decimal(rate), "Olga Owner", "olga@example.com")
    actor = ledger.authenticate(signup["api_key"])
    assert actor is not None
    return World(ledger, actor)
