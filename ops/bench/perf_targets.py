"""Benchmark: the targets of "import at scale and performance", each beside its floor, in one run.

Until the benchmark suite (`ops/bench/run`) lands, this script measures the same figures in the
suite's terms (median, min and max of --runs timed runs after one warm-up; ratio to a baseline
measured in the same run) on a SQLite file and a throwaway PostgreSQL 15:
  import    10,000 entries + 1,000 expenses into one invoice, detailed, through the use case; the
            same plus its answer as JSON (the HTTP body, as FastAPI serialises it); beside the
            floor: the library's `save()` of the same 11,000 aggregates with one more event each
  scaling   the import of 1,000, 10,000 and 50,000 entries, per entry, each size in a fresh
            process (its peak RSS is the process's)
  history   reading an invoice after 2,000 events against one after 10 (the same 5 lines)
  rebuild   every read model rebuilt from a store of about 45,000 events, written as typed JSON
            (format 2) and as the tagged JSON of earlier releases (format 1); and reading +
            decoding alone

    .venv/bin/python ops/bench/perf_targets.py [--backend sqlite|postgres|both] [--runs 3]
        [--only import scaling history rebuild] [--profile FILE]
"""

import argparse
import contextlib
import gc
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

import psycopg  # noqa: E402
from eventsourcing.application import Application  # noqa: E402
from eventsourcing.persistence import JSONTranscoder, Mapper  # noqa: E402
from pydantic import TypeAdapter  # noqa: E402

from ledger.access import Actor, Role  # noqa: E402
from ledger.application import Ledger, open_ledger  # noqa: E402
from ledger.commands import AddLine, ChangeInvoice, CreateWorkspace, ImportItems, Owner  # noqa: E402
from ledger.config import Settings, eventsourcing_env  # noqa: E402
from ledger.transcodings import register_domain_transcodings  # noqa: E402
from ledger.views import ImportView  # noqa: E402
from projections import ReadModels  # noqa: E402
from support.bulk import seed  # noqa: E402
from support.postgres_server import throwaway_postgres  # noqa: E402
from support.world import OCTOBER, World, given_world  # noqa: E402

Row = tuple[str, str, list[float], str]  # backend, label, values, unit


class Stores:
    """Fresh, empty stores of one backend: a SQLite file each, or a PostgreSQL schema each."""

    def __init__(self, backend: str, url: str, workdir: Path) -> None:
        self.backend, self.url, self.workdir, self.count = backend, url, workdir, 0

    def fresh(self) -> Settings:
        self.count += 1
        if self.backend == "sqlite":
            return Settings(database_url=f"sqlite:///{self.workdir / f'store{self.count}.db'}")
        schema = f"bench{self.count}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        return Settings(database_url=self.url, database_schema=schema, database_pool_size=4)


def timed(runs: int, run: Callable[[int], object]) -> list[float]:
    """Seconds of run(1..runs), after run(0) to warm up; the garbage collector runs between runs."""
    seconds = []
    for i in range(runs + 1):
        gc.collect()
        started = time.perf_counter()
        run(i)
        if i:
            seconds.append(time.perf_counter() - started)
    return seconds


def seeded(ledger: Ledger, entries: int, expenses: int) -> dict[str, str]:
    """A workspace with `entries` and `expenses` billable in October and a draft invoice."""
    owner = Owner(name="Olga Owner", email="olga@example.com")
    signup = ledger.create_workspace(
        CreateWorkspace(name="Initech", currency="EUR", timezone="UTC", hourly_rate="100.00", owner=owner)
    )
    actor = ledger.authenticate(signup.api_key)
    assert actor is not None
    world = World(ledger, actor)
    client = world.client()
    seed(world, client, world.project(client), world.category(), entries, expenses)
    invoice = str(world.invoice(client))
    return {
        "ws": str(actor.workspace_id),
        "owner": str(actor.member_id),
        "invoice": invoice,
        "key": signup.api_key,
    }


def seed_all(settings: Settings, sizes: list[tuple[int, int]]) -> list[dict[str, str]]:
    """Seeded workspaces, then the store closed: SQLite checkpoints its write-ahead log on the last
    close, so the timed runs do not pay for copying the seeding's pages."""
    ledger = open_ledger(settings)
    try:
        return [seeded(ledger, entries, expenses) for entries, expenses in sizes]
    finally:
        ledger.close()


def import_month(ledger: Ledger, ws: dict[str, str], expenses: bool = True) -> ImportView:
    owner = Actor(UUID(ws["ws"]), UUID(ws["owner"]), Role.OWNER)
    command = ImportItems(date_from=OCTOBER[0], date_to=OCTOBER[1], include_expenses=expenses)
    return ledger.import_items(owner, UUID(ws["invoice"]), command)


# Import, and the library's floor.


class Floor(Application[UUID]):
    """The library's application storing the ledger's events, as earlier releases encoded them."""

    name = "Floor"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)


def floor_seconds(settings: Settings, entries: int, expenses: int, runs: int) -> list[float]:
    """The library's `save()` of the import's 11,000 aggregates with one more event each.

    Its stock recorder on SQLite; on PostgreSQL the ledger's, which sends the stock recorder's
    statements as a plain transaction (the stock pipeline deadlocks at this size, psycopg #685).
    """
    env = eventsourcing_env(settings)
    if not settings.is_postgres:
        del env["APPLICATION_RECORDER_TOPIC"]
        env["SQLITE_DBNAME"] += ".floor"
    floor = Floor(env=env)
    times: list[float] = []
    try:
        for _ in range(runs + 1):
            # The same aggregates `support.bulk.seed` records, kept here instead of saved.
            made = Made()
            owner = Actor(uuid4(), uuid4(), Role.OWNER)
            seed(World(made, owner), uuid4(), uuid4(), uuid4(), entries, expenses)  # type: ignore[arg-type]
            floor.save(*made.aggregates)  # new aggregates: not timed
            invoice = uuid4()
            for n, aggregate in enumerate(made.aggregates):
                aggregate.invoice(owner.member_id, invoice, UUID(int=n), invoice)
            started = time.perf_counter()
            floor.save(*made.aggregates)
            times.append(time.perf_counter() - started)
        return times[1:]
    finally:
        floor.close()


class Made:
    """Stands in for the ledger in `support.bulk.seed`: keeps what it would have saved."""

    def __init__(self) -> None:
        self.aggregates: list[Any] = []

    def save(self, *aggregates: Any) -> None:
        self.aggregates += aggregates


def import_case(stores: Stores, runs: int, profile: str | None) -> list[Row]:
    settings = stores.fresh()
    workspaces = seed_all(settings, [(10_000, 1_000)] * (2 * (runs + 1) + (1 if profile else 0)))
    ledger = open_ledger(settings)
    answer = TypeAdapter(ImportView)
    try:
        use_case = timed(runs, lambda i: import_month(ledger, workspaces[i]))
        with_json = timed(runs, lambda i: answer.dump_json(import_month(ledger, workspaces[runs + 1 + i])))
        if profile:
            from pyinstrument import Profiler

            with Profiler(interval=0.001) as profiler:
                import_month(ledger, workspaces[-1])
            Path(f"{profile}.{stores.backend}.txt").write_text(profiler.output_text(color=False))
    finally:
        ledger.close()
    floor = floor_seconds(stores.fresh(), 10_000, 1_000, runs)
    return [
        (stores.backend, "import 10,000 + 1,000, use case", use_case, "s"),
        (stores.backend, "import 10,000 + 1,000, use case + JSON answer", with_json, "s"),
        (
            stores.backend,
            "import 10,000 + 1,000, HTTP (in-process app, projections running)",
            http(stores, runs),
            "s",
        ),
        (stores.backend, "floor: library save() of 11,000 aggregates, one more event each", floor, "s"),
    ]


def http(stores: Stores, runs: int) -> list[float]:
    """POST …/imports to the app (TestClient: the whole ASGI stack, its own projections running,
    brought current, untimed, before each run) and read its 11,000-line answer."""
    from fastapi.testclient import TestClient

    from api.app import create_app

    settings = stores.fresh()
    workspaces = seed_all(settings, [(10_000, 1_000)] * (runs + 1))
    body = {"date_from": "2026-10-01", "date_to": "2026-10-31", "include_expenses": True}
    with TestClient(create_app(settings)) as client:
        seconds = []
        for i, ws in enumerate(workspaces):
            client.app.state.read_models.wait_until_current(600)  # type: ignore[attr-defined]
            gc.collect()
            started = time.perf_counter()
            path = f"/v1/workspaces/{ws['ws']}/invoices/{ws['invoice']}/imports"
            response = client.post(path, json=body, headers={"X-Api-Key": ws["key"]})
            if i:
                seconds.append(time.perf_counter() - started)
            assert response.status_code == 201, response.text[:500]
            assert len(response.json()["items"]) == 11_000
    return seconds


# Scaling: each size measured in a process of its own.


def scaling_case(stores: Stores, runs: int) -> list[Row]:
    rows = []
    for size in (1_000, 10_000, 50_000):
        settings = stores.fresh()
        workspaces = seed_all(settings, [(size, 0)] * (runs + 1))
        request = {"settings": settings.model_dump(mode="json"), "workspaces": workspaces, "runs": runs}
        command = [sys.executable, __file__, "--worker", json.dumps(request)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=True)
        answer = json.loads(done.stdout.splitlines()[-1])
        per_entry = [1000 * s / size for s in answer["seconds"]]
        rows.append(
            (
                stores.backend,
                f"import of {size:,} entries, per entry (RSS {answer['rss_mb']:.0f} MB)",
                per_entry,
                "ms",
            )
        )
    return rows


def scaling_worker(request: dict[str, Any]) -> None:
    ledger = open_ledger(Settings(**request["settings"]))
    workspaces = request["workspaces"]
    try:
        seconds = timed(request["runs"], lambda i: import_month(ledger, workspaces[i], expenses=False))
    finally:
        ledger.close()
    print(json.dumps({"seconds": seconds, "rss_mb": peak_rss_mb()}))


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM). Not `getrusage`: its maximum survives `exec`, so a
    worker would report the RSS of the parent it was forked from when that was larger."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# History length.


def history_case(stores: Stores, runs: int) -> list[Row]:
    ledger = open_ledger(stores.fresh())
    rows = []
    try:
        world = given_world(ledger)
        client = world.client()
        invoices = {}
        for events in (10, 2_000, 2_019):
            invoice = world.invoice(client)
            for n in range(5):
                line = AddLine(description=f"line {n}", quantity="1", unit_price="10.00")
                ledger.add_item(world.owner, invoice, line)
            for n in range(events - 6):
                ledger.change_invoice_details(world.owner, invoice, ChangeInvoice(subject=f"subject {n}"))
            assert world.invoice_view(invoice).version == events
            invoices[events] = invoice
        reads = 50
        for events, invoice in invoices.items():
            seconds = timed(runs, lambda _, i=invoice: [world.invoice_view(i) for _ in range(reads)])
            label = f"read an invoice after {events:,} events, per read"
            rows.append((stores.backend, label, [1000 * s / reads for s in seconds], "ms"))
    finally:
        ledger.close()
    return rows


# Rebuild: a store of each format, every read model rebuilt, and reading + decoding alone.


class TaggedLedger(Ledger):
    """The ledger writing events as earlier releases did: the library's mapper, tagged JSON."""

    name = "Ledger"  # the library names tables after the class otherwise (taggedledger_events)

    def construct_mapper(self) -> Mapper[UUID]:
        return Application.construct_mapper(self)


def rebuild_case(stores: Stores, runs: int) -> list[Row]:
    rows = []
    for label, ledger_class in (("typed JSON", Ledger), ("tagged JSON", TaggedLedger)):
        settings = stores.fresh()
        writer = ledger_class(env=eventsourcing_env(settings))
        try:
            for _ in range(2):
                import_month(writer, seeded(writer, 10_000, 1_000))
        finally:
            writer.close()
        ledger = open_ledger(settings)  # reads both formats, as a store after this release does
        models = ReadModels.open(settings, ledger)
        try:
            head = ledger.recorder.max_notification_id() or 0
            decode = ledger.mapper.to_domain_event

            def read_all(app: Ledger = ledger, decode: Callable[[Any], Any] = decode) -> None:
                after = 0
                while notes := app.recorder.select_notifications(after, 1000, inclusive_of_start=False):
                    [decode(note) for note in notes]
                    after = notes[-1].id

            rows.append(
                (
                    stores.backend,
                    f"read + decode, {label}",
                    [head / s for s in timed(runs, lambda _: read_all())],
                    "events/s",
                )
            )
            for name in models.models:
                try:
                    seconds = timed(runs, lambda _, name=name, models=models: models.rebuild(name))
                except Exception as error:  # a read model this branch's projections cannot build yet
                    print(f"{stores.backend}: rebuild {name} failed: {error!r}", file=sys.stderr)
                    continue
                rows.append(
                    (stores.backend, f"rebuild {name}, {label}", [head / s for s in seconds], "events/s")
                )
        finally:
            models.close()
            ledger.close()
    return rows


# Running and printing.


@contextlib.contextmanager
def backends(which: str) -> Iterator[list[tuple[str, str]]]:
    names = ["sqlite", "postgres"] if which == "both" else [which]
    if "postgres" not in names:
        yield [("sqlite", "")]
        return
    with throwaway_postgres() as url:
        yield [(name, url if name == "postgres" else "") for name in names]


def print_rows(rows: list[Row]) -> None:
    print(f"\n{'backend':9} {'figure':78} {'median':>10} {'min':>10} {'max':>10}  unit   ratio")
    base: dict[str, float] = {}
    for backend, label, values, unit in rows:
        median = statistics.median(values)
        ratio = ""
        if label.startswith("floor:"):
            base[backend] = median
        elif label.startswith("import 10,000") and backend in base:
            ratio = f"{median / base[backend]:.2f}× floor"
        figures = f"{median:10,.3f} {min(values):10,.3f} {max(values):10,.3f}"
        print(f"{backend:9} {label:78} {figures}  {unit:6} {ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=["import", "scaling", "history", "rebuild"])
    parser.add_argument("--profile", help="write a pyinstrument profile of one import to FILE.<backend>.txt")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        scaling_worker(json.loads(args.worker))
        return
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="perf-") as tmp, backends(args.backend) as found:
        for backend, url in found:
            stores = Stores(backend, url, Path(tmp))
            # The import and its floor first: they belong together, and import rows are compared to it.
            if "import" in args.only:
                floor_last = import_case(stores, args.runs, args.profile)
                rows += [floor_last[-1], *floor_last[:-1]]
            if "scaling" in args.only:
                rows += scaling_case(stores, args.runs)
            if "history" in args.only:
                rows += history_case(stores, args.runs)
            if "rebuild" in args.only:
                rows += rebuild_case(stores, args.runs)
            print_rows(rows)
    print_rows(rows)


if __name__ == "__main__":
    main()
