"""Invoices and credit notes built in memory from generated lines, for property tests.

The aggregates run as they do in the ledger (commands, rules, events applied), without a store:
hypothesis can try thousands of invoices and credit sequences in seconds.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

from hypothesis import strategies as st

from ledger.credit_note import CreditNote, CreditNoteLine, credit_note_totals
from ledger.invoice import Invoice, ItemType, LineItem
from ledger.money import line_amount
from ledger.totals import TaxMode

ACTOR = UUID("00000000-0000-4000-8000-000000000001")
WORKSPACE = UUID("00000000-0000-4000-8000-000000000002")
CLIENT = UUID("00000000-0000-4000-8000-000000000003")


@dataclass(frozen=True)
class LineSpec:
    """A line: quantity × unit price, and how far a time line's amount strays from it (in cents)."""

    quantity: Decimal
    unit_price: Decimal
    stray_cents: int = 0
    hours: bool = False


def _decimal(low: int, high: int, places: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda n: Decimal(n).scaleb(-places))


quantities = st.one_of(_decimal(1, 4_000_000, 4), _decimal(-20_000, -1, 4))
line_specs = st.builds(
    LineSpec,
    quantity=quantities,
    unit_price=_decimal(0, 500_000, 2),
    stray_cents=st.integers(-1, 1),
    hours=st.booleans(),
)
percents = _decimal(0, 10_000, 2)
# The rates a VAT may have (0 is exempt): BR-CO-17 as the schematron writes it needs a rate of at least 0.5.
tax_rates = st.one_of(st.just(Decimal(0)), _decimal(50, 3_000, 2))


def sent_invoice(specs: list[LineSpec], discount: Decimal, tax: Decimal) -> Invoice:
    """A sent invoice of these lines; time lines (`hours`) stray from quantity × price as imports may."""
    invoice = Invoice(
        id=uuid4(),
        actor_id=ACTOR,
        workspace_id=WORKSPACE,
        client_id=CLIENT,
        number="INV-0001",
        currency="EUR",
        issue_date=date(2026, 11, 2),
        due_date=date(2026, 12, 2),
        subject="",
        note="",
        discount_percent=discount,
        tax_percent=tax,
        tax2_percent=Decimal(0),
        tax_mode=TaxMode.SIMPLE,
    )
    items = []
    for n, spec in enumerate(specs, start=1):
        amount = line_amount(spec.quantity, spec.unit_price)
        if spec.hours:
            amount += Decimal(spec.stray_cents).scaleb(-2)
        day = date(2026, 10, n % 28 + 1) if spec.hours else None
        items.append(
            LineItem(
                id=uuid4(),
                position=n,
                item_type=ItemType.SERVICE if spec.hours else ItemType.PRODUCT,
                description=f"Line {n}",
                quantity=spec.quantity,
                unit="h" if spec.hours else None,
                unit_price=spec.unit_price,
                amount=amount,
                first_day=day,
                last_day=day,
            )
        )
    # Imported lines keep the amounts they come with, as time lines do.
    invoice.import_items(ACTOR, uuid4(), items)
    invoice.send(ACTOR)
    return invoice


@dataclass
class Credited:
    """An invoice and the credit notes issued against it so far."""

    invoice: Invoice
    notes: list[CreditNote] = field(default_factory=list)

    def credit(self, asked: list[tuple[UUID, Decimal]] | None, number: str = "CN-0001") -> CreditNote:
        """Issue a credit note as the use case does: plan, total, record on both."""
        invoice = self.invoice
        credited = invoice.credit_lines(asked)
        lines = [CreditNoteLine.of(uuid4(), n, item, taken) for n, (item, taken) in enumerate(credited, 1)]
        note = CreditNote(
            id=uuid4(),
            actor_id=ACTOR,
            workspace_id=WORKSPACE,
            number=number,
            invoice_id=invoice.id,
            invoice_number=invoice.number,
            invoice_issue_date=invoice.issue_date,
            client_id=invoice.client_id,
            currency=invoice.currency,
            issue_date=date(2026, 11, 20),
            reason="Correction",
            items=lines,
            discount_percent=invoice.discount_percent,
            tax_percent=invoice.tax_percent,
            tax2_percent=invoice.tax2_percent,
            tax_mode=invoice.tax_mode,
            totals=credit_note_totals(invoice, lines),
            release_entries=False,
        )
        invoice.credit(ACTOR, note.id, number, [t for _, t in credited], note.totals.total, False)
        self.notes.append(note)
        return note


def part_of(left: Decimal, share: int) -> Decimal:
    """`share` per thousand of what is `left`, to 4 decimals, at least 0.0001."""
    return max((left * share / 1000).quantize(Decimal("0.0001")), Decimal("0.0001"))
