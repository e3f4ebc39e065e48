"""Properties of crediting over generated invoices and credit sequences (SPEC §15), in memory.

Whatever the lines (negative ones, time lines whose amount strays from quantity × price), the
discount and the tax, and however an invoice is credited piece by piece:
- no line is ever credited beyond its quantity, and a line credited in full gives back exactly its amount;
- the invoice is `credited` exactly when every line is credited in full;
- the invoice's `credited` is the sum of its credit notes' totals, and `balance = total − paid − credited`;
- one credit note of everything mirrors the invoice to the cent.
"""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.errors import OverCredit
from ledger.invoice import InvoiceStatus
from support.credit_properties import (
    Credited,
    LineSpec,
    line_specs,
    part_of,
    percents,
    sent_invoice,
    tax_rates,
)

ZERO = Decimal(0)
# Each step credits, per line, a share (per thousand) of what is left; None credits all that is left.
steps = st.lists(
    st.one_of(st.none(), st.lists(st.integers(0, 1000), min_size=1, max_size=8)), min_size=1, max_size=6
)


def check_invariants(credited: Credited) -> None:
    invoice = credited.invoice
    complete = []
    for item in invoice.items:
        taken = invoice.credited_quantity(item.id)
        assert abs(taken) <= abs(item.quantity)
        assert taken == 0 or (taken > 0) == (item.quantity > 0)
        complete.append(taken == item.quantity)
        if taken == item.quantity:
            assert invoice.credited_amount(item.id) == item.amount
    assert (invoice.status is InvoiceStatus.CREDITED) == all(complete)
    totals = invoice.totals
    assert totals.credited == sum((note.totals.total for note in credited.notes), ZERO)
    assert totals.balance == totals.total - totals.paid - totals.credited


@settings(max_examples=300, deadline=None)
@given(
    specs=st.lists(line_specs, min_size=1, max_size=6),
    discount=percents,
    tax=tax_rates,
    plan=steps,
)
def test_credits_never_exceed_a_line_and_add_up_to_what_the_invoice_billed(
    specs: list[LineSpec], discount: Decimal, tax: Decimal, plan: list[list[int] | None]
) -> None:
    credited = Credited(sent_invoice(specs, discount, tax))
    for step in plan:
        invoice = credited.invoice
        if invoice.status is InvoiceStatus.CREDITED:
            break
        if step is None:
            credited.credit(None)
        else:
            open_lines = [item for item in invoice.items if invoice.uncredited_quantity(item) > 0]
            asked = [
                (item.id, part_of(invoice.uncredited_quantity(item), share))
                for item, share in zip(open_lines, step, strict=False)
            ]
            if not asked:
                continue
            credited.credit(asked)
        check_invariants(credited)
    invoice = credited.invoice
    for item in invoice.items if invoice.status is not InvoiceStatus.CREDITED else ():
        with pytest.raises(OverCredit):
            invoice.credit_lines([(item.id, invoice.uncredited_quantity(item) + Decimal("0.0001"))])


@settings(max_examples=300, deadline=None)
@given(specs=st.lists(line_specs, min_size=1, max_size=8), discount=percents, tax=tax_rates)
def test_one_credit_note_of_everything_mirrors_the_invoice_to_the_cent(
    specs: list[LineSpec], discount: Decimal, tax: Decimal
) -> None:
    credited = Credited(sent_invoice(specs, discount, tax))
    billed = credited.invoice.totals

    note = credited.credit(None)

    assert (note.totals.subtotal, note.totals.discount, note.totals.tax, note.totals.total) == (
        billed.subtotal,
        billed.discount,
        billed.tax,
        billed.total,
    )
    after = credited.invoice
    assert (after.status, after.totals.credited, after.totals.balance) == (
        InvoiceStatus.CREDITED,
        billed.total,
        billed.balance - billed.total,
    )
