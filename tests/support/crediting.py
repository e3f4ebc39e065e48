"""Factories of credit-note scenarios: a sent invoice of time and manual lines, and credit requests."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from ledger.application import Ledger
from ledger.commands import AddLine, IssueCreditNote
from ledger.views import CreditNoteView, InvoiceView
from support.world import World, given_world


@dataclass
class Billed:
    """A sent invoice: `entries` billed by its first line (two hours each), then manual lines."""

    world: World
    invoice_id: UUID
    entries: list[UUID]

    @property
    def ledger(self) -> Ledger:
        return self.world.ledger

    def view(self) -> InvoiceView:
        return self.world.invoice_view(self.invoice_id)

    def line(self, position: int) -> UUID:
        return next(item.id for item in self.view().items if item.position == position)

    def credit(self, *parts: tuple[int, str], reason: str = "Correction", **fields: Any) -> CreditNoteView:
        """A credit note of (line position, quantity) parts, or of everything with `all=True`."""
        lines = [{"line_item_id": self.line(position), "quantity": quantity} for position, quantity in parts]
        command = IssueCreditNote.model_validate(
            {"reason": reason, **({"lines": lines} if lines else {}), **fields}
        )
        return self.ledger.issue_credit_note(self.world.owner, self.invoice_id, command)


def given_a_sent_invoice(
    ledger: Ledger,
    entries: int = 2,
    manual: tuple[tuple[str, str], ...] = (("3", "49.00"),),
    world: World | None = None,
    send: bool = True,
    **fields: Any,
) -> Billed:
    """An invoice billing `entries` two-hour entries at 100.00 on one line, plus `manual` lines
    (quantity, unit price), sent unless told otherwise."""
    world = world or given_world(ledger)
    client = world.client()
    project = world.project(client)
    entry_ids = [
        world.log(project, f"2026-10-{day:02d}T09:00:00+00:00", 7200) for day in range(1, entries + 1)
    ]
    invoice = world.invoice(client, **fields)
    if entry_ids:
        world.import_(invoice, time={"grouping": "single"})
    for quantity, price in manual:
        line = AddLine(description="Hosting", quantity=quantity, unit_price=price)
        ledger.add_item(world.owner, invoice, line)
    if send:
        ledger.send_invoice(world.owner, invoice)
    return Billed(world, invoice, entry_ids)
