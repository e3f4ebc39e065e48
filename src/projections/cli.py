"""Operators' commands of the read models: `ledger projections run|status|rebuild`, and
`ledger check`, which proves the ledger's invariants and the read models against a rebuild.

They read a store and never create one: a store that is not there is an error naming where it was
looked for. Progress bars are drawn only on a terminal; otherwise one line per finished model.
"""

import argparse
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ledger.application import Ledger, open_ledger
from ledger.config import Settings
from ledger.persistence.presence import require_store
from projections.check import Findings, check_ledger, check_read_models
from projections.read_models import ReadModels, all_models
from projections.runner import Projector

MODEL_NAMES = [model.name for model in all_models()]
EPILOG = """examples:
  ledger projections status                 where each read model stands
  ledger projections run                    a worker for every read model (Ctrl-C stops it)
  ledger projections run time_report        a worker for one
  ledger projections rebuild invoice_list   replay every event into fresh tables, then swap them in
  ledger projections rebuild --all
"""
CHECK_EXAMPLES = """examples:
  ledger check                              invariants and every read model (exit 1 if wrong)
  ledger check --no-read-models             the invariants of the event store only
"""


def _parser(subparsers: Any, name: str, help: str, description: str, epilog: str = EPILOG) -> Any:
    return subparsers.add_parser(
        name,
        help=help,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def add_commands(subparsers: Any) -> None:
    """Register `projections` and `check` on the `ledger` command."""
    projections = _parser(
        subparsers,
        "projections",
        "run, watch and rebuild the read models",
        f"The read models ({', '.join(MODEL_NAMES)}) answer every list and report; these commands "
        "keep them current, show where they stand, and rebuild them.",
    )
    actions = projections.add_subparsers(dest="action", required=True, metavar="ACTION")
    run = _parser(
        actions,
        "run",
        "a worker keeping read models current (Ctrl-C stops it)",
        "Follow the event log and keep read models current until stopped (SIGTERM or Ctrl-C).",
    )
    run.add_argument("name", nargs="?", choices=MODEL_NAMES, help="one read model (default: all)")
    run.set_defaults(handler=_run)
    status = _parser(
        actions,
        "status",
        "position, head, lag and events/s of each read model",
        "Where each "
        "read model stands: its position, the store's head, the lag, and events per second "
        "over its last batch (0 when it has been idle for a while).",
    )
    status.set_defaults(handler=_status)
    rebuild = _parser(
        actions,
        "rebuild",
        "replay every event into fresh tables, then swap them in",
        "Rebuild read models from the first event into fresh tables, swapped in at the end: "
        "the API keeps serving the old ones meanwhile.",
    )
    which = rebuild.add_mutually_exclusive_group(required=True)
    which.add_argument("name", nargs="?", choices=MODEL_NAMES, help="the read model to rebuild")
    which.add_argument("--all", action="store_true", help="rebuild every read model")
    rebuild.set_defaults(handler=_rebuild)

    check = _parser(
        subparsers,
        "check",
        "check the ledger's invariants and that read models equal a fresh rebuild (exit 1 if not)",
        "Every entry and expense invoiced exactly when one live line bills it (or marked by hand), "
        "line sources exist, invoice totals add up from their lines, and every read model equals a "
        "fresh rebuild. Prints each problem found; exit 1 if any.",
        CHECK_EXAMPLES,
    )
    check.add_argument("--no-read-models", action="store_true", help="skip comparing read models")
    check.set_defaults(handler=_check)


@contextmanager
def _opened() -> Iterator[tuple[Ledger, ReadModels]]:
    settings = Settings()
    require_store(settings)
    ledger = open_ledger(settings)
    read_models = ReadModels.open(settings, ledger)
    try:
        yield ledger, read_models
    finally:
        read_models.close()
        ledger.close()


def _run(args: argparse.Namespace) -> int:
    with _opened() as (ledger, read_models):
        names = [args.name] if args.name else MODEL_NAMES
        worker = Projector(
            read_models.store, ledger, [read_models.models[n] for n in names], read_models.waker
        )
        return run_in_foreground(worker, f"projecting {', '.join(names)}")


def run_in_foreground(worker: Any, doing: str) -> int:
    """Run a background worker (`start`, `running`, `join`, `stop`) until SIGTERM or Ctrl-C."""
    signal.signal(signal.SIGTERM, lambda *_: worker.stop())
    print(f"{doing} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    worker.start()
    try:
        while worker.running:
            worker.join(1.0)
    except KeyboardInterrupt:
        pass
    worker.stop()
    return 0


def _status(args: argparse.Namespace) -> int:
    with _opened() as (_, read_models):
        print(f"{'read model':<16} {'position':>10} {'head':>10} {'lag':>8} {'events/s':>10}")
        for row in read_models.status():
            print(
                f"{row['name']:<16} {row['position']:>10} {row['head']:>10} {row['lag']:>8} "
                f"{row['events_per_second']:>10}"
            )
    return 0


def _rebuild(args: argparse.Namespace) -> int:
    names = MODEL_NAMES if args.all else [args.name]
    with _opened() as (_, read_models):
        if not sys.stderr.isatty():
            for name in names:
                position = read_models.rebuild(name)
                print(f"{name}: rebuilt up to event {position}", file=sys.stderr, flush=True)
            return 0
        columns = (
            TextColumn("{task.description:<16}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, transient=False) as bars:
            for name in names:
                task = bars.add_task(name, total=None)

                def show(position: int, head: int, task: Any = task) -> None:
                    bars.update(task, completed=position, total=max(head, 1))

                position = read_models.rebuild(name, show)
                bars.update(task, completed=position, total=max(position, 1))
    return 0


def _check(args: argparse.Namespace) -> int:
    with _opened() as (ledger, read_models):
        findings = Findings()
        check_ledger(ledger, findings)
        if not args.no_read_models:
            check_read_models(read_models.projector, list(read_models.models.values()), findings)
    for problem in findings.problems:
        print(f"WRONG: {problem}")
    counted = ", ".join(f"{count} {what}" for what, count in findings.counted.items())
    print(f"{'clean' if findings.clean else f'{len(findings.problems)} problem(s)'}: checked {counted}")
    return 0 if findings.clean else 1
