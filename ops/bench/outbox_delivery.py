"""Benchmark: queued invoice e-mails delivered by the outbox worker to a local SMTP server.

Each run records N invoices of one line each and queues one e-mail (with its PDF) per invoice on a
fresh store, then times one worker delivering all of them to an aiosmtpd server on a loopback port:
e-mails per second, and the share of the time spent rendering PDFs and talking SMTP (the rest is
following the log, claiming, loading the invoice as queued and recording the outcome). Prints the
median, min and max of --runs runs; asserts nothing.

    .venv/bin/python ops/bench/outbox_delivery.py [--emails 1000] [--runs 3] [--backend sqlite]
"""

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from uuid import uuid4

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))

import psycopg

from ledger.application import open_ledger
from ledger.config import Settings
from outbox.service import Outbox
from outbox.smtp import SmtpTransport
from projections import ReadModels
from support.mailing import an_invoice_to_mail, queue
from support.postgres_server import throwaway_postgres
from support.smtp_server import running_smtp_server
from support.world import given_world


@dataclass(frozen=True)
class Run:
    emails: int
    seconds: float
    pdf_seconds: float
    smtp_seconds: float
    queue_seconds: float

    @property
    def per_second(self) -> float:
        return self.emails / self.seconds


def one_run(settings: Settings, emails: int) -> Run:
    ledger = open_ledger(settings)
    read_models = ReadModels.open(settings, ledger)
    try:
        world = given_world(ledger)
        started = time.perf_counter()
        for n in range(emails):
            queue(world, an_invoice_to_mail(world, unit_price=f"{100 + n}.00"))
            if n % 100 == 99:
                print(f"\r  queued {n + 1}/{emails}", end="", file=sys.stderr, flush=True)
        queued = time.perf_counter() - started
        read_models.catch_up()  # the read side is current before timing starts, as in a live system
        with running_smtp_server() as server:
            transport = SmtpTransport.from_url(server.url(timeout=30))
            outbox = Outbox.open(settings, ledger, read_models, transport)
            outbox.worker.follow()
            started = time.perf_counter()
            attempted = outbox.worker.run_once()
            seconds = time.perf_counter() - started
            received = len(server.received)
        status = outbox.status()
        if (attempted, received, status.delivered) != (emails, emails, emails):
            raise RuntimeError(f"expected {emails} delivered: {attempted=} {received=} {status}")
        counters = outbox.counters
        print(f"\r  {emails} e-mails in {seconds:.1f} s ({emails / seconds:.1f}/s)", file=sys.stderr)
        return Run(emails, seconds, counters.pdf_seconds, counters.smtp_seconds, queued)
    finally:
        read_models.close()
        ledger.close()


@contextmanager
def stores(backend: str, runs: int) -> Iterator[list[Settings]]:
    """A fresh, empty store per run."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            urls = [f"sqlite:///{directory}/run{n}.db" for n in range(runs)]
            yield [Settings(database_url=url, outbox_dir=Path(directory) / "outbox") for url in urls]
        return
    with throwaway_postgres() as url:
        schemas = [f"bench_{uuid4().hex[:12]}" for _ in range(runs)]
        with psycopg.connect(url, autocommit=True) as conn:
            for schema in schemas:
                conn.execute(f'CREATE SCHEMA "{schema}"')
        yield [Settings(database_url=url, database_schema=schema) for schema in schemas]


def spread(values: list[float], unit: str = "") -> str:
    return f"{statistics.median(values):.3f}{unit} (min {min(values):.3f}, max {max(values):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--emails", type=int, default=1000, help="e-mails per run (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs (default 3)")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    results = []
    with stores(args.backend, args.runs) as all_settings:
        for n, settings in enumerate(all_settings, 1):
            print(f"run {n}/{args.runs} on {args.backend}", file=sys.stderr)
            results.append(one_run(settings, args.emails))
    print(f"{args.emails} e-mails per run, {args.runs} runs, {args.backend}: median (min, max)")
    print(f"  delivered per second       {spread([r.per_second for r in results])}")
    print(f"  seconds per run            {spread([r.seconds for r in results])}")
    print(f"  share rendering PDFs       {spread([r.pdf_seconds / r.seconds for r in results])}")
    print(f"  share talking SMTP         {spread([r.smtp_seconds / r.seconds for r in results])}")
    print(f"  ms per PDF                 {spread([1000 * r.pdf_seconds / r.emails for r in results])}")
    print(f"  queued per second (setup)  {spread([r.emails / r.queue_seconds for r in results])}")


if __name__ == "__main__":
    main()
