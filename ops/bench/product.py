"""Every call the benchmarks make into the product, in one place.

The use cases' signatures are about to change (typed commands); whoever changes them updates
this module and nothing else in ops/bench. The HTTP paths and bodies live here too, and so do
the few domain constructors that bulk seeding needs (the use cases record one entry per save,
far too slow for 50,000-entry datasets; the events and side-table rows are the same).
"""

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder

from ledger.access import Actor, Role
from ledger.application import Ledger as Ledger
from ledger.application import open_ledger
from ledger.billable import Billable as Billable
from ledger.commands import (
    AddLine,
    AddMember,
    CreateCategory,
    CreateClient,
    CreateInvoice,
    CreateProject,
    CreateWorkspace,
    ImportItems,
    Owner,
)
from ledger.config import Settings as Settings
from ledger.config import eventsourcing_env
from ledger.errors import NothingToImport
from ledger.expense import Expense
from ledger.invoice import Invoice, InvoiceChanges
from ledger.money import cost_of_time
from ledger.time_entry import TimeEntry
from ledger.transcodings import register_domain_transcodings
from ledger.views import InvoiceView
from projections import ReadModels
from projections.read_models import all_models
from projections.tracking import Generation, pending_generation

MONTH = (date(2026, 10, 1), date(2026, 10, 31))
OCTOBER_FIRST = datetime(2026, 10, 1, 8, tzinfo=UTC)
RATE = Decimal("100.00")


@dataclass(frozen=True)
class Workspace:
    """A workspace the benchmark made: ids and the owner's key, as plain JSON-able data."""

    workspace_id: str
    owner_id: str
    api_key: str
    client_id: str
    project_id: str
    category_id: str
    invoice_id: str

    @property
    def owner(self) -> Actor:
        return Actor(UUID(self.workspace_id), UUID(self.owner_id), Role.OWNER)


def settings(database_url: str, schema: str = "public") -> Settings:
    return Settings(database_url=database_url, database_schema=schema, database_pool_size=10)


def open_product(config: Settings) -> Ledger:
    return open_ledger(config)


def new_workspace(ledger: Ledger, name: str) -> Workspace:
    """Sign up, then a client, its project, an expense category and a draft invoice for the client."""
    signup = ledger.create_workspace(_signup(name))
    owner = Actor(signup.id, signup.owner_id, Role.OWNER)
    client = ledger.create_client(
        owner, CreateClient(name="Globex", email="ap@globex.example", address="1 Globex Way\nCypress Creek")
    )
    project = ledger.create_project(owner, CreateProject(name="Website", client_id=client.id))
    category = ledger.create_category(owner, CreateCategory(name="Software"))
    invoice = ledger.create_invoice(owner, CreateInvoice(client_id=client.id, issue_date=date(2026, 11, 2)))
    return Workspace(
        workspace_id=str(signup.id),
        owner_id=str(signup.owner_id),
        api_key=signup.api_key,
        client_id=str(client.id),
        project_id=str(project.id),
        category_id=str(category.id),
        invoice_id=str(invoice.id),
    )


def _signup(name: str, rate: Decimal = RATE) -> CreateWorkspace:
    owner = Owner(name="Olga Owner", email="olga@bench.example")
    return CreateWorkspace(name=name, currency="EUR", timezone="UTC", hourly_rate=rate, owner=owner)


def time_entries(ws: Workspace, ids: Sequence[UUID], first: int = 0) -> list[TimeEntry]:
    """One billable hour per id in October, in a fixed pattern (entry n is always the same)."""
    owner, entries = ws.owner, []
    for n, entry_id in enumerate(ids, start=first):
        start = OCTOBER_FIRST + timedelta(days=n % 30, minutes=n % 600)
        entries.append(
            TimeEntry(
                id=entry_id,
                actor_id=owner.member_id,
                workspace_id=owner.workspace_id,
                member_id=owner.member_id,
                project_id=UUID(ws.project_id),
                client_id=UUID(ws.client_id),
                description=f"task {n % 997}",
                start=start,
                end=start + timedelta(hours=1),
                day=start.date(),
                duration_seconds=3600,
                billable=True,
                hourly_rate=RATE,
                amount=cost_of_time(3600, RATE),
            )
        )
    return entries


def expenses(ws: Workspace, ids: Sequence[UUID], first: int = 0) -> list[Expense]:
    """A billable 12.50 receipt per id in October."""
    owner = ws.owner
    return [
        Expense(
            id=expense_id,
            actor_id=owner.member_id,
            workspace_id=owner.workspace_id,
            member_id=owner.member_id,
            project_id=UUID(ws.project_id),
            client_id=UUID(ws.client_id),
            category_id=UUID(ws.category_id),
            date=date(2026, 10, 1 + n % 30),
            note=f"receipt {n % 997}",
            billable=True,
            unit=None,
            quantity=Decimal(1),
            unit_price=Decimal("12.50"),
            amount=Decimal("12.50"),
        )
        for n, expense_id in enumerate(ids, start=first)
    ]


def record(ledger: Ledger, aggregates: Sequence[Aggregate]) -> None:
    """Record aggregates as the use cases would (events and side-table rows), in one transaction."""
    ledger.save(*aggregates)


def import_month(ledger: Ledger, ws: Workspace, invoice_id: str | None = None) -> int:
    """Import October's time and expenses into the invoice, detailed (one line each); lines made."""
    command = ImportItems(date_from=MONTH[0], date_to=MONTH[1], include_expenses=True)
    result = ledger.import_items(ws.owner, UUID(invoice_id or ws.invoice_id), command)
    return len(result.items)


def read_invoice(ledger: Ledger, ws: Workspace, invoice_id: str) -> InvoiceView:
    return ledger.get_invoice(ws.owner, UUID(invoice_id))


def new_invoice(ledger: Ledger, ws: Workspace) -> str:
    command = CreateInvoice(client_id=UUID(ws.client_id), issue_date=date(2026, 11, 2))
    return str(ledger.create_invoice(ws.owner, command).id)


def add_lines(ledger: Ledger, ws: Workspace, invoice_id: str, count: int) -> None:
    for n in range(count):
        line = AddLine(description=f"Consulting {n}", quantity=Decimal("1.5"), unit_price=Decimal("100.00"))
        ledger.add_item(ws.owner, UUID(invoice_id), line)


def change_subject(ledger: Ledger, ws: Workspace, invoice_id: str, times: int) -> None:
    """`times` more events on the invoice, recorded in one save (each changes the subject)."""
    invoice: Invoice = ledger.repository.get(UUID(invoice_id))
    for n in range(times):
        invoice.change_details(ws.owner.member_id, InvoiceChanges(subject=f"October, revision {n}"))
    ledger.save(invoice)


def invoice_lines(invoice: InvoiceView) -> list[dict[str, str]]:
    """The printed cells of each line of a use case's invoice view."""
    return [
        {
            "item_type": item.item_type.value,
            "description": item.description,
            "quantity": f"{item.quantity} {item.unit or ''}".strip(),
            "unit_price": str(item.unit_price),
            "amount": str(item.amount),
        }
        for item in invoice.items
    ]


# The read side.


def open_read_models(config: Settings, ledger: Ledger) -> ReadModels:
    return ReadModels.open(config, ledger)


def read_model_names(read_models: ReadModels) -> list[str]:
    return list(read_models.models)


def catch_up(read_models: ReadModels) -> int:
    return read_models.catch_up()


def rebuild(read_models: ReadModels, name: str) -> int:
    return read_models.rebuild(name)


def head(app: Application[Any]) -> int:
    return app.recorder.max_notification_id() or 0


def read_all(app: Application[Any], decode: bool) -> int:
    """Read every notification in pages of 1,000 (and decode each into a domain event)."""
    position, count = 0, 0
    while notes := app.recorder.select_notifications(position, 1000, inclusive_of_start=False):
        if decode:
            for note in notes:
                app.mapper.to_domain_event(note)
        position, count = notes[-1].id, count + len(notes)
    return count


def rebuild_one_event_per_transaction(read_models: ReadModels, name: str, count: int) -> None:
    """The projector applying `count` events to a fresh generation of `name`, one transaction each."""
    model, projector = read_models.models[name], read_models.projector
    g = pending_generation(read_models.store, model)
    for _ in range(count):
        notes, events = projector._read(g.position, [model], 1)
        if not notes:
            break
        projector.apply(model, g, notes, events)
        g = Generation(g.name, g.generation, notes[-1].id, False)
    with read_models.store.transaction() as tx:
        for statement in model.drop_statements(g.generation):
            tx.execute(statement)
        tx.execute("DELETE FROM rm_tracking WHERE name = ? AND live = 0", (name,))


# HTTP: the paths and bodies of the SPEC's API.


def api_base(base_url: str, ws: Workspace) -> str:
    return f"{base_url}/v1/workspaces/{ws.workspace_id}"


def http_headers(ws: Workspace) -> dict[str, str]:
    return {"X-Api-Key": ws.api_key}


def http_import(ws: Workspace, invoice_id: str) -> tuple[str, dict[str, Any]]:
    """POST path and body: October's time and expenses, detailed."""
    return f"/invoices/{invoice_id}/imports", {
        "date_from": MONTH[0].isoformat(),
        "date_to": MONTH[1].isoformat(),
        "include_expenses": True,
    }


def http_invoice(invoice_id: str) -> str:
    return f"/invoices/{invoice_id}"


def http_pdf(invoice_id: str) -> str:
    return f"/invoices/{invoice_id}/pdf"


def http_report_page(rows: int) -> str:
    return f"/reports/time-entries?page=1&page_size={rows}"


def http_new_time_entry(ws: Workspace, n: int) -> tuple[str, dict[str, Any]]:
    """POST path and body of the n-th logged 45 minutes (a distinct start time for every n, from 2027)."""
    start = datetime(2027, 1, 1, tzinfo=UTC) + timedelta(minutes=n)
    body = {
        "project_id": ws.project_id,
        "description": f"load {n % 97}",
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=45)).isoformat(),
    }
    return "/time-entries", body


def serve_command(ledger_exe: str, port: int, workers: int) -> list[str]:
    return [ledger_exe, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]


def serve_env(config: Settings) -> dict[str, str]:
    return {
        "LEDGER_DATABASE_URL": config.database_url,
        "LEDGER_DATABASE_SCHEMA": config.database_schema,
        "LEDGER_DATABASE_POOL_SIZE": str(config.database_pool_size),
    }


# The library's own floor: a plain `Application` over the same database, storing the same events.


def library_env(config: Settings) -> dict[str, str]:
    """The library's environment for the configured database: its stock recorder on SQLite.

    On PostgreSQL the stock recorder sends a save as one pipeline, and a save of 11,000 events
    deadlocks there (psycopg #685; the suite reproduced it). The ledger's recorder sends the
    same statements (table lock, notify, insert) as a plain transaction, and writes no side
    table unless a save passes its rows, so it stands in for the stock one.
    """
    env = eventsourcing_env(config)
    if not config.is_postgres:
        del env["APPLICATION_RECORDER_TOPIC"]
    return env


def register_transcodings(transcoder: JSONTranscoder) -> None:
    register_domain_transcodings(transcoder)


def bill(entries: Sequence[Billable], ws: Workspace, invoice_id: UUID, import_id: UUID) -> None:
    """One more event on each entry: billed on a line of the invoice, as an import records it."""
    for n, entry in enumerate(entries):
        entry.invoice(ws.owner.member_id, invoice_id, uuid5(invoice_id, str(n)), import_id)


def record_stream(ledger: Ledger, events: int, entry_ids: Callable[[int], UUID]) -> int:
    """About `events` events of a realistic mix; the last notification id.

    Five members log half-hour entries on six projects of three clients (a third approved),
    saved in batches of 1,000; then each client's months are invoiced (an `ItemsImported` and
    an `Invoiced` event per entry).
    """
    signup = ledger.create_workspace(_signup("Rebuild", Decimal("90.00")))
    owner = Actor(signup.id, signup.owner_id, Role.OWNER)
    members = [
        ledger.add_member(owner, AddMember(name=f"M{i}", email=f"m{i}@bench.example", role=Role.MEMBER)).id
        for i in range(5)
    ]
    clients = [ledger.create_client(owner, CreateClient(name=f"Client {i}")).id for i in range(3)]
    projects = [
        ledger.create_project(owner, CreateProject(name=f"P{i}", client_id=clients[i % 3])).id
        for i in range(6)
    ]
    start, batch, n = datetime(2026, 1, 1, 9, tzinfo=UTC), [], 0
    while head(ledger) < events * 0.9:
        begin = start + timedelta(minutes=37 * n)
        entry = TimeEntry(
            id=entry_ids(n),
            actor_id=owner.member_id,
            workspace_id=owner.workspace_id,
            member_id=members[n % 5],
            project_id=projects[n % 6],
            client_id=clients[n % 6 % 3],
            description=f"task {n % 17}",
            start=begin,
            end=begin + timedelta(minutes=30),
            day=begin.date(),
            duration_seconds=1800,
            billable=True,
            hourly_rate=Decimal("90.00"),
            amount=Decimal("45.00"),
        )
        if n % 3 == 0:
            entry.approve(owner.member_id)
        batch.append(entry)
        n += 1
        if len(batch) == 1000:
            ledger.save(*batch)
            batch.clear()
    ledger.save(*batch)
    month = date(2026, 1, 1)
    while head(ledger) < events:
        last = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        for client in clients:
            invoice = ledger.create_invoice(owner, CreateInvoice(client_id=client, issue_date=last)).id
            with contextlib.suppress(NothingToImport):  # a month without entries is fine here
                ledger.import_items(owner, invoice, ImportItems(date_from=month, date_to=last))
        month = last + timedelta(days=1)
    return head(ledger)


def all_read_model_names() -> list[str]:
    return [model.name for model in all_models()]
