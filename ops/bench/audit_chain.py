"""Benchmark: what the audit chain costs a write, and how fast a chain verifies (SPEC §17).

For each backend (SQLite file, throwaway PostgreSQL 15), in one run, side by side:
  - import:   an invoice imports --entries seeded time entries (one save of entries + 1
              events), with the chain and without it; each run on a fresh store, alternating
              which goes first;
  - commands: --commands single saves (`log_time`, one event each), with and without the chain;
  - verify:   the imported workspace's whole chain recomputed from the stored events (the use
              case under `POST /audit/verify` and `ledger audit verify`), in events/s.
Prints median, min and max of --repeat runs, and the chain's overhead (with / without - 1).

    .venv/bin/python ops/bench/audit_chain.py [--entries 10000] [--commands 300] [--repeat 3]
        [--backend sqlite|postgres|both]
"""

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import uuid4

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))

import psycopg

import ledger.usecases.base as base
from ledger.application import Ledger, open_ledger
from ledger.audit.chain import ChainLinks
from ledger.config import Settings
from support.bulk import seed
from support.postgres_server import throwaway_postgres
from support.world import World, given_world


class NoChain:
    """What a save writes when the chain is off: nothing."""

    @classmethod
    def of(cls, objects: Any) -> "NoChain":
        return cls()

    def write(self, tx: Any) -> None:
        return None


class TimedChain(ChainLinks):
    """The chain, with the time spent in it (making canonical bytes, hashing, writing) counted."""

    seconds = 0.0

    @classmethod
    def of(cls, objects: Any) -> "TimedChain":
        start = time.perf_counter()
        links = super().of(objects)
        TimedChain.seconds += time.perf_counter() - start
        return cls(links.events)

    def write(self, tx: Any) -> None:
        start = time.perf_counter()
        super().write(tx)
        TimedChain.seconds += time.perf_counter() - start


@contextmanager
def chain(on: bool) -> Iterator[None]:
    base.ChainLinks = TimedChain if on else NoChain  # type: ignore[attr-defined, assignment]
    try:
        yield
    finally:
        base.ChainLinks = ChainLinks  # type: ignore[attr-defined]


def stores(backend: str, postgres_url: str | None) -> Callable[[], Settings]:
    """A maker of fresh, empty stores on the backend."""
    folder = Path(tempfile.mkdtemp(prefix="audit-bench-"))

    def fresh() -> Settings:
        if backend == "sqlite":
            return Settings(database_url=f"sqlite:///{folder / uuid4().hex}.db")
        assert postgres_url is not None
        schema = f"bench_{uuid4().hex[:12]}"
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        return Settings(database_url=postgres_url, database_schema=schema)

    return fresh


def seeded(ledger: Ledger, entries: int) -> tuple[World, Any]:
    world = given_world(ledger)
    client = world.client()
    project = world.project(client)
    seed(world, client, project, world.category(), entries, 0)
    return world, world.invoice(client)


def timed(work: Callable[[], Any]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def run_import(fresh: Callable[[], Settings], entries: int, on: bool) -> tuple[float, float, Ledger, World]:
    """Seconds of the import, and of them those spent in the chain."""
    ledger = open_ledger(fresh())
    world, invoice = seeded(ledger, entries)
    TimedChain.seconds = 0.0
    with chain(on):
        seconds = timed(lambda: world.import_(invoice))
    return seconds, TimedChain.seconds, ledger, world


def run_commands(fresh: Callable[[], Settings], commands: int, on: bool) -> float:
    ledger = open_ledger(fresh())
    try:
        world = given_world(ledger)
        project = world.project(world.client())
        with chain(on):
            return timed(
                lambda: [
                    world.log(project, f"2026-10-{1 + n % 28:02d}T09:00:00+00:00", 1800)
                    for n in range(commands)
                ]
            )
    finally:
        ledger.close()


def spread(values: list[float], unit: str, digits: int = 3) -> str:
    return (
        f"median {statistics.median(values):.{digits}f}{unit} "
        f"(min {min(values):.{digits}f}, max {max(values):.{digits}f}, n={len(values)})"
    )


def bench(backend: str, args: argparse.Namespace, postgres_url: str | None) -> None:
    fresh = stores(backend, postgres_url)
    print(
        f"\n== {backend}: import of {args.entries} entries, {args.commands} single saves, {args.repeat} runs"
    )
    imports: dict[bool, list[float]] = {True: [], False: []}
    shares: list[float] = []
    commands: dict[bool, list[float]] = {True: [], False: []}
    kept: list[tuple[Ledger, World]] = []
    for run in range(args.repeat):
        for on in (True, False) if run % 2 == 0 else (False, True):
            seconds, in_chain, ledger, world = run_import(fresh, args.entries, on)
            imports[on].append(seconds)
            if on:
                shares.append(in_chain / seconds)
            if on and not kept:
                kept.append((ledger, world))
            else:
                ledger.close()
            commands[on].append(run_commands(fresh, args.commands, on))
            print(f"  run {run + 1} chain {'on ' if on else 'off'}: import {seconds:.3f}s", file=sys.stderr)
    for name, table in (("import", imports), (f"{args.commands} saves", commands)):
        print(f"{name:>12} with chain:    {spread(table[True], 's')}")
        print(f"{name:>12} without chain: {spread(table[False], 's')}")
        ratio = statistics.median(table[True]) / statistics.median(table[False])
        print(f"{name:>12} overhead:      {ratio - 1:+.1%} (median with / median without)")
    inside = spread([100 * x for x in shares], "%", 1)
    print(f"{'import':>12} time inside the chain's writer: {inside} of the import")
    ledger, world = kept[0]
    rates, floors = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        verification = ledger.verify_chain(world.owner)
        seconds = time.perf_counter() - start
        assert verification.ok, verification.problems[:3]
        rates.append(verification.events / seconds)
        floors.append(decode_rate(ledger))
    print(f"{'verify':>12} {verification.events} events: {spread(rates, ' events/s', 0)}")
    print(f"{'read+decode':>12} every event, no chain: {spread(floors, ' events/s', 0)}")
    ledger.close()


def decode_rate(ledger: Ledger) -> float:
    """Events/s of merely reading every event and decoding it with the library: a floor for any
    verification of decoded events."""
    start, count, after = time.perf_counter(), 0, 0
    while True:
        page = ledger.recorder.select_notifications(start=after, limit=1000, inclusive_of_start=False)
        for notification in page:
            ledger.mapper.to_domain_event(notification)
        count += len(page)
        if len(page) < 1000:
            return count / (time.perf_counter() - start)
        after = page[-1].id


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--commands", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    if args.backend in ("sqlite", "both"):
        bench("sqlite", args, None)
    if args.backend in ("postgres", "both"):
        with throwaway_postgres() as url:
            bench("postgres", args, url)


if __name__ == "__main__":
    main()
