"""Fixtures of the read side: the read models over the test's store, and a dump of their tables."""

import os
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest

from ledger.application import Ledger
from ledger.billable import BillableKind
from ledger.commands import (
    ChangeCategory,
    ChangeClient,
    ChangeProject,
    ChangeSettings,
    EditTimeEntry,
    IssueCreditNote,
    MarkInvoiced,
    RecordPayment,
    SetMemberRate,
)
from ledger.config import Settings
from ledger.money import cost_of_time
from ledger.time_entry import TimeEntry, measure
from projections import ReadModels
from projections.queries import live_tables
from support.world import World, at, given_world

TIME, EXPENSE = BillableKind.TIME_ENTRY, BillableKind.EXPENSE

Dump = dict[str, list[tuple[Any, ...]]]
FIRST_START = at("2026-10-01T08:00:00+00:00")


@pytest.fixture
def read_models(settings: Settings, ledger: Ledger) -> Iterator[ReadModels]:
    """The read models of the test's store, tables created, nothing running."""
    models = ReadModels.open(settings, ledger)
    yield models
    models.close()


def dump_tables(read_models: ReadModels) -> Dump:
    """Every row of every live read-model table, sorted: what "identical tables" compares."""
    tables = live_tables(read_models.store, list(read_models.models.values()))
    return {
        logical: sorted(read_models.store.query(f"SELECT * FROM {physical}"), key=repr)
        for logical, physical in sorted(tables.items())
    }


@pytest.fixture
def worker_env(settings: Settings) -> dict[str, str]:
    """The environment of a `ledger` process on the test's store: settings come from it."""
    return {
        **os.environ,
        "LEDGER_DATABASE_URL": settings.database_url,
        "LEDGER_DATABASE_SCHEMA": settings.database_schema,
        "LEDGER_DATABASE_POOL_SIZE": "2",
    }


@pytest.fixture
def dump() -> Callable[[ReadModels], Dump]:
    return dump_tables


@pytest.fixture
def notification_count(ledger: Ledger) -> Callable[[], int]:
    """How many notifications the store holds (not the head: PostgreSQL ids may have gaps)."""

    def count() -> int:
        return len(ledger.recorder.select_notifications(0, 1_000_000, inclusive_of_start=False))

    return count


def log_many(world: World, project_id: UUID, count: int) -> list[UUID]:
    """`count` half-hour-spaced entries of the owner in one save, every 5th approved after, every
    7th unapproved one deleted: thousands of real events in a second, where the use case would
    take a minute."""
    ledger, owner = world.ledger, world.owner
    client_id = ledger.get_project(owner, project_id).client_id
    rate = Decimal("100.00")
    entries = []
    for n in range(count):
        start = FIRST_START + timedelta(minutes=30 * n)
        end = start + timedelta(seconds=600 + 60 * (n % 19))
        day, seconds = measure(start, end, "UTC")
        entries.append(
            TimeEntry(
                id=uuid4(),
                actor_id=owner.member_id,
                workspace_id=owner.workspace_id,
                member_id=owner.member_id,
                project_id=project_id,
                client_id=client_id,
                description=f"task {n % 11}",
                start=start,
                end=end,
                day=day,
                duration_seconds=seconds,
                billable=True,
                hourly_rate=rate,
                amount=cost_of_time(seconds, rate),
            )
        )
    ledger.save(*entries)
    for n, entry in enumerate(entries):
        if n % 5 == 0:
            entry.approve(owner.member_id)
        elif n % 7 == 0:
            entry.delete(owner.member_id)
    ledger.save(*entries)
    return [entry.id for entry in entries]


@pytest.fixture
def many_entries() -> Callable[[World, UUID, int], list[UUID]]:
    return log_many


def busy_world(ledger: Ledger) -> World:
    """A workspace where something of every kind happened: each read model has rows to rebuild."""
    world = given_world(ledger)
    owner = world.owner
    globex, initrode = world.client("Globex"), world.client("Initrode", currency="USD")
    website, app = world.project(globex, "Website"), world.project(initrode, "App", rate="150.00")
    internal = world.project(None, "Internal", billable=False)
    mia = world.member("Mia", rate="80.00")
    mileage, travel = world.category("Mileage", "km", "0.30"), world.category("Travel")
    entries = [
        world.log(website, "2026-10-05T09:00:00+00:00", 3600),
        world.log(website, "2026-10-06T09:00:00+00:00", 5400, member=mia),
        world.log(app, "2026-10-07T09:00:00+00:00", 1800),
        world.log(app, "2026-10-08T09:00:00+00:00", 2700, member=mia),
        world.log(internal, "2026-10-09T09:00:00+00:00", 900),
        world.log(website, "2026-10-10T09:00:00+00:00", 600),
    ]
    world.expense(website, mileage, "2026-10-05", quantity="42.5")
    world.expense(app, travel, "2026-10-06", amount="120.00", member=mia)
    world.expense(website, travel, "2026-10-07", amount="35.50")
    ledger.set_approval(owner, TIME, entries[0], True)
    ledger.edit_time_entry(owner, entries[1], EditTimeEntry(description="workshop"))
    ledger.delete_entry(owner, TIME, entries[5])
    ledger.mark_invoiced(owner, TIME, MarkInvoiced(ids=[entries[4]], invoiced=True))
    first = world.invoice(globex, issue_date=date(2026, 10, 31), due_date=date(2026, 11, 10))
    world.import_(first, include_expenses=True)
    ledger.send_invoice(owner, first)
    ledger.record_payment(owner, first, RecordPayment(amount="100.00", date=date(2026, 11, 5)))
    credited = world.invoice_view(first).items[0]
    part = {"line_item_id": credited.id, "quantity": "0.5"}
    ledger.issue_credit_note(
        owner, first, IssueCreditNote.model_validate({"reason": "Too long", "lines": [part]})
    )
    second = world.invoice(initrode, issue_date=date(2026, 10, 31))
    [line, *_] = world.import_(second, include_expenses=True).items
    assert line.id is not None
    ledger.remove_item(owner, second, line.id)
    ledger.edit_project(owner, website, ChangeProject(name="Web shop"))
    ledger.set_project_member_rate(owner, app, mia.member_id, SetMemberRate(amount="140.00"))
    ledger.change_settings(owner, ChangeSettings(due_days=14))
    # The directory's own life: archived, deleted.
    ledger.edit_client(owner, initrode, ChangeClient(archived=True, vat_id="DE123456789"))
    ledger.edit_project(owner, internal, ChangeProject(archived=True))
    ledger.edit_category(owner, travel, ChangeCategory(archived=True))
    ledger.delete_client(owner, world.client("Hooli"))
    ledger.delete_project(owner, world.project(None, "Abandoned"))
    return world


@pytest.fixture
def busy() -> Callable[[Ledger], World]:
    return busy_world
