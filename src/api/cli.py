"""The `ledger` command (SPEC §11): serve the API, load a demo, run projections, replay history.

Exit codes: 0 done, 1 the command failed, 2 the command line was wrong (argparse's own).
Every subcommand's handler takes the parsed arguments and returns the exit code.
"""

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import uvicorn

from api.demo import Demo, create_demo, is_empty, owner_of
from ledger.application import open_ledger
from ledger.config import Settings
from ledger.errors import LedgerError
from outbox.cli import add_commands as add_outbox_commands
from projections.cli import add_commands as add_projection_commands

DEMO_FILE = Path(".ledger-demo")


def _serve(args: argparse.Namespace) -> int:
    # The app factory reads its Settings from the environment, in this process and in workers.
    if args.no_projections:
        os.environ["LEDGER_RUN_PROJECTIONS"] = "false"
    if args.no_outbox:
        os.environ["LEDGER_RUN_OUTBOX"] = "false"
    uvicorn.run("api.app:create_app", factory=True, host=args.host, port=args.port, workers=args.workers)
    return 0


def _print_demo(demo: Demo) -> None:
    url = f"http://127.0.0.1:8000/v1/workspaces/{demo.workspace_id}/invoices"
    print(f"workspace id: {demo.workspace_id}")
    print(f"owner's API key: {demo.api_key}")
    print(f'try: curl -H "X-Api-Key: {demo.api_key}" {url}')


def _show_progress(done: int, total: int) -> None:
    end = "\n" if done == total else ""
    print(f"\rrecording time entries and expenses: {done}/{total}", end=end, file=sys.stderr, flush=True)


def _demo(args: argparse.Namespace) -> int:
    ledger = open_ledger(Settings())
    try:
        if args.if_empty:
            remembered = Demo.load(DEMO_FILE)
            if remembered is not None and owner_of(ledger, remembered) is not None:
                print(f"the demo workspace exists already (remembered in {DEMO_FILE})", file=sys.stderr)
                _print_demo(remembered)
                return 0
            if not is_empty(ledger):
                print("the ledger holds data already: no demo loaded", file=sys.stderr)
                return 0
        demo = create_demo(ledger, datetime.now(UTC).date(), _show_progress)
    finally:
        ledger.close()
    demo.save(DEMO_FILE)
    print(f"demo: {demo.time_entries} time entries, {demo.expenses} expenses, invoice {demo.invoice_id}")
    _print_demo(demo)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command line: `serve`, `demo`, the projections' `projections` and `history`, and `outbox`."""
    parser = argparse.ArgumentParser(
        prog="ledger",
        description="Invoicing of tracked time and expenses, event-sourced. Configured by LEDGER_* "
        "environment variables (LEDGER_DATABASE_URL, default sqlite:///./ledger.db).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve the HTTP API", description="Serve the HTTP API.")
    serve.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    serve.add_argument(
        "--no-projections",
        action="store_true",
        help="do not run the projections in-process (run `ledger projections run` instead)",
    )
    serve.add_argument(
        "--no-outbox",
        action="store_true",
        help="do not deliver e-mails in-process (run `ledger outbox run` instead)",
    )
    serve.set_defaults(handler=_serve)

    demo = commands.add_parser(
        "demo",
        help="load a demo workspace and print its API key",
        description="Create a demo workspace: two clients, projects, a member, expense categories, "
        f"last month's time and expenses, and a draft invoice. Its id and key are kept in {DEMO_FILE}.",
    )
    demo.add_argument(
        "--if-empty",
        action="store_true",
        help=f"do nothing if the demo in {DEMO_FILE} exists (its key is printed again) or the ledger "
        "holds any data",
    )
    demo.set_defaults(handler=_demo)

    add_projection_commands(commands)
    add_outbox_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `ledger` command; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except (LedgerError, ValueError) as error:
        # Ledger rules and configuration (a malformed LEDGER_* variable) fail with a message, not a trace.
        print(f"ledger {args.command}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
