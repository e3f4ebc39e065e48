"""The `ledger` command (SPEC §11): serve the API, load a demo, run projections, replay history.

Exit codes: 0 done, 1 the command failed, 2 the command line was wrong (argparse's own).
Every subcommand's handler takes the parsed arguments and returns the exit code. Commands that
only read a store (`history`, `projections`) never create one; `serve` and `demo` write, and
create it when it is missing.
"""

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import uvicorn
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from api.audit_cli import StoreMissing
from api.audit_cli import add_commands as add_audit_commands
from api.cli_history import add_command as add_history_command
from api.demo import Demo, create_demo, is_empty, owner_of
from ledger.application import open_ledger
from ledger.config import Settings
from ledger.errors import LedgerError
from outbox.cli import add_commands as add_outbox_commands
from projections.cli import add_commands as add_projection_commands

DEMO_FILE = Path(".ledger-demo")
EXAMPLES = """examples:
  ledger serve                              the API on http://127.0.0.1:8000 (docs at /docs)
  ledger demo --if-empty && ledger serve    a demo workspace first, then the API
  ledger history invoice INV-0001           an invoice's events, as a table
  ledger projections status                 where each read model stands
  LEDGER_DATABASE_URL=postgresql://ledger:secret@localhost/ledger ledger serve --workers 4

Run `ledger COMMAND --help` for a command's options.
"""
SERVE_EXAMPLES = """examples:
  ledger serve                              http://127.0.0.1:8000, SQLite ./ledger.db
  ledger serve --host 0.0.0.0 --port 8080   every interface, port 8080
  ledger serve --no-projections --workers 4 API processes only; run `ledger projections run` beside
"""
DEMO_EXAMPLES = """examples:
  ledger demo                    a new demo workspace, its API key printed
  ledger demo --if-empty         only on an empty store (the first run of ops/serve)
"""


def _url(host: str, port: int) -> str:
    """Where a person on this machine reaches a server listening on `host`."""
    local = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    return f"http://[{local}]:{port}" if ":" in local else f"http://{local}:{port}"


def _banner(url: str, host: str) -> None:
    """What `ledger serve` prints once it listens: the URL it really serves, and the demo's key."""
    everywhere = " (listening on every interface)" if host in ("0.0.0.0", "::", "") else ""
    print(f"ledger: serving {url}{everywhere}; Swagger UI {url}/docs, ReDoc {url}/redoc", flush=True)
    demo = Demo.load(DEMO_FILE)
    if demo is not None:
        print(f"demo workspace {demo.workspace_id} (key kept in {DEMO_FILE}); try:", flush=True)
        print(
            f'  curl -H "X-Api-Key: {demo.api_key}" {url}/v1/workspaces/{demo.workspace_id}/invoices',
            flush=True,
        )


def _serve(args: argparse.Namespace) -> int:
    # The app factory reads its Settings from the environment, in this process and in workers.
    if args.no_projections:
        os.environ["LEDGER_RUN_PROJECTIONS"] = "false"
    if args.no_outbox:
        os.environ["LEDGER_RUN_OUTBOX"] = "false"
    config = uvicorn.Config(
        "api.app:create_app", factory=True, host=args.host, port=args.port, workers=args.workers
    )
    # The socket is bound first, so the banner names the port really served (even for --port 0).
    sock = config.bind_socket()
    _banner(_url(args.host, sock.getsockname()[1]), args.host)
    server = uvicorn.Server(config)
    try:
        if config.workers > 1:
            from uvicorn.supervisors import Multiprocess

            Multiprocess(config, sockets=[sock]).run()
        else:
            server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    if config.workers == 1 and not server.started:
        return 1  # it never started: uvicorn said why
    return 0


def _print_demo(demo: Demo) -> None:
    print(f"workspace id: {demo.workspace_id}")
    print(f"owner's API key: {demo.api_key}")
    print("`ledger serve` serves it and prints a curl command to try it with")


@contextmanager
def _progress(what: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on a terminal; elsewhere (a pipe, a log) one line at the end."""
    if sys.stderr.isatty():
        with Progress(TextColumn(what), BarColumn(), MofNCompleteColumn(), transient=True) as bars:
            task = bars.add_task(what, total=None)
            yield lambda done, total: bars.update(task, completed=done, total=total)
        return
    counted: list[int] = []
    yield lambda done, total: counted.append(done)
    print(f"{what}: {counted[-1] if counted else 0} done", file=sys.stderr, flush=True)


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
        with _progress("recording time entries and expenses") as progress:
            demo = create_demo(ledger, datetime.now(UTC).date(), progress)
    finally:
        ledger.close()
    demo.save(DEMO_FILE)
    print(f"demo: {demo.time_entries} time entries, {demo.expenses} expenses, invoice {demo.invoice_id}")
    _print_demo(demo)
    return 0


def _command(commands: Any, name: str, help: str, description: str, epilog: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=help,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The command line: `serve`, `demo`, `history`, `projections`, `audit` and `outbox`."""
    parser = argparse.ArgumentParser(
        prog="ledger",
        description="Invoicing of tracked time and expenses, event-sourced. Configured by LEDGER_* "
        "environment variables (LEDGER_DATABASE_URL, default sqlite:///./ledger.db).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = _command(
        commands,
        "serve",
        "serve the HTTP API",
        "Serve the HTTP API (creating the store if it "
        "is missing); prints the URL it serves and, after `ledger demo`, a curl command to try.",
        SERVE_EXAMPLES,
    )
    serve.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    serve.add_argument(
        "--port", type=int, default=8000, help="port to listen on (default 8000; 0: any free one)"
    )
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

    demo = _command(
        commands,
        "demo",
        "load a demo workspace and print its API key",
        "Create a demo workspace: two clients, projects, a member, expense categories, last "
        f"month's time and expenses, and a draft invoice. Its id and key are kept in {DEMO_FILE}.",
        DEMO_EXAMPLES,
    )
    demo.add_argument(
        "--if-empty",
        action="store_true",
        help=f"do nothing if the demo in {DEMO_FILE} exists (its key is printed again) or the ledger "
        "holds any data",
    )
    demo.set_defaults(handler=_demo)

    add_history_command(commands)
    add_projection_commands(commands)
    add_audit_commands(commands)
    add_outbox_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `ledger` command; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except (LedgerError, ValueError, StoreMissing) as error:
        # Ledger rules and configuration (a malformed LEDGER_* variable) fail with a message, not a trace.
        detail = getattr(error, "detail", None) or str(error)
        print(f"ledger {args.command}: {detail}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
