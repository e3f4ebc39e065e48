"""`ledger history`: an auditor's replay of one invoice, time entry or expense, for people (SPEC §11).

A table, oldest event first: when (in the workspace's time zone), what happened, who did it (by
name), and a short summary of the event's data. `--json` prints one JSON object per event instead,
for tools. An invoice is found by its number as well as by its id.
"""

import argparse
import json
import sys
from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.application import AggregateNotFoundError
from rich.console import Console
from rich.table import Table

from ledger.application import Ledger, open_ledger
from ledger.config import Settings
from ledger.errors import NotFound
from ledger.persistence.presence import require_store
from ledger.views import HistoryEvent

KINDS = ("invoice", "credit-note", "time-entry", "expense")
EPILOG = """examples:
  ledger history invoice INV-0001               the invoice numbered INV-0001, as a table
  ledger history invoice INV-0001 --json        one JSON object per event, for tools
  ledger history invoice 6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11 --as-of 2026-11-01T12:00:00+01:00
  ledger history time-entry 0b7e8d1a-3c4f-4e2a-9b6d-5a1f2e3d4c5b
"""
SUMMARY_WIDTH = 90


def add_command(subparsers: Any) -> None:
    """Register `history` on the `ledger` command."""
    history = subparsers.add_parser(
        "history",
        help="an auditor's replay of one invoice, credit note, time entry or expense, event by event",
        description="Every event of one invoice, time entry or expense, oldest first: when (in the "
        "workspace's time zone), what, who, and a summary of its data. Reads the store; never creates one.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    history.add_argument("kind", choices=KINDS, help="what to replay")
    history.add_argument("ref", metavar="ID|NUMBER", help="its id, or an invoice's number (INV-0001)")
    history.add_argument(
        "--as-of",
        type=datetime.fromisoformat,
        metavar="RFC3339",
        help="stop at this instant; print the state then",
    )
    history.add_argument(
        "--workspace", type=UUID, metavar="ID", help="the workspace, when a number is in several"
    )
    history.add_argument("--json", action="store_true", help="one JSON object per line instead of a table")
    history.set_defaults(handler=run)


def _resolve(ledger: Ledger, kind: str, ref: str, workspace: UUID | None) -> UUID:
    """The id `ref` names: an id as given, or the invoice numbered `ref`."""
    try:
        return UUID(ref)
    except ValueError:
        pass
    if kind != "invoice":
        raise NotFound(f"{ref!r} is not an id: a {kind.replace('-', ' ')} is named by its id")
    found = [(w, invoice) for w, invoice in ledger.index.invoices_numbered(ref) if workspace in (None, w)]
    if not found:
        raise NotFound(f"no invoice numbered {ref}" + (f" in workspace {workspace}" if workspace else ""))
    if len(found) > 1:
        workspaces = ", ".join(str(w) for w, _ in found)
        raise NotFound(
            f"{ref} numbers invoices in {len(found)} workspaces: name one with --workspace ({workspaces})"
        )
    return found[0][1]


class Names:
    """Names of members and clients by id, each looked up once; an id without one stays short."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.known: dict[str, str] = {}

    def __call__(self, identifier: Any) -> str:
        if identifier is None:
            return "-"
        key = str(identifier)
        if key not in self.known:
            try:
                self.known[key] = str(self.ledger.repository.get(UUID(key)).name)
            except (AggregateNotFoundError, AttributeError, ValueError):
                self.known[key] = key[:8]
        return self.known[key]


def _pairs(data: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in data.items() if not isinstance(v, dict | list))


def _line(item: dict[str, Any]) -> str:
    unit = f" {item['unit']}" if item.get("unit") else ""
    return f"{item['description']}: {item['quantity']}{unit} × {item['unit_price']} = {item['amount']}"


def summary(event: HistoryEvent, names: Names) -> str:
    """What one event did, in a line a person reads."""
    d: dict[str, Any] = event.data
    total = f"; total {d['totals']['total']}" if isinstance(d.get("totals"), dict) else ""
    released = len(d.get("time_entry_ids", [])) + len(d.get("expense_ids", []))
    freed = f"; {released} entries released" if released else ""
    text = {
        "InvoiceCreated": lambda: (
            f"{d.get('number')} for {names(d.get('client_id'))} in {d.get('currency')}, "
            f"issued {d.get('issue_date')}, due {d.get('due_date')}"
        ),
        "DetailsChanged": lambda: _pairs(d.get("changes", {})) + total,
        "ItemsImported": lambda: f"{len(d.get('items', []))} line(s) imported{total}",
        "LineItemAdded": lambda: _line(d["item"]) + total,
        "LineItemEdited": lambda: _line(d["item"]) + total,
        "LineItemRemoved": lambda: f"a line removed{freed}{total}",
        "ImportRemoved": lambda: f"{len(d.get('item_ids', []))} line(s) of an import removed{freed}{total}",
        "PaymentRecorded": lambda: (
            f"{d['payment']['amount']} paid on {d['payment']['date']}; {d.get('status')}"
        ),
        "PaymentDeleted": lambda: f"a payment deleted; {d.get('status')}{total}",
        "InvoiceVoided": lambda: f"voided: {d.get('reason') or 'no reason given'}{freed}",
        "InvoiceDeleted": lambda: f"deleted{freed}",
        "Invoiced": lambda: f"billed on invoice {str(d.get('invoice_id'))[:8]}",
        "Released": lambda: f"released from invoice {str(d.get('invoice_id'))[:8]} ({d.get('reason')})",
        "Edited": lambda: _pairs(d.get("changes", {})),
    }.get(event.type, lambda: _pairs(d))()
    if event.type in ("InvoiceSent", "InvoiceReopened"):
        text = f"now {d.get('status')}"
    return text if len(text) <= SUMMARY_WIDTH else text[: SUMMARY_WIDTH - 1] + "…"


def _table(events: list[HistoryEvent], zone: ZoneInfo, names: Names, title: str) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("v", justify="right")
    table.add_column(f"recorded ({zone.key})", no_wrap=True)
    table.add_column("event", no_wrap=True)
    table.add_column("by", no_wrap=True)
    table.add_column("what")
    for event in events:
        when = event.recorded_at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
        table.add_row(str(event.version), when, event.type, names(event.actor_id), summary(event, names))
    return table


def run(args: argparse.Namespace) -> int:
    """Print the history of one aggregate; 1 if it is not found."""
    settings = Settings()
    require_store(settings)
    ledger = open_ledger(settings)
    try:
        aggregate_id = _resolve(ledger, args.kind, args.ref, args.workspace)
        events, state = ledger.replay(args.kind, aggregate_id, args.as_of)
        zone = ZoneInfo(ledger.repository.get(UUID(state["workspace_id"])).timezone)
        names = Names(ledger)
        if args.json:
            for event in events:
                record = event.model_dump(mode="json")
                record |= {"recorded_at": event.recorded_at.astimezone(zone).isoformat()}
                record |= {"actor": names(event.actor_id), "summary": summary(event, names)}
                print(json.dumps(record, ensure_ascii=False, sort_keys=True))
            if args.as_of:
                print(json.dumps({"as_of": args.as_of.isoformat(), "state": state}, sort_keys=True))
            return 0
        console = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160)
        title = f"{args.kind} {args.ref} ({aggregate_id})"
        console.print(_table(events, zone, names, title))
        if args.as_of:
            console.print(f"state as of {args.as_of.isoformat()}:")
            console.print_json(json.dumps(state, sort_keys=True))
        return 0
    finally:
        ledger.close()
