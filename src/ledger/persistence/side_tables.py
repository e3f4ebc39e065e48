"""Side tables written in the same transaction as the events they follow from.

The library's `_insert_events` hook runs inside the transaction that records events, so these
tables can never disagree with the event store:
- `billables`: the index of time entries and expenses an import selects candidates from, so that
  finding eligible entries never loads every entry of a workspace;
- `clients`, `projects`, `invoices`: who refers to whom, so that deleting a client or project
  that something refers to is refused (`in-use`), and importing "every project of the client";
- `numbers`: every number ever given to an invoice or a credit note, unique per workspace across
  both kinds of document, never freed (its `invoice_id` column holds the id of the document);
- `api_keys`: hashes of API keys (credentials are not domain facts, so not events);
- `logos`: the bytes of every logo a workspace ever had, by SHA-256 (`LogoChanged` names them).
Rows are derived from the aggregates a `save()` records (`IndexRows.of`). Every save locks the
events table first, so the reference checks here see every committed save and no concurrent one.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger.billable import Billable
from ledger.client import Client
from ledger.credit_note import CreditNote
from ledger.errors import ConcurrentUpdate, InUse
from ledger.invoice import Invoice
from ledger.persistence.sql import SideWrite, Tx
from ledger.project import Project
from ledger.values import UNSET

TABLES = """
CREATE TABLE IF NOT EXISTS {billables} (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, workspace_id TEXT NOT NULL, project_id TEXT NOT NULL,
    day TEXT NOT NULL, billable BOOLEAN NOT NULL, approved BOOLEAN NOT NULL,
    invoiced BOOLEAN NOT NULL, deleted BOOLEAN NOT NULL);
CREATE INDEX IF NOT EXISTS {billables_index} ON {billables} (workspace_id, kind, project_id, day)
    WHERE billable AND NOT invoiced AND NOT deleted;
CREATE INDEX IF NOT EXISTS {billables_projects} ON {billables} (project_id);
CREATE TABLE IF NOT EXISTS {clients} (
    id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, deleted BOOLEAN NOT NULL);
CREATE TABLE IF NOT EXISTS {projects} (
    id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, client_id TEXT, deleted BOOLEAN NOT NULL);
CREATE TABLE IF NOT EXISTS {invoices} (
    id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, client_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS {invoices_clients} ON {invoices} (client_id);
CREATE TABLE IF NOT EXISTS {numbers} (
    workspace_id TEXT NOT NULL, number TEXT NOT NULL, invoice_id TEXT NOT NULL,
    PRIMARY KEY (workspace_id, number));
CREATE TABLE IF NOT EXISTS {api_keys} (
    key_hash TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, member_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS {logos} (
    workspace_id TEXT NOT NULL, sha256 TEXT NOT NULL, content_type TEXT NOT NULL, content BYTEA NOT NULL,
    PRIMARY KEY (workspace_id, sha256))
"""
TABLE_NAMES = (
    "billables",
    "clients",
    "projects",
    "invoices",
    "numbers",
    "api_keys",
    "logos",
    "schema_version",
    "answers",
)
INDEX_NAMES = {
    "billables_index": "ledger_billables_eligible",
    "billables_projects": "ledger_billables_projects",
    "invoices_clients": "ledger_invoices_clients",
}
# The eligibility rule of `ledger.billable.is_eligible`, as SQL; a test pins the two together.
ELIGIBLE = "billable AND NOT invoiced AND NOT deleted AND (approved OR ?)"

BILLABLES = SideWrite(
    "billables",
    ("text", "text", "text", "text", "text", "boolean", "boolean", "boolean", "boolean"),
    "ON CONFLICT (id) DO UPDATE SET project_id = excluded.project_id, day = excluded.day, "
    "billable = excluded.billable, approved = excluded.approved, invoiced = excluded.invoiced, "
    "deleted = excluded.deleted",
)
CLIENTS = SideWrite(
    "clients", ("text", "text", "boolean"), "ON CONFLICT (id) DO UPDATE SET deleted = excluded.deleted"
)
PROJECTS = SideWrite(
    "projects",
    ("text", "text", "text", "boolean"),
    "ON CONFLICT (id) DO UPDATE SET client_id = excluded.client_id, deleted = excluded.deleted",
)
INVOICES = SideWrite(
    "invoices", ("text", "text", "text"), "ON CONFLICT (id) DO UPDATE SET client_id = excluded.client_id"
)
NUMBERS = SideWrite("numbers", ("text", "text", "text"))
API_KEYS = SideWrite("api_keys", ("text", "text", "text"))

# What refers to a client or a project: while any of it exists, it cannot be deleted (SPEC §12).
CLIENT_REFERENCES = """
SELECT 'a project' FROM {projects} WHERE client_id = ? AND NOT deleted
UNION ALL SELECT 'an invoice' FROM {invoices} WHERE client_id = ?"""
PROJECT_REFERENCES = "SELECT kind FROM {billables} WHERE project_id = ?"
DELETED_CLIENTS = "SELECT id FROM {clients} WHERE deleted AND id IN ({ids})"
DELETED_PROJECTS = "SELECT id FROM {projects} WHERE deleted AND id IN ({ids})"


@dataclass(frozen=True)
class ApiKeyRow:
    key_hash: str
    workspace_id: UUID
    member_id: UUID


Row = tuple[Any, ...]


@dataclass
class IndexRows:
    """What one `save()` writes to the side tables, and the references it must check."""

    billables: list[Row] = field(default_factory=list)
    clients: list[Row] = field(default_factory=list)
    projects: list[Row] = field(default_factory=list)
    invoices: list[Row] = field(default_factory=list)
    numbers: list[Row] = field(default_factory=list)
    api_keys: list[Row] = field(default_factory=list)

    @classmethod
    def of(cls, aggregates: Iterable[Aggregate], api_keys: Sequence[ApiKeyRow] = ()) -> "IndexRows":
        rows = cls(api_keys=[(k.key_hash, str(k.workspace_id), str(k.member_id)) for k in api_keys])
        for aggregate in aggregates:
            if isinstance(aggregate, Billable):
                rows.billables.append(billable_row(aggregate))
            elif isinstance(aggregate, Client):
                rows.clients.append((str(aggregate.id), str(aggregate.workspace_id), aggregate.deleted))
            elif isinstance(aggregate, Project):
                rows.projects.append(project_row(aggregate))
            elif isinstance(aggregate, Invoice):
                rows.invoices.append(
                    (str(aggregate.id), str(aggregate.workspace_id), str(aggregate.client_id))
                )
                if _numbers_it(aggregate):
                    rows.numbers.append((str(aggregate.workspace_id), aggregate.number, str(aggregate.id)))
            elif isinstance(aggregate, CreditNote) and any(
                isinstance(e, CreditNote.CreditNoteIssued) for e in aggregate.pending_events
            ):
                rows.numbers.append((str(aggregate.workspace_id), aggregate.number, str(aggregate.id)))
        # One row per id (an upsert may touch a row once per statement), in one order for every
        # writer, so concurrent upserts cannot deadlock.
        for name in ("billables", "clients", "projects", "invoices"):
            setattr(rows, name, sorted({row[0]: row for row in getattr(rows, name)}.values()))
        return rows

    def write(self, tx: Tx) -> None:
        """Check the references this save makes or removes, then write its rows."""
        self._check_references(tx)
        for write, rows in (
            (BILLABLES, self.billables),
            (CLIENTS, self.clients),
            (PROJECTS, self.projects),
            (INVOICES, self.invoices),
            (NUMBERS, self.numbers),
            (API_KEYS, self.api_keys),
        ):
            if rows:
                tx.write(write, rows)

    def _check_references(self, tx: Tx) -> None:
        for client_id, _, deleted in self.clients:
            if deleted and (found := tx.query(CLIENT_REFERENCES, (client_id, client_id))):
                raise InUse(f"{found[0][0]} still refers to client {client_id}: archive it instead")
        for project_id, *_, deleted in self.projects:
            if deleted and (found := tx.query(PROJECT_REFERENCES, (project_id,))):
                kind = str(found[0][0]).replace("-", " ")
                raise InUse(f"a {kind} still refers to project {project_id}: archive it instead")
        # A client or project deleted by a save that committed after this one loaded it.
        referred = {
            "clients": {row[2] for row in [*self.projects, *self.invoices] if row[2] is not None},
            "projects": {row[3] for row in self.billables},
        }
        for table, ids in referred.items():
            if ids:
                sql = (DELETED_CLIENTS if table == "clients" else DELETED_PROJECTS).replace(
                    "{ids}", ", ".join("?" for _ in ids)
                )
                if found := tx.query(sql, sorted(ids)):
                    raise ConcurrentUpdate(f"{table[:-1]} {found[0][0]} was deleted meanwhile")


def billable_row(entry: Billable) -> Row:
    return (
        str(entry.id),
        entry.kind.value,
        str(entry.workspace_id),
        str(entry.project_id),
        entry.billing_day.isoformat(),
        entry.billable,
        entry.approved,
        entry.invoiced,
        entry.deleted,
    )


def project_row(project: Project) -> Row:
    client_id = str(project.client_id) if project.client_id else None
    return (str(project.id), str(project.workspace_id), client_id, project.deleted)


def invoice_row(invoice: Invoice) -> Row:
    return (str(invoice.id), str(invoice.workspace_id), str(invoice.client_id))


def _numbers_it(invoice: Invoice) -> bool:
    """Does this save give the invoice a number (at creation or by a change of details)?"""
    return any(
        isinstance(e, Invoice.InvoiceCreated)
        or (isinstance(e, Invoice.DetailsChanged) and e.changes.number is not UNSET)
        for e in invoice.pending_events
    )
