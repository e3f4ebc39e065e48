"""A projection rebuild SIGKILLed at many points: resumed each time, it ends with the tables of a
clean rebuild, every event applied once.

The store is filled with time entries (approved, deleted, imported), the live tables are brought
up to date (the reference), then `time_report` and `invoiced_status` are rebuilt in small batches
by a child process that is killed after a few batches, again and again; the last attempt is let
finish. Run as a module, this file is that child: `python -m drills.rebuild BATCH MODEL`.
"""

import os
import signal
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid4

from ledger.application import Ledger, open_ledger
from ledger.commands import CreateClient, CreateInvoice, CreateProject, CreateWorkspace, ImportItems, Owner
from ledger.config import Settings
from ledger.money import cost_of_time
from ledger.time_entry import TimeEntry, measure
from projections import ReadModels, runner
from projections.queries import live_tables
from projections.tracking import generations

MODELS = ("time_report", "invoiced_status")


@dataclass
class RebuildReport:
    events: int = 0
    kills: int = 0
    kill_positions: list[int] = field(default_factory=list)
    tables_equal: bool = False
    applied_once: bool = False

    @property
    def clean(self) -> bool:
        return self.tables_equal and self.applied_once

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"clean": self.clean}


def fill(ledger: Ledger, entries: int) -> None:
    """A workspace with `entries` time entries, some approved or deleted, half of them imported."""
    signed = ledger.create_workspace(
        CreateWorkspace(
            name="Rebuild",
            currency="EUR",
            timezone="UTC",
            hourly_rate=Decimal("100.00"),
            owner=Owner(name="O", email="o@example.com"),
        )
    )
    owner = ledger.authenticate(signed.api_key)
    assert owner is not None
    client = ledger.create_client(owner, CreateClient(name="Globex"))
    project = ledger.create_project(owner, CreateProject(name="Site", client_id=client.id))
    first = datetime(2026, 10, 1, 8, tzinfo=UTC)
    made = []
    for n in range(entries):
        start = first + timedelta(minutes=30 * n)
        end = start + timedelta(seconds=600 + 60 * (n % 19))
        day, seconds = measure(start, end, "UTC")
        made.append(
            TimeEntry(
                id=uuid4(),
                actor_id=owner.member_id,
                workspace_id=owner.workspace_id,
                member_id=owner.member_id,
                project_id=project.id,
                client_id=client.id,
                description=f"task {n % 11}",
                start=start,
                end=end,
                day=day,
                duration_seconds=seconds,
                billable=True,
                hourly_rate=Decimal("100.00"),
                amount=cost_of_time(seconds, Decimal("100.00")),
            )
        )
    ledger.save(*made)
    for n, entry in enumerate(made):
        if n % 5 == 0:
            entry.approve(owner.member_id)
        elif n % 7 == 0:
            entry.delete(owner.member_id)
    ledger.save(*made)
    invoice = ledger.create_invoice(owner, CreateInvoice(client_id=client.id))
    halfway = (first + timedelta(minutes=15 * entries)).date()
    ledger.import_items(owner, invoice.id, ImportItems(date_from=first.date(), date_to=halfway))


def dump(read_models: ReadModels) -> dict[str, list[tuple[Any, ...]]]:
    models = [read_models.models[name] for name in MODELS]
    tables = live_tables(read_models.store, models)
    return {
        name: sorted(read_models.store.query(f"SELECT * FROM {table}"), key=repr)
        for name, table in tables.items()
    }


def _killed_attempt(env: dict[str, str], batch: int, model: str, batches: int) -> int | None:
    """Start a rebuild child; SIGKILL it after `batches` progress lines. Its last position, or
    None if it finished first."""
    child = subprocess.Popen(
        [sys.executable, "-m", "drills.rebuild", str(batch), model],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    position = None
    try:
        for _ in range(batches):
            line = child.stdout.readline()
            if not line or line.startswith("finished"):
                child.wait(60)
                return None
            position = int(line.split()[0])
        os.kill(child.pid, signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
    return position


def run(
    settings: Settings, env: dict[str, str], entries: int = 1500, kills: int = 10, batch: int = 50
) -> RebuildReport:
    """Fill the store, then rebuild each model of MODELS under `kills` SIGKILLs in all."""
    report = RebuildReport()
    ledger = open_ledger(settings)
    read_models = ReadModels.open(settings, ledger)
    try:
        fill(ledger, entries)
        read_models.catch_up()
        clean = dump(read_models)
        report.events = len(ledger.recorder.select_notifications(0, 10_000_000, inclusive_of_start=False))
        for n in range(kills):
            model = MODELS[n % len(MODELS)]
            position = _killed_attempt(env, batch, model, batches=2 + n % 3)
            if position is not None:
                report.kills += 1
                report.kill_positions.append(position)
        for model in MODELS:
            read_models.rebuild(model)
        report.tables_equal = dump(read_models) == clean
        live = [g for name in MODELS for g in generations(read_models.store, name) if g.live]
        report.applied_once = all(g.events == report.events for g in live)
    finally:
        read_models.close()
        ledger.close()
    return report


if __name__ == "__main__":
    runner.BATCH_SIZE = int(sys.argv[1])
    child_settings = Settings()
    models = ReadModels.open(child_settings, open_ledger(child_settings))
    models.rebuild(sys.argv[2], lambda position, head: print(position, head, flush=True))
    print("finished", flush=True)
