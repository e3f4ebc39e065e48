"""Large workspaces for scenarios at scale: thousands of entries recorded in one save.

Logging 11,000 entries one request at a time would take most of a test's time on PostgreSQL;
these are recorded as the use cases would record them (the same events, the same side-table
rows), only all in one transaction.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

from ledger.expense import Expense
from ledger.money import cost_of_time
from ledger.time_entry import TimeEntry
from support.world import World

OCTOBER_FIRST = datetime(2026, 10, 1, 8, tzinfo=UTC)


def seed(
    world: World, client_id: UUID, project_id: UUID, category_id: UUID, entries: int, expenses: int
) -> tuple[list[UUID], list[UUID]]:
    """`entries` billable hours and `expenses` billable 12.50 expenses in October, owner's."""
    owner = world.owner
    rate = Decimal("100.00")
    time_entries = []
    for n in range(entries):
        start = OCTOBER_FIRST + timedelta(days=n % 30, minutes=n % 600)
        time_entries.append(
            TimeEntry(
                id=uuid4(),
                actor_id=owner.member_id,
                workspace_id=owner.workspace_id,
                member_id=owner.member_id,
                project_id=project_id,
                client_id=client_id,
                description=f"task {n}",
                start=start,
                end=start + timedelta(hours=1),
                day=start.date(),
                duration_seconds=3600,
                billable=True,
                hourly_rate=rate,
                amount=cost_of_time(3600, rate),
            )
        )
    costs = [
        Expense(
            id=uuid4(),
            actor_id=owner.member_id,
            workspace_id=owner.workspace_id,
            member_id=owner.member_id,
            project_id=project_id,
            client_id=client_id,
            category_id=category_id,
            date=date(2026, 10, 1 + n % 30),
            note=f"receipt {n}",
            billable=True,
            unit=None,
            quantity=Decimal(1),
            unit_price=Decimal("12.50"),
            amount=Decimal("12.50"),
        )
        for n in range(expenses)
    ]
    world.ledger.save(*time_entries, *costs)
    return [e.id for e in time_entries], [e.id for e in costs]
