"""Operators' and auditors' commands: `ledger projections run|status|rebuild`, `ledger history`."""

import argparse
import json
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from uuid import UUID

from ledger.application import Ledger, open_ledger
from ledger.config import Settings
from ledger.errors import NotFound
from projections.check import Findings, check_ledger, check_read_models
from projections.read_models import ReadModels, all_models
from projections.runner import Projector

MODEL_NAMES = [model.name for model in all_models()]


def add_commands(subparsers: Any) -> None:
    """Register `projections` and `history` on the `ledger` command."""
    projections = subparsers.add_parser("projections", help="run, watch and rebuild the read models")
    actions = projections.add_subparsers(dest="action", required=True)
    run = actions.add_parser("run", help="a worker keeping read models current (Ctrl-C stops it)")
    run.add_argument("name", nargs="?", choices=MODEL_NAMES, help="one read model (default: all)")
    run.set_defaults(handler=_run)
    status = actions.add_parser("status", help="position, head, lag and events/s of each read model")
    status.set_defaults(handler=_status)
    rebuild = actions.add_parser("rebuild", help="replay every event into fresh tables, then swap them in")
    which = rebuild.add_mutually_exclusive_group(required=True)
    which.add_argument("name", nargs="?", choices=MODEL_NAMES)
    which.add_argument("--all", action="store_true", help="rebuild every read model")
    rebuild.set_defaults(handler=_rebuild)

    check = subparsers.add_parser(
        "check",
        help="check the ledger's invariants and that read models equal a fresh rebuild (exit 1 if not)",
        description="Every entry and expense invoiced exactly when one live line bills it (or marked by "
        "hand), line sources exist, totals follow SPEC §6, every read model equals a fresh rebuild.",
    )
    check.add_argument("--no-read-models", action="store_true", help="skip comparing read models")
    check.set_defaults(handler=_check)

    history = subparsers.add_parser("history", help="an auditor's replay of one aggregate, event by event")
    history.add_argument("kind", choices=["invoice", "time-entry", "expense"])
    history.add_argument("id", type=UUID)
    history.add_argument("--as-of", type=datetime.fromisoformat, help="RFC 3339 instant: stop there")
    history.set_defaults(handler=_history)


@contextmanager
def _opened() -> Iterator[tuple[Ledger, ReadModels]]:
    settings = Settings()
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
        signal.signal(signal.SIGTERM, lambda *_: worker.stop())
        print(f"projecting {', '.join(names)} (Ctrl-C to stop)", file=sys.stderr)
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


def _progress_bar(name: str) -> Any:
    def show(position: int, head: int) -> None:
        done = position / head if head else 1.0
        bar = "#" * int(done * 30)
        print(f"\r{name:<16} [{bar:<30}] {done:6.1%} {position}/{head}", end="", file=sys.stderr, flush=True)

    return show


def _rebuild(args: argparse.Namespace) -> int:
    with _opened() as (_, read_models):
        for name in MODEL_NAMES if args.all else [args.name]:
            position = read_models.rebuild(name, _progress_bar(name))
            print(f"\r{name:<16} rebuilt up to event {position}{' ' * 40}", file=sys.stderr)
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


def _history(args: argparse.Namespace) -> int:
    with _opened() as (ledger, _):
        try:
            events, state = ledger.replay(args.kind, args.id, args.as_of)
        except NotFound as error:
            print(f"ledger history: {error.detail}", file=sys.stderr)
            return 1
    for event in events:
        actor = event.actor_id or "-"
        print(f"v{event.version:<4} {event.recorded_at.isoformat()}  {event.type:<18} by {actor}")
        print(f"      {json.dumps(event.data, sort_keys=True)}")
    if args.as_of:
        print(f"state as of {args.as_of.isoformat()}:")
        print(json.dumps(state, indent=2, sort_keys=True))
    return 0
