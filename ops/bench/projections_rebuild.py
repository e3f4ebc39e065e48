"""Benchmark: how fast read models rebuild, next to the raw speed of reading the same events.

For each backend (SQLite file, throwaway PostgreSQL 15) it records a realistic stream of events
(members, clients, projects, time entries and expenses, approvals, invoices with imports), then
measures, in one run and side by side:
  - raw:      reading every notification with `select_notifications` (pages of 1,000)
  - decode:   reading and decoding them into domain events
  - rebuild:  `ReadModels.rebuild(name)` of each read model (batched transactions)
  - per-event: the same runner with one transaction per event (the library's default style),
               on a slice of the stream
Each figure is the median of --repeat runs. Prints events/s and ratios.

    .venv/bin/python ops/bench/projections_rebuild.py [--events 50000] [--repeat 3] [--backend both]
"""

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import uuid4

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))

import psycopg

import projections.runner as runner
from ledger.access import Role
from ledger.application import Ledger, open_ledger
from ledger.config import Settings
from ledger.errors import NothingToImport
from ledger.time_entry import TimeEntry
from ledger.usecases.importing import ImportRequest
from projections import ReadModels
from projections.facade import all_models
from support.postgres_server import throwaway_postgres


def progress(label: str, done: int, total: int) -> None:
    print(f"\r  {label}: {done}/{total} ({done / max(total, 1):.0%})", end="", file=sys.stderr, flush=True)


def record_stream(ledger: Ledger, events: int) -> int:
    """Record about `events` events: mostly time entries, saved in batches like an import."""
    signup = ledger.create_workspace("Bench", "EUR", "UTC", Decimal("90.00"), "Owner", "o@bench")
    owner = ledger.authenticate(signup["api_key"])
    assert owner is not None
    members = [ledger.add_member(owner, f"M{i}", f"m{i}@bench", Role.MEMBER, None)["id"] for i in range(5)]
    clients = [ledger.create_client(owner, f"Client {i}")["id"] for i in range(3)]
    projects = [ledger.create_project(owner, f"P{i}", clients[i % 3])["id"] for i in range(6)]
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    batch = []
    n = 0
    while (ledger.recorder.max_notification_id() or 0) < events * 0.9:
        begin = start + timedelta(minutes=37 * n)
        entry = TimeEntry(
            id=uuid4(),
            actor_id=owner.member_id,
            workspace_id=owner.workspace_id,
            member_id=members[n % 5],
            project_id=projects[n % 6],
            client_id=clients[n % 6 % 3],
            description=f"task {n % 17}",
            start=begin,
            end=begin + timedelta(minutes=30),
            day=begin.date(),
            duration_seconds=1800,
            billable=True,
            hourly_rate=Decimal("90.00"),
            amount=Decimal("45.00"),
        )
        if n % 3 == 0:
            entry.approve(owner.member_id)
        batch.append(entry)
        n += 1
        if len(batch) == 1000:
            ledger.save(*batch)
            batch.clear()
            progress("recording", ledger.recorder.max_notification_id() or 0, events)
    ledger.save(*batch)
    # Invoices that import a month each: ItemsImported plus one Invoiced event per entry.
    month = date(2026, 1, 1)
    while (ledger.recorder.max_notification_id() or 0) < events:
        for client in clients:
            invoice = ledger.create_invoice(owner, client)["id"]
            to = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            with contextlib.suppress(NothingToImport):  # a month without entries is fine here
                ledger.import_items(owner, invoice, ImportRequest(month, to))
        month = to + timedelta(days=1)
        progress("recording", ledger.recorder.max_notification_id() or 0, events)
    print(file=sys.stderr)
    return ledger.recorder.max_notification_id() or 0


def timed(action: Callable[[], object], repeat: int) -> float:
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def read_all(ledger: Ledger, decode: bool) -> None:
    position = 0
    while notes := ledger.recorder.select_notifications(position, 1000, inclusive_of_start=False):
        if decode:
            for note in notes:
                ledger.mapper.to_domain_event(note)
        position = notes[-1].id


def per_event(read_models: ReadModels, name: str, count: int) -> float:
    """Seconds to rebuild `name` over its first `count` events with one transaction per event."""
    saved = runner.BATCH_SIZE
    runner.BATCH_SIZE = 1
    try:
        model = read_models.models[name]
        projector = read_models.projector
        g = runner.pending_generation(read_models.store, model)
        started = time.perf_counter()
        for _ in range(count):
            notes, events = projector._read(g.position, [model], 1)
            projector.apply(model, g, notes, events)
            g = runner.Generation(g.name, g.generation, notes[-1].id, False)
        elapsed = time.perf_counter() - started
        with read_models.store.transaction() as tx:
            for statement in model.drop_statements(g.generation):
                tx.execute(statement)
            tx.execute("DELETE FROM rm_tracking WHERE name = ? AND live = 0", (name,))
        return elapsed
    finally:
        runner.BATCH_SIZE = saved


def bench(label: str, settings: Settings, events: int, repeat: int) -> list[str]:
    print(f"{label}:", file=sys.stderr)
    ledger = open_ledger(settings)
    read_models = ReadModels.open(settings, ledger)
    try:
        total = record_stream(ledger, events)
        raw = timed(lambda: read_all(ledger, decode=False), repeat)
        decoded = timed(lambda: read_all(ledger, decode=True), repeat)
        lines = [
            f"{label}: {total} events",
            f"  raw select_notifications   {total / raw:>10,.0f} events/s",
            f"  select + decode            {total / decoded:>10,.0f} events/s",
        ]
        for model in all_models():
            seconds = timed(lambda m=model: read_models.rebuild(m.name), repeat)
            lines.append(
                f"  rebuild {model.name:<18} {total / seconds:>10,.0f} events/s"
                f"   ({raw / seconds:.2f} of raw read speed, {decoded / seconds:.2f} of read + decode)"
            )
        slice_ = min(2000, total)
        batched = timed(lambda: read_models.rebuild("time_report"), repeat)
        single = per_event(read_models, "time_report", slice_)
        lines.append(
            f"  time_report one transaction per event: {slice_ / single:,.0f} events/s;"
            f" batching is {(total / batched) / (slice_ / single):.1f}x faster"
        )
        return lines
    finally:
        read_models.close()
        ledger.close()


@contextmanager
def backends(which: str) -> Iterator[list[tuple[str, Settings]]]:
    with tempfile.TemporaryDirectory() as tmp:
        chosen = []
        if which in ("sqlite", "both"):
            chosen.append(("SQLite", Settings(database_url=f"sqlite:///{tmp}/bench.db")))
        if which in ("postgres", "both"):
            with throwaway_postgres() as url:
                with psycopg.connect(url, autocommit=True) as conn:
                    conn.execute("CREATE SCHEMA bench")
                chosen.append(("PostgreSQL 15", Settings(database_url=url, database_schema="bench")))
                yield chosen
                return
        yield chosen


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    with backends(args.backend) as chosen:
        results = [
            line for label, settings in chosen for line in bench(label, settings, args.events, args.repeat)
        ]
    print("\n".join(results))


if __name__ == "__main__":
    main()
