"""The credit note: the document that corrects an issued invoice (SPEC §15).

A credit note has its own number, references its invoice, and is immutable: its one event,
`CreditNoteIssued`, carries every line and total as an outcome. Amounts are stored as what is
taken back (positive for an ordinary line, as EN 16931 writes them); the API shows them negative.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.aggregate import WorkspaceAggregate
from ledger.invoice import CreditedLine, Invoice, ItemType, LineItem
from ledger.totals import TaxMode, Totals, compute_totals


@dataclass(frozen=True)
class CreditNoteLine:
    """One credited line: the invoice line's description and unit price, the quantity and amount
    taken back (in the invoice line's direction), and the days the invoice line billed."""

    id: UUID
    position: int
    line_item_id: UUID
    item_type: ItemType
    description: str
    quantity: Decimal
    unit: str | None
    unit_price: Decimal
    amount: Decimal
    first_day: date | None = None
    last_day: date | None = None

    @classmethod
    def of(cls, id: UUID, position: int, item: LineItem, credited: CreditedLine) -> "CreditNoteLine":
        return cls(
            id=id,
            position=position,
            line_item_id=item.id,
            item_type=item.item_type,
            description=item.description,
            quantity=credited.quantity,
            unit=item.unit,
            unit_price=item.unit_price,
            amount=credited.amount,
            first_day=item.first_day,
            last_day=item.last_day,
        )


def credit_note_totals(invoice: Invoice, lines: Sequence[CreditNoteLine]) -> Totals:
    """The totals of SPEC §6 over the credited amounts, with the invoice's discount and tax rates.

    Each credit note rounds its own discount and taxes, as every EN 16931 document must (BR-CO-17).
    """
    return compute_totals(
        (line.amount for line in lines),
        (),
        discount_percent=invoice.discount_percent,
        tax_percent=invoice.tax_percent,
        tax2_percent=invoice.tax2_percent,
        tax_mode=invoice.tax_mode,
    )


class CreditNote(WorkspaceAggregate):
    """An issued credit note; nothing about it ever changes."""

    class CreditNoteIssued(Aggregate.Created):
        actor_id: UUID
        workspace_id: UUID
        number: str
        invoice_id: UUID
        invoice_number: str
        invoice_issue_date: date
        client_id: UUID
        currency: str
        issue_date: date
        reason: str
        items: list[CreditNoteLine]
        discount_percent: Decimal
        tax_percent: Decimal
        tax2_percent: Decimal
        tax_mode: TaxMode
        totals: Totals
        release_entries: bool

    @event(CreditNoteIssued)
    def __init__(
        self,
        id: UUID,
        actor_id: UUID,
        workspace_id: UUID,
        number: str,
        invoice_id: UUID,
        invoice_number: str,
        invoice_issue_date: date,
        client_id: UUID,
        currency: str,
        issue_date: date,
        reason: str,
        items: list[CreditNoteLine],
        discount_percent: Decimal,
        tax_percent: Decimal,
        tax2_percent: Decimal,
        tax_mode: TaxMode,
        totals: Totals,
        release_entries: bool,
    ) -> None:
        self.workspace_id = workspace_id
        self.number = number
        self.invoice_id = invoice_id
        self.invoice_number = invoice_number
        self.invoice_issue_date = invoice_issue_date
        self.client_id = client_id
        self.currency = currency
        self.issue_date = issue_date
        self.reason = reason
        self.items = list(items)
        self.discount_percent = discount_percent
        self.tax_percent = tax_percent
        self.tax2_percent = tax2_percent
        self.tax_mode = tax_mode
        self.totals = totals
        self.release_entries = release_entries

    @property
    def service_period(self) -> tuple[date, date] | None:
        """The first and last day of what the credited lines billed, if they know them."""
        days = [day for item in self.items for day in (item.first_day, item.last_day) if day is not None]
        return (min(days), max(days)) if days else None
