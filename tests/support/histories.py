"""Histories for the audit chain's scenarios: an invoice with a life, and a mixed workload."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from ledger.access import Role
from ledger.application import Ledger
from ledger.billable import BillableKind
from ledger.commands import (
    AddLine,
    ChangeInvoice,
    EditLine,
    EditTimeEntry,
    RecordPayment,
    VoidInvoice,
)
from support.bulk import seed
from support.world import World, at, given_world


@dataclass(frozen=True)
class PaidInvoice:
    """An invoice that imported two hours, was sent and paid: versions 1 to 4."""

    world: World
    invoice_id: UUID
    entry_ids: tuple[UUID, UUID]

    @property
    def workspace_id(self) -> UUID:
        return self.world.owner.workspace_id


def given_a_paid_invoice(ledger: Ledger) -> PaidInvoice:
    world = given_world(ledger)
    client = world.client()
    project = world.project(client)
    first = world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    second = world.log(project, "2026-10-06T09:00:00+00:00", 3600)
    invoice = world.invoice(client)
    world.import_(invoice)
    ledger.send_invoice(world.owner, invoice)
    ledger.record_payment(world.owner, invoice, RecordPayment(amount="200.00", date=date(2026, 11, 2)))
    return PaidInvoice(world, invoice, (first, second))


def given_mixed_history(ledger: Ledger, bulk_entries: int) -> World:
    """Every kind of command, a few times over, and an import of `bulk_entries` seeded entries."""
    world = given_world(ledger)
    owner = world.owner
    admin = world.member("Ada", Role.ADMIN, rate="90.00")
    member = world.member("Mia", rate="80.00")
    world.member("Aude", Role.AUDITOR)
    client = world.client("Globex", address="1 Main St")
    other = world.client("Initrode", currency="USD")
    project = world.project(client, rate="120.00")
    side = world.project(other, "Side")
    travel = world.category("Travel", unit="km", unit_price="0.30")
    meals = world.category("Meals")
    entries = []
    for n in range(12):
        start = f"2026-10-{n + 1:02d}T09:00:00+02:00"
        who = (owner, admin, member)[n % 3]
        entries.append(world.log((project, side)[n % 2], start, 1800 + 600 * n, f"task {n}", member=who))
        world.expense(project, travel, f"2026-10-{n + 1:02d}", quantity=f"{10 + n}.5", member=who)
        world.expense(project, meals, f"2026-10-{n + 1:02d}", amount="12.40", note="lunch")
    for n, entry in enumerate(entries[:4]):
        end = at(f"2026-10-{n + 1:02d}T18:00:00+00:00")
        ledger.edit_time_entry(owner, entry, EditTimeEntry(description="reviewed", end=end))
        ledger.set_approval(owner, BillableKind.TIME_ENTRY, entry, True)
    ledger.set_approval(owner, BillableKind.TIME_ENTRY, entries[0], False)
    ledger.delete_entry(member, BillableKind.TIME_ENTRY, entries[-1])
    seed(world, client, project, travel, bulk_entries, bulk_entries // 10)
    invoice = world.invoice(client, subject="October", tax_percent="19")
    world.import_(invoice, include_expenses=True)
    view = world.invoice_view(invoice)
    line = ledger.add_item(owner, invoice, AddLine(description="Hosting", quantity="1", unit_price="49.00"))
    ledger.edit_item(owner, invoice, line.id, EditLine(quantity="2.5"))
    ledger.change_invoice_details(owner, invoice, ChangeInvoice(note="Thank you", discount_percent="5"))
    ledger.send_invoice(owner, invoice)
    ledger.record_payment(
        owner, invoice, RecordPayment(amount="100.00", date=view.issue_date + timedelta(days=3))
    )
    draft = world.invoice(other, issue_date=date(2026, 11, 1))
    world.import_(draft)
    ledger.add_item(
        owner, draft, AddLine(description="Licence", quantity="3", unit_price=str(Decimal("19.99")))
    )
    ledger.void_invoice(owner, draft, VoidInvoice(reason="wrong client"))
    ledger.delete_invoice(owner, draft)
    return world
