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
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import UUID
from zoneinfo import ZoneInfo

from ledger.access import Actor, Role
from ledger.application import Ledger
from ledger.grouping import DEFAULT_EXPENSES, DEFAULT_TIME
from ledger.usecases.importing import ImportRequest

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
    ledger.change_settings(
        owner,
        {
            "company": {
                "name": "Demo Studio GmbH",
                "address": "Torstraße 1\n10119 Berlin",
                "email": "billing@demo.example",
            },
            "default_tax_percent": Decimal("19"),
            "due_days": 14,
        },
    )
    mia = ledger.add_member(owner, "Mia Member", "mia@demo.example", Role.MEMBER, Decimal("75.00"))
    globex = ledger.create_client(
        owner, "Globex Corporation", "ap@globex.example", "1 Globex Way\nCypress Creek"
    )
    initech = ledger.create_client(
        owner, "Initech LLC", "invoices@initech.example", "4120 Freidrich Ln\nAustin TX", currency="USD"
    )
    projects = [
        ledger.create_project(owner, "Website relaunch", globex["id"]),
        ledger.create_project(owner, "Support", globex["id"], hourly_rate=Decimal("60.00")),
        ledger.create_project(owner, "Data migration", initech["id"], hourly_rate=Decimal("120.00")),
    ]
    mileage = ledger.create_category(owner, "Mileage", "km", Decimal("0.30"))
    software = ledger.create_category(owner, "Software")
    ledger.create_category(owner, "Lodging")
    return _Directory(
        owner, mia["id"], globex["id"], [p["id"] for p in projects], mileage["id"], software["id"]
    )


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
            ledger.log_time(
                owner,
                pick.choice(people.projects),
                start,
                start + timedelta(seconds=seconds),
                pick.choice(TASKS),
                member_id=member_id,
            )
            progress(next(done), total)
    for monday in mondays:
        ledger.record_expense(
            owner,
            people.projects[0],
            people.mileage,
            monday,
            note="Visit at Globex",
            quantity=Decimal(pick.randrange(20, 120)),
            member_id=people.mia,
        )
        progress(next(done), total)
    ledger.record_expense(
        owner, people.projects[2], people.software, days[0], amount=Decimal("49.00"), note="Migration tool"
    )
    progress(next(done), total)
    return 3 * len(days), len(mondays) + 1


def create_demo(ledger: Ledger, today: date, progress: Progress = lambda done, total: None) -> Demo:
    """A demo workspace whose last month is tracked, with a draft invoice of one client's month."""
    signup = ledger.create_workspace(
        "Demo Studio", "EUR", TIMEZONE, Decimal("90.00"), "Olga Owner", "olga@demo.example"
    )
    owner = Actor(signup["id"], signup["owner_id"], Role.OWNER)
    people = _directory(ledger, owner)
    first, last = previous_month(today)
    entries, expenses = _track(ledger, people, weekdays(first, last), progress)
    invoice = ledger.create_invoice(
        owner, people.globex, issue_date=today, subject=f"{calendar.month_name[first.month]} {first.year}"
    )
    ledger.import_items(
        owner,
        invoice["id"],
        ImportRequest(
            date_from=first,
            date_to=last,
            include_expenses=True,
            time=replace(DEFAULT_TIME, grouping="grouped", group_by="project", then_by="user"),
            expenses=replace(DEFAULT_EXPENSES, grouping="grouped", group_by="category"),
        ),
    )
    return Demo(signup["id"], signup["api_key"], invoice["id"], entries, expenses)


def owner_of(ledger: Ledger, demo: Demo) -> Actor | None:
    """The actor the demo's key stands for, if it still opens this ledger's demo workspace."""
    actor = ledger.authenticate(demo.api_key)
    return actor if actor is not None and actor.workspace_id == demo.workspace_id else None
