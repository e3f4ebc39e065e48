"""Small factories for scenarios: each test builds its own workspace and names what it needs."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from ledger.access import Actor, Role
from ledger.application import Ledger
from ledger.commands import (
    AddMember,
    CreateCategory,
    CreateClient,
    CreateInvoice,
    CreateProject,
    CreateWorkspace,
    ExpenseGrouping,
    ImportItems,
    LogTime,
    Owner,
    RecordExpense,
    TimeGrouping,
)
from ledger.grouping import ExpenseCandidate, TimeCandidate
from ledger.money import round2
from ledger.views import ExpenseView, ImportView, InvoiceView, TimeEntryView

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))


def at(text: str) -> datetime:
    """An RFC 3339 instant, e.g. at("2026-10-05T09:00:00+00:00")."""
    return datetime.fromisoformat(text)


def grouping(
    grouping: str = "detailed",
    group_by: str = "project",
    then_by: str | None = None,
    detail_fields: tuple[str, ...] = ("project", "description", "user", "date"),
) -> TimeGrouping:
    return TimeGrouping.model_validate(
        {"grouping": grouping, "group_by": group_by, "then_by": then_by, "detail_fields": list(detail_fields)}
    )


def expense_grouping(
    grouping: str = "detailed",
    group_by: str = "category",
    then_by: str | None = None,
    detail_fields: tuple[str, ...] = ("category", "note", "user", "date"),
) -> ExpenseGrouping:
    return ExpenseGrouping.model_validate(
        {"grouping": grouping, "group_by": group_by, "then_by": then_by, "detail_fields": list(detail_fields)}
    )


@dataclass
class World:
    """A workspace of its own, with its owner acting unless told otherwise."""

    ledger: Ledger
    owner: Actor

    def member(self, name: str = "Mia", role: Role = Role.MEMBER, rate: str | None = None) -> Actor:
        command = AddMember(name=name, email=f"{name.lower()}@example.com", role=role, hourly_rate=rate)
        member = self.ledger.add_member(self.owner, command)
        return Actor(self.owner.workspace_id, member.id, role)

    def client(self, name: str = "Globex", currency: str | None = None, **fields: Any) -> UUID:
        command = CreateClient(name=name, currency=currency, **fields)
        return self.ledger.create_client(self.owner, command).id

    def project(
        self, client_id: UUID | None, name: str = "Website", rate: str | None = None, billable: bool = True
    ) -> UUID:
        command = CreateProject(name=name, client_id=client_id, billable=billable, hourly_rate=rate)
        return self.ledger.create_project(self.owner, command).id

    def log(
        self,
        project_id: UUID,
        start: str,
        seconds: int,
        description: str = "work",
        member: Actor | None = None,
        billable: bool | None = None,
    ) -> UUID:
        begin = at(start)
        command = LogTime(
            project_id=project_id,
            start=begin,
            end=begin + timedelta(seconds=seconds),
            description=description,
            billable=billable,
        )
        return self.ledger.log_time(member or self.owner, command).id

    def category(self, name: str = "Travel", unit: str | None = None, unit_price: str | None = None) -> UUID:
        command = CreateCategory(name=name, unit=unit, unit_price=unit_price)
        return self.ledger.create_category(self.owner, command).id

    def expense(
        self,
        project_id: UUID,
        category_id: UUID,
        day: str = "2026-10-10",
        quantity: str | None = None,
        amount: str | None = None,
        note: str = "",
        member: Actor | None = None,
    ) -> UUID:
        command = RecordExpense(
            project_id=project_id,
            category_id=category_id,
            date=date.fromisoformat(day),
            quantity=quantity,
            amount=amount,
            note=note,
        )
        return self.ledger.record_expense(member or self.owner, command).id

    def invoice(self, client_id: UUID, **fields: Any) -> UUID:
        return self.ledger.create_invoice(self.owner, CreateInvoice(client_id=client_id, **fields)).id

    def import_(self, invoice_id: UUID, **fields: Any) -> ImportView:
        fields.setdefault("date_from", OCTOBER[0])
        fields.setdefault("date_to", OCTOBER[1])
        return self.ledger.import_items(self.owner, invoice_id, ImportItems(**fields))

    def invoice_view(self, invoice_id: UUID) -> InvoiceView:
        return self.ledger.get_invoice(self.owner, invoice_id)

    def entry(self, entry_id: UUID) -> TimeEntryView:
        return self.ledger.get_time_entry(self.owner, entry_id)

    def expense_view(self, expense_id: UUID) -> ExpenseView:
        return self.ledger.get_expense(self.owner, expense_id)


def given_world(ledger: Ledger, timezone: str = "UTC", rate: str = "100.00") -> World:
    """A fresh workspace in `timezone` whose default rate is `rate`."""
    command = CreateWorkspace(
        name="Initech",
        currency="EUR",
        timezone=timezone,
        hourly_rate=rate,
        owner=Owner(name="Olga Owner", email="olga@example.com"),
    )
    actor = ledger.authenticate(ledger.create_workspace(command).api_key)
    assert actor is not None
    return World(ledger, actor)


# Candidates of the pure grouping functions, built by name: the same name always gives the same id.


def named_id(kind: str, name: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"ledger-test:{kind}:{name}")


def time_candidate(
    seconds: int,
    start: str = "2026-10-05T09:00:00+00:00",
    project: str = "Website",
    user: str = "Alice",
    description: str = "work",
    rate: str = "100.00",
) -> TimeCandidate:
    """A time entry as an import sees it; its day is the date of its start."""
    begin = at(start)
    return TimeCandidate(
        id=uuid4(),
        project_id=named_id("project", project),
        project=project,
        member_id=named_id("member", user),
        user=user,
        description=description,
        start=begin,
        day=begin.date(),
        seconds=seconds,
        rate=Decimal(rate),
    )


def expense_candidate(
    category: str = "Travel",
    unit: str | None = None,
    unit_price: str | None = None,
    quantity: str = "1",
    amount: str | None = None,
    project: str = "Website",
    user: str = "Alice",
    note: str = "",
    day: str = "2026-10-10",
) -> ExpenseCandidate:
    """An expense as an import sees it: priced per unit like SPEC §3, else its `amount` as given."""
    if unit is not None:
        assert unit_price is not None
        price, count = Decimal(unit_price), Decimal(quantity)
        priced = (count, price, round2(count * price))
    else:
        assert amount is not None
        priced = (Decimal(1), Decimal(amount), Decimal(amount))
    return ExpenseCandidate(
        id=uuid4(),
        category_id=named_id("category", category),
        category=category,
        project_id=named_id("project", project),
        project=project,
        member_id=named_id("member", user),
        user=user,
        note=note,
        date=date.fromisoformat(day),
        unit=unit,
        quantity=priced[0],
        unit_price=priced[1],
        amount=priced[2],
    )
