"""Operators' commands of the outbox: `ledger outbox run` (a worker) and `ledger outbox status`."""

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ledger.application import open_ledger
from ledger.config import Settings
from outbox.service import Outbox
from projections import ReadModels
from projections.cli import run_in_foreground


def add_commands(subparsers: Any) -> None:
    """Register `outbox run` and `outbox status` on the `ledger` command."""
    outbox = subparsers.add_parser("outbox", help="deliver queued e-mails, and see where they stand")
    actions = outbox.add_subparsers(dest="action", required=True)
    run = actions.add_parser(
        "run",
        help="a worker delivering queued e-mails (one sends per store, others stand by; Ctrl-C stops it)",
    )
    run.set_defaults(handler=_run)
    status = actions.add_parser(
        "status", help="e-mails by status (every event followed first), the oldest waiting, position and lag"
    )
    status.set_defaults(handler=_status)


class MissingStore(ValueError):
    """An operator command pointed at an SQLite file that does not exist: it never creates one."""


@contextmanager
def _opened() -> Iterator[Outbox]:
    settings = Settings()
    if not settings.is_postgres:
        path = Path(settings.database_url.removeprefix("sqlite:///"))
        if not path.exists():
            raise MissingStore(f"no ledger at {path.resolve()} (set LEDGER_DATABASE_URL)")
    ledger = open_ledger(settings)
    try:
        read_models = ReadModels.open(settings, ledger)
        try:
            yield Outbox.open(settings, ledger, read_models)
        finally:
            read_models.close()
    finally:
        ledger.close()


def _run(args: argparse.Namespace) -> int:
    with _opened() as outbox:
        return run_in_foreground(outbox.worker, f"delivering e-mails via {outbox.worker.transport!r}")


def _status(args: argparse.Namespace) -> int:
    with _opened() as outbox:
        # Counts as of now: the table follows the log first (exactly once, as the worker would).
        outbox.worker.follow()
        status = outbox.status()
    now = datetime.now(UTC)
    print(f"{'queued':>8} {'sending':>8} {'delivered':>10} {'failed':>8}")
    print(f"{status.queued:>8} {status.sending:>8} {status.delivered:>10} {status.failed:>8}")
    if status.oldest_waiting_since is None:
        print("oldest waiting: none")
    else:
        waited = round(status.oldest_waiting_seconds(now))
        print(f"oldest waiting: since {status.oldest_waiting_since.isoformat()} ({waited} s)")
    print(f"position {status.position}, head {status.head}, lag {status.lag}")
    return 0
