"""A demo workspace (`ledger demo`): clients, projects, people, a month of time and expenses, one invoice.

Everything goes through the ledger's use cases, so the demo's history is as real as any other.
The data is deterministic for a given `today` (a seeded random source picks the durations).
"""

import calendar
import itertools
import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import UUID
from zoneinfo import ZoneInfo

from ledger.access import Actor, Role
from ledger.application import Ledger
from ledger.commands import (
    AddMember,
    ChangeCompany,
    ChangeSettings,
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

TIMEZONE = "Europe/Berlin"
TASKS = ("Planning", "Design review", "Implementation", "Bug fixing", "Meeting with client", "Testing")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Demo:
    """What `ledger demo` created, and the owner's key to explore it with."""

    workspace_id: UUID
    api_key: str
    invoice_id: UUID | None = None
    time_entries: int = 0
    expenses: int = 0

    def save(self, path: Path) -> None:
        """Remember the demo's workspace and key (readable by the owner of the file only)."""
        text = json.dumps({"workspace_id": str(self.workspace_id), "api_key": self.api_key})
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
            file.write(text)
        path.chmod(0o600)  # a file that existed keeps its mode through os.open

    @classmethod
    def load(cls, path: Path) -> "Demo | None":
        """The demo remembered at `path`, if any."""
        try:
            saved = json.loads(path.read_text())
            return cls(UUID(saved["workspace_id"]), saved["api_key"])
        except (OSError, ValueError, KeyError, TypeError):
            return None


def previous_month(today: date) -> tuple[date, date]:
    """The first and last day of the month before `today`'s."""
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def weekdays(first: date, last: date) -> list[date]:
    span = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in span if day.weekday() < 5]


def is_empty(ledger: Ledger) -> bool:
    """No event has ever been recorded in this ledger."""
    return not ledger.recorder.max_notification_id()


@dataclass(frozen=True)
class _Directory:
    """Who and what the demo's month is tracked against."""

    owner: Actor
    mia: UUID
    globex: UUID
    projects: list[UUID]
    mileage: UUID
    software: UUID


def _directory(ledger: Ledger, owner: Actor) -> _Directory:
    company = ChangeCompany(
        name="Demo Studio GmbH",
        address="Torstraße 1",
        postal_code="10119",
        city="Berlin",
        country="DE",
        email="billing@demo.example",
        vat_id="DE123456789",
    )
    ledger.change_settings(
        owner, ChangeSettings(company=company, default_tax_percent=Decimal("19"), due_days=14)
    )
    mia = ledger.add_member(
        owner,
        AddMember(
            name="Mia Member", email="mia@demo.example", role=Role.MEMBER, hourly_rate=Decimal("75.00")
        ),
    )
    globex = ledger.create_client(
        owner,
        CreateClient(
            name="Globex Corporation",
            email="ap@globex.example",
            address="1 Globex Way",
            city="Cypress Creek",
            country="US",
        ),
    )
    initech = ledger.create_client(
        owner,
        CreateClient(
            name="Initech LLC",
            email="invoices@initech.example",
            address="4120 Freidrich Ln",
            city="Austin TX",
            country="US",
            currency="USD",
        ),
    )
    projects = [
        ledger.create_project(owner, CreateProject(name="Website relaunch", client_id=globex.id)),
        ledger.create_project(
            owner, CreateProject(name="Support", client_id=globex.id, hourly_rate=Decimal("60.00"))
        ),
        ledger.create_project(
            owner, CreateProject(name="Data migration", client_id=initech.id, hourly_rate=Decimal("120.00"))
        ),
    ]
    mileage = ledger.create_category(
        owner, CreateCategory(name="Mileage", unit="km", unit_price=Decimal("0.30"))
    )
    software = ledger.create_category(owner, CreateCategory(name="Software"))
    ledger.create_category(owner, CreateCategory(name="Lodging"))
    return _Directory(owner, mia.id, globex.id, [p.id for p in projects], mileage.id, software.id)


def _track(ledger: Ledger, people: _Directory, days: list[date], progress: Progress) -> tuple[int, int]:
    """Three entries every weekday, mileage every Monday and one software bill: (entries, expenses)."""
    owner, mondays = people.owner, [day for day in days if day.weekday() == 0]
    total, done = 3 * len(days) + len(mondays) + 1, itertools.count(1)
    pick, zone = random.Random(days[0].toordinal()), ZoneInfo(TIMEZONE)
    for day in days:
        # Olga works mornings and afternoons, Mia mornings.
        for member_id, hour in ((owner.member_id, 9), (people.mia, 9), (owner.member_id, 14)):
            start = datetime.combine(day, time(hour), zone)
            seconds = pick.randrange(30, 240, 15) * 60 + pick.randrange(0, 60)
            entry = LogTime(
                project_id=pick.choice(people.projects),
                start=start,
                end=start + timedelta(seconds=seconds),
                description=pick.choice(TASKS),
                member_id=member_id,
            )
            ledger.log_time(owner, entry)
            progress(next(done), total)
    for monday in mondays:
        mileage = RecordExpense(
            project_id=people.projects[0],
            category_id=people.mileage,
            date=monday,
            note="Visit at Globex",
            quantity=Decimal(pick.randrange(20, 120)),
            member_id=people.mia,
        )
        ledger.record_expense(owner, mileage)
        progress(next(done), total)
    tool = RecordExpense(
        project_id=people.projects[2],
        category_id=people.software,
        date=days[0],
        amount=Decimal("49.00"),
        note="Migration tool",
    )
    ledger.record_expense(owner, tool)
    progress(next(done), total)
    return 3 * len(days), len(mondays) + 1


def create_demo(ledger: Ledger, today: date, progress: Progress = lambda done, total: None) -> Demo:
    """A demo workspace whose last month is tracked, with a draft invoice of one client's month."""
    signup = ledger.create_workspace(
        CreateWorkspace(
            name="Demo Studio",
            currency="EUR",
            timezone=TIMEZONE,
            hourly_rate=Decimal("90.00"),
            owner=Owner(name="Olga Owner", email="olga@demo.example"),
        )
    )
    owner = Actor(signup.id, signup.owner_id, Role.OWNER)
    people = _directory(ledger, owner)
    first, last = previous_month(today)
    entries, expenses = _track(ledger, people, weekdays(first, last), progress)
    subject = f"{calendar.month_name[first.month]} {first.year}"
    invoice = ledger.create_invoice(
        owner, CreateInvoice(client_id=people.globex, issue_date=today, subject=subject)
    )
    billing = ImportItems(
        date_from=first,
        date_to=last,
        include_expenses=True,
        time=TimeGrouping(grouping="grouped", group_by="project", then_by="user"),
        expenses=ExpenseGrouping(grouping="grouped", group_by="category"),
    )
    ledger.import_items(owner, invoice.id, billing)
    return Demo(signup.id, signup.api_key, invoice.id, entries, expenses)


def owner_of(ledger: Ledger, demo: Demo) -> Actor | None:
    """The actor the demo's key stands for, if it still opens this ledger's demo workspace."""
    actor = ledger.authenticate(demo.api_key)
    return actor if actor is not None and actor.workspace_id == demo.workspace_id else None
