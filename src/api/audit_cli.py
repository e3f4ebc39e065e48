"""`ledger audit head|verify|init`: the audit chain from the operator's side (SPEC §11, §17).

Exit codes: 0 the history is intact (or the command did its work), 1 a problem was found or
the command failed, 2 the command line was wrong (argparse's own, or an unreadable anchors file).
"""

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ledger.application import Ledger, open_ledger
from ledger.audit.views import Anchor, AuditProblem, Verification
from ledger.config import Settings
from ledger.usecases.audit import StoreVerification

EXAMPLES = """examples:
  ledger audit head >> anchors.jsonl          keep today's anchors somewhere safe
  ledger audit verify --anchors anchors.jsonl  prove nothing before them changed
  ledger audit verify --workspace 6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11
  ledger audit init                            chain a store made before the chain, once
"""
EVENTS_TABLE = "ledger_events"


class StoreMissing(Exception):
    """There is no ledger where the settings point: an operator command never creates one."""


class BadAnchors(Exception):
    """The anchors file cannot be read as anchors."""


def add_commands(subparsers: Any) -> None:
    """Register `audit` on the `ledger` command."""
    audit = subparsers.add_parser(
        "audit",
        help="prove that no event was changed, removed or slipped in",
        description="The audit chain: every event of a workspace hashed into a chain (see docs/audit.md).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = audit.add_subparsers(dest="action", required=True, metavar="ACTION")
    head = actions.add_parser(
        "head",
        help="print every workspace's anchor, one JSON object per line",
        description="Print each workspace's last link as JSON lines: keep them outside the system, "
        "and give them back to `verify --anchors` later.",
    )
    head.set_defaults(handler=_head)
    verify = actions.add_parser(
        "verify",
        help="recompute the chains from the stored events; exit 1 on any problem",
        description="Recompute every chain (or one workspace's) from the stored events and name what "
        "was changed, removed, slipped in or reordered. Exit 0 if intact, 1 on any problem.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verify.add_argument("--workspace", type=UUID, metavar="ID", help="only this workspace")
    verify.add_argument(
        "--anchors",
        type=Path,
        metavar="FILE",
        help="anchors kept earlier: JSON lines of {workspace_id, seq, hash} as `audit head` prints them",
    )
    verify.add_argument("--json", action="store_true", help="one JSON report per workspace")
    verify.set_defaults(handler=_verify)
    init = actions.add_parser(
        "init",
        help="chain the events recorded before the chain existed (once)",
        description="Chain, once, the events a store recorded before it had the audit chain. Their "
        "first link records that it was built afterwards, and when.",
    )
    init.set_defaults(handler=_init)


def require_store(settings: Settings) -> None:
    """Refuse to go on unless a ledger exists where the settings point, naming where it looked."""
    if not settings.is_postgres:
        path = Path(settings.database_url.removeprefix("sqlite:///")).resolve()
        if not path.is_file():
            raise StoreMissing(f"no ledger database at {path} (set LEDGER_DATABASE_URL)")
        return
    where = f"schema {settings.database_schema!r} of {settings.database_url.rsplit('@', 1)[-1]}"
    try:
        with psycopg.connect(settings.database_url, connect_timeout=10) as conn:
            qualified = f'"{settings.database_schema}".{EVENTS_TABLE}'
            found = conn.execute("SELECT to_regclass(%s)", (qualified,)).fetchone()
    except psycopg.Error as error:
        raise StoreMissing(f"cannot reach the ledger database ({where}): {error}") from None
    if not found or found[0] is None:
        raise StoreMissing(f"no ledger in {where} (set LEDGER_DATABASE_URL and LEDGER_DATABASE_SCHEMA)")


@contextmanager
def _opened() -> Iterator[Ledger]:
    settings = Settings()
    require_store(settings)
    ledger = open_ledger(settings)
    try:
        yield ledger
    finally:
        ledger.close()


@contextmanager
def _progress(description: str, total: int | None) -> Iterator[Any]:
    """A progress bar on a terminal's stderr, nothing when stderr is a file or a pipe."""
    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, disable=not console.is_terminal, transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)


def _head(args: argparse.Namespace) -> int:
    with _opened() as ledger:
        heads = ledger.chain_heads()
    for head in heads:
        print(head.model_dump_json())
    return 0


def read_anchors(path: Path) -> list[tuple[UUID | None, Anchor]]:
    """Anchors from a file of JSON lines (or one JSON array) of {workspace_id?, seq, hash}."""
    try:
        text = path.read_text(encoding="utf-8")
        stripped = text.strip()
        items = (
            json.loads(stripped)
            if stripped.startswith("[")
            else [json.loads(x) for x in text.splitlines() if x.strip()]
        )
        anchors = []
        for item in items:
            workspace = item.pop("workspace_id", None)
            anchors.append((UUID(workspace) if workspace else None, Anchor.model_validate(item)))
    except (OSError, ValueError, TypeError, AttributeError) as error:
        raise BadAnchors(f"cannot read anchors from {path}: {error}") from None
    return anchors


def _verify(args: argparse.Namespace) -> int:
    try:
        anchors = read_anchors(args.anchors) if args.anchors else []
    except BadAnchors as error:
        print(f"ledger audit verify: {error}", file=sys.stderr)
        return 2
    with _opened() as ledger:
        total = sum(h.seq for h in ledger.chain_heads() if args.workspace in (None, h.workspace_id))
        with _progress("verifying", total) as advance:
            result = ledger.verify_store(args.workspace, anchors, advance)
    _print_verification(result, args.json)
    return 0 if result.ok else 1


def _print_verification(result: StoreVerification, as_json: bool) -> None:
    for workspace_id, verification in sorted(result.workspaces.items()):
        if as_json:
            print(json.dumps({"workspace_id": str(workspace_id), **verification.model_dump(mode="json")}))
        else:
            print(_summary(workspace_id, verification))
    for workspace_id in result.pending:
        print(f"workspace {workspace_id}: not chained yet: run `ledger audit init`", file=sys.stderr)
    if result.unclaimed_count:
        print(f"{result.unclaimed_count} event(s) of no chained workspace were slipped in; first:")
        print("  " + _problem(result.unclaimed[0]))
    verdict = "intact" if result.ok else "NOT intact"
    print(f"{result.events} events verified in {len(result.workspaces)} workspace(s): history {verdict}")


def _summary(workspace_id: UUID, verification: Verification) -> str:
    head = f"workspace {workspace_id}: {verification.events} events, head {verification.head.seq}"
    if verification.ok:
        return f"{head}: ok"
    count = len(verification.problems)
    return f"{head}: {count} problem(s); first: {_problem(verification.problems[0])}"


def _problem(problem: AuditProblem) -> str:
    where = f"seq {problem.seq}" if problem.seq is not None else "no link"
    event = f"aggregate {problem.aggregate_id} version {problem.version}" if problem.aggregate_id else "-"
    return f"{problem.kind.value} at {where}, {event}: {problem.detail}"


def _init(args: argparse.Namespace) -> int:
    with _opened() as ledger, _progress("chaining", ledger.recorder.max_notification_id()) as advance:
        built = ledger.build_chain(datetime.now(UTC), advance)
    if not built.workspaces:
        print("nothing to do: every workspace is chained already")
        return 0
    print(
        f"chained {built.events} events of {built.workspaces} workspace(s) recorded before the chain; "
        f"their first links say so (built at {built.built_at})"
    )
    if built.left_out:
        left = f"{built.left_out} event(s) belong to no pending workspace and were left out"
        print(f"{left}: run `ledger audit verify`")
    return 0
