"""`ledger check`: the ledger's invariants, checked against the event store as it stands.

- Billing: every time entry and expense is invoiced exactly when one line of a live invoice (not
  deleted, not void) links it, and then records that invoice and line; or it was marked by hand,
  and no live line links it. No entry is linked by two live lines.
- Sources: every entry and expense a line bills exists, in the invoice's workspace.
- Totals: every invoice's totals follow from its lines, payments and the totals of its credit
  notes (`compute_totals`), and manual or re-quantified lines are `round2(quantity × unit price)`.
- Read models: each live read model equals a fresh rebuild of it up to the same position (built
  in a scratch generation, compared row by row, then dropped; reads go on meanwhile).
Each finding names what is wrong; `ledger check` exits 1 when there is any.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.utils import get_topic

from ledger.billable import Billable
from ledger.credit_note import CreditNote
from ledger.expense import Expense
from ledger.invoice import Invoice, InvoiceStatus
from ledger.money import ZERO_MONEY, line_amount
from ledger.time_entry import TimeEntry
from ledger.totals import compute_totals
from projections.readmodel import ReadModel
from projections.runner import Projector
from projections.tracking import Generation, live, pending_generation

CREATIONS: dict[str, type] = {
    get_topic(TimeEntry.TimeEntryLogged): TimeEntry,
    get_topic(Expense.ExpenseRecorded): Expense,
    get_topic(Invoice.InvoiceCreated): Invoice,
}
PAGE = 1000


@dataclass
class Findings:
    """What `ledger check` found: one line per broken invariant, and what it looked at."""

    problems: list[str] = field(default_factory=list)
    counted: dict[str, int] = field(default_factory=dict)

    def add(self, problem: str) -> None:
        self.problems.append(problem)

    @property
    def clean(self) -> bool:
        return not self.problems


def _created(app: Application[Any]) -> Iterator[tuple[type, UUID]]:
    """Every aggregate of the classes in CREATIONS, from the log's creation events."""
    position = 0
    while True:
        notes = app.recorder.select_notifications(
            position, PAGE, topics=list(CREATIONS), inclusive_of_start=False
        )
        for note in notes:
            yield CREATIONS[note.topic], UUID(str(note.originator_id))
        if len(notes) < PAGE:
            return
        position = notes[-1].id


def check_ledger(app: Application[Any], findings: Findings) -> None:
    """Billing, sources and totals, from the aggregates themselves."""
    entries: dict[UUID, Billable] = {}
    invoices: list[Invoice] = []
    for cls, aggregate_id in _created(app):
        aggregate: Any = app.repository.get(aggregate_id)
        if cls is Invoice:
            invoices.append(aggregate)
        else:
            entries[aggregate_id] = aggregate
    findings.counted |= {"entries and expenses": len(entries), "invoices": len(invoices)}
    links: dict[UUID, list[tuple[UUID, UUID]]] = {}
    for invoice in invoices:
        credit_notes: list[CreditNote] = [app.repository.get(note_id) for note_id in invoice.credit_note_ids]
        _check_totals(invoice, credit_notes, findings)
        if invoice.deleted or invoice.status is InvoiceStatus.VOID:
            continue
        for item in invoice.items:
            for entry_id in (*item.time_entry_ids, *item.expense_ids):
                links.setdefault(entry_id, []).append((invoice.id, item.id))
                source = entries.get(entry_id)
                if source is None or source.workspace_id != invoice.workspace_id:
                    findings.add(
                        f"invoice {invoice.number} ({invoice.id}) line {item.id} bills {entry_id}, "
                        "which does not exist in its workspace"
                    )
    for entry_id, entry in entries.items():
        _check_billing(entry, links.get(entry_id, []), findings)


def _check_billing(entry: Billable, links: list[tuple[UUID, UUID]], findings: Findings) -> None:
    name = f"{entry.kind.label} {entry.id}"
    if len(links) > 1:
        findings.add(f"{name} is billed by {len(links)} live lines: {links}")
    if entry.manually_invoiced:
        if links:
            findings.add(f"{name} is marked invoiced by hand but a live line bills it: {links[0]}")
        if not entry.invoiced or entry.invoice_id is not None:
            findings.add(f"{name} is marked by hand but not invoiced without an invoice")
        return
    if entry.invoiced and not links:
        findings.add(f"{name} is invoiced (invoice {entry.invoice_id}) but no live line bills it")
    elif links and not entry.invoiced:
        findings.add(f"{name} is not invoiced but live line {links[0][1]} of invoice {links[0][0]} bills it")
    elif links and (entry.invoice_id, entry.line_item_id) != links[0]:
        findings.add(
            f"{name} records line {entry.line_item_id} of {entry.invoice_id}, but {links[0]} bills it"
        )


def _check_totals(invoice: Invoice, credit_notes: list[CreditNote], findings: Findings) -> None:
    expected = compute_totals(
        (item.amount for item in invoice.items),
        (payment.amount for payment in invoice.payments),
        discount_percent=invoice.discount_percent,
        tax_percent=invoice.tax_percent,
        tax2_percent=invoice.tax2_percent,
        tax_mode=invoice.tax_mode,
        credited=sum((note.totals.total for note in credit_notes), ZERO_MONEY),
    )
    if invoice.totals != expected:
        findings.add(f"invoice {invoice.number} ({invoice.id}) totals {invoice.totals} are not {expected}")
    for item in invoice.items:
        if (item.import_id is None or item.quantity_overridden) and item.amount != line_amount(
            item.quantity, item.unit_price
        ):
            findings.add(f"invoice {invoice.number} line {item.id}: {item.amount} ≠ quantity × unit price")


def check_read_models(projector: Projector, models: list[ReadModel], findings: Findings) -> None:
    """Each live model against a scratch rebuild up to its own position."""
    projector.catch_up(models)
    for model in models:
        current = live(projector.store, model.name)
        scratch = pending_generation(projector.store, model)
        try:
            scratch = _replay_until(projector, model, scratch, current.position)
            live_rows, fresh_rows = (_rows(projector, model, g) for g in (current, scratch))
            findings.counted[f"{model.name} rows"] = sum(len(rows) for rows in live_rows.values())
            for table in live_rows:
                missing = fresh_rows[table] - live_rows[table]
                extra = live_rows[table] - fresh_rows[table]
                if missing or extra:
                    example = sorted(map(repr, extra or missing))[0][:200]
                    findings.add(
                        f"read model {model.name}, table {table}: {len(extra)} row(s) not in a fresh "
                        f"rebuild, {len(missing)} missing (e.g. {example})"
                    )
        finally:
            _drop(projector, model, scratch)


def _replay_until(projector: Projector, model: ReadModel, g: Generation, until: int) -> Generation:
    while g.position < until:
        notes, events = projector._read(g.position, [model])
        notes = [note for note in notes if note.id <= until]
        if not notes:
            break
        wanted = {(note.originator_id, note.originator_version) for note in notes}
        kept = [event for event in events if (event.originator_id, event.originator_version) in wanted]
        projector.apply(model, g, notes, kept)
        g = Generation(g.name, g.generation, notes[-1].id, False, version=g.version)
    return g


def _rows(projector: Projector, model: ReadModel, g: Generation) -> dict[str, set[tuple[Any, ...]]]:
    return {
        logical: set(projector.store.query(f"SELECT * FROM {physical}"))
        for logical, physical in model.table_names(g.generation).items()
    }


def _drop(projector: Projector, model: ReadModel, g: Generation) -> None:
    with projector.store.transaction() as tx:
        for statement in model.drop_statements(g.generation):
            tx.execute(statement)
        for table in ("rm_tracking", "rm_schema"):
            tx.execute(f"DELETE FROM {table} WHERE name = ? AND generation = ?", (model.name, g.generation))
