"""Credit notes (SPEC §15): partial and full, over-credit, status and balance, release and re-bill."""

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from ledger.access import Role
from ledger.application import Ledger
from ledger.commands import IssueCreditNote, RecordPayment, VoidInvoice
from ledger.errors import Forbidden, InvalidInput, InvalidTransition, NotFound, OverCredit, PaymentRejected
from support.crediting import given_a_sent_invoice
from support.refusals import event_count, refused_fields
from support.world import given_world


def money(*amounts: str) -> list[Decimal]:
    return [Decimal(amount) for amount in amounts]


def test_part_of_a_line_is_credited_at_its_unit_price_with_the_invoices_discount_and_tax(
    ledger: Ledger,
) -> None:
    billed = given_a_sent_invoice(ledger, discount_percent="10", tax_percent="19")

    note = billed.credit((2, "1"), reason="One month of hosting too many")

    [line] = note.items
    assert (line.line_item_id, line.description, line.quantity, line.unit_price, line.amount) == (
        billed.line(2),
        "Hosting",
        Decimal("-1"),
        Decimal("49.00"),
        Decimal("-49.00"),
    )
    # discount = round2(49.00 × 10 %), tax = round2(44.10 × 19 %): SPEC §6 with the invoice's rates.
    assert [note.subtotal, note.discount, note.tax, note.tax2, note.total] == money(
        "-49.00", "-4.90", "-8.38", "0.00", "-52.48"
    )
    assert (note.invoice_id, note.invoice_number, note.reason) == (
        billed.invoice_id,
        "INV-0001",
        "One month of hosting too many",
    )
    invoice = billed.view()
    assert [invoice.total, invoice.credited, invoice.balance] == money("585.84", "52.48", "533.36")
    assert (invoice.status, invoice.credit_note_ids) == ("sent", [note.id])
    assert [(c.line_item_id, c.quantity, c.amount) for c in invoice.credited_lines] == [
        (billed.line(2), Decimal("1"), Decimal("49.00"))
    ]


def test_crediting_all_of_an_invoice_mirrors_it_and_leaves_it_credited_with_nothing_to_pay(
    ledger: Ledger,
) -> None:
    billed = given_a_sent_invoice(ledger, discount_percent="7.5", tax_percent="19")
    invoice = billed.view()

    note = billed.credit(all=True)

    assert [(i.line_item_id, i.quantity, i.amount) for i in note.items] == [
        (item.id, -item.quantity, -item.amount) for item in invoice.items
    ]
    assert [note.subtotal, note.discount, note.tax, note.total] == [
        -invoice.subtotal,
        -invoice.discount,
        -invoice.tax,
        -invoice.total,
    ]
    after = billed.view()
    assert (after.status, after.credited, after.balance) == ("credited", invoice.total, Decimal("0.00"))


def test_crediting_all_after_a_part_credits_what_is_left_and_the_invoice_is_credited(ledger: Ledger) -> None:
    billed = given_a_sent_invoice(ledger)
    billed.credit((1, "1.5"))

    rest = billed.credit(all=True)

    assert [(i.quantity, i.amount) for i in rest.items] == [
        (Decimal("-2.5"), Decimal("-250.00")),
        (Decimal("-3"), Decimal("-147.00")),
    ]
    invoice = billed.view()
    assert (invoice.status, invoice.credited, invoice.balance) == (
        "credited",
        Decimal("547.00"),
        Decimal("0.00"),
    )


def test_a_line_is_never_credited_beyond_its_quantity_and_a_refusal_records_nothing(ledger: Ledger) -> None:
    billed = given_a_sent_invoice(ledger)
    billed.credit((2, "2"))
    before = event_count(ledger)

    with pytest.raises(OverCredit) as refused:
        billed.credit((2, "1.0001"))

    assert "1 of 3 left to credit" in refused.value.detail
    assert event_count(ledger) == before
    assert billed.credit((2, "1")).total == Decimal("-49.00")
    with pytest.raises(OverCredit):
        billed.credit((2, "0.0001"))


def test_the_parts_of_a_line_add_up_to_its_amount_even_where_quantity_times_price_does_not(
    ledger: Ledger,
) -> None:
    # 7 seconds at 95.50/h bill round2(0.18569) = 0.19, but the line's 4-decimal quantity 0.0019 × 95.50
    # is 0.18: the part that completes a line takes what is left of its amount.
    world = given_world(ledger, rate="95.50")
    client = world.client()
    world.log(world.project(client), "2026-10-05T09:00:00+00:00", 7)
    invoice = world.invoice(client)
    world.import_(invoice)
    ledger.send_invoice(world.owner, invoice)
    [line] = world.invoice_view(invoice).items
    assert (line.quantity, line.amount) == (Decimal("0.0019"), Decimal("0.19"))
    part = IssueCreditNote.model_validate(
        {"reason": "Part", "lines": [{"line_item_id": line.id, "quantity": "0.0010"}]}
    )

    first = ledger.issue_credit_note(world.owner, invoice, part)
    rest = ledger.issue_credit_note(world.owner, invoice, IssueCreditNote(reason="Rest", all=True))

    assert [first.items[0].amount, rest.items[0].amount] == money("-0.10", "-0.09")
    assert world.invoice_view(invoice).status == "credited"


def test_a_negative_line_is_credited_in_its_own_direction(ledger: Ledger) -> None:
    billed = given_a_sent_invoice(ledger, entries=1, manual=(("-1", "20.00"),))

    note = billed.credit((2, "1"))

    assert [(i.quantity, i.amount) for i in note.items] == [(Decimal("1"), Decimal("20.00"))]
    # Taking back a reduction adds to what the client owes: 180.00 billed, 200.00 due.
    assert note.total == Decimal("20.00")
    assert (billed.view().total, billed.view().balance) == (Decimal("180.00"), Decimal("200.00"))


@pytest.mark.parametrize("status", ["unsent", "void"])
def test_an_unsent_or_void_invoice_cannot_be_credited(ledger: Ledger, status: str) -> None:
    billed = given_a_sent_invoice(ledger, send=status == "void")
    if status == "void":
        ledger.void_invoice(billed.world.owner, billed.invoice_id, VoidInvoice(reason="Wrong client"))
    before = event_count(ledger)

    with pytest.raises(InvalidTransition) as refused:
        billed.credit(all=True)

    assert refused.value.slug == "invalid-status"
    assert f"it is {status}" in refused.value.detail
    assert event_count(ledger) == before


def test_a_fully_credited_invoice_has_nothing_left_to_credit(ledger: Ledger) -> None:
    billed = given_a_sent_invoice(ledger)
    billed.credit(all=True)

    with pytest.raises(InvalidTransition):
        billed.credit((1, "1"))


def test_a_deleted_invoice_is_not_found(ledger: Ledger) -> None:
    billed = given_a_sent_invoice(ledger, send=False)
    ledger.delete_invoice(billed.world.owner, billed.invoice_id)

    with pytest.raises(NotFound):
        ledger.issue_credit_note(billed.world.owner, billed.invoice_id, IssueCreditNote(reason="X", all=True))


def test_a_line_of_another_invoice_is_refused(ledger: Ledger) -> None:
    billed = given_a_sent_invoice(ledger)
    other = given_a_sent_invoice(ledger, world=billed.world)
    command = IssueCreditNote.model_validate(
        {"reason": "X", "lines": [{"line_item_id": other.line(1), "quantity": "1"}]}
    )

    with pytest.raises(InvalidInput) as refused:
        ledger.issue_credit_note(billed.world.owner, billed.invoice_id, command)

    assert refused.value.errors == {"lines.0.line_item_id": "not a line of this invoice"}


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"reason": "X"}, {"all"}),
        (
            {
                "reason": "X",
                "all": True,
                "lines": [{"line_item_id": "6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11", "quantity": "1"}],
            },
            {"all"},
        ),
        ({"reason": "X", "lines": []}, {"lines"}),
        ({"reason": " ", "all": True}, {"reason"}),
        ({"all": True}, {"reason"}),
        ({"reason": "X", "all": "true"}, {"all"}),
        ({"reason": "X", "all": True, "release_entries": 1}, {"release_entries"}),
        (
            {
                "reason": "X",
                "lines": [{"line_item_id": "6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11", "quantity": "0"}],
            },
            {"lines.0.quantity"},
        ),
        (
            {
                "reason": "X",
                "lines": [{"line_item_id": "6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11", "quantity": "1.00001"}],
            },
            {"lines.0.quantity"},
        ),
        (
            {
                "reason": "X",
                "lines": [
                    {"line_item_id": "6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11", "quantity": "1"},
                    {"line_item_id": "6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11", "quantity": "2"},
                ],
            },
            {"lines"},
        ),
        ({"reason": "X", "all": True, "colour": "red"}, {"colour"}),
    ],
    ids=[
        "neither lines nor all",
        "both lines and all",
        "no lines",
        "blank reason",
        "no reason",
        "all as a string",
        "release_entries as a number",
        "a quantity of zero",
        "a quantity with 5 decimals",
        "a line twice",
        "an unknown field",
    ],
)
def test_a_credit_note_command_refuses_what_makes_no_sense(body: dict[str, object], fields: set[str]) -> None:
    with pytest.raises(ValidationError) as refused:
        IssueCreditNote.model_validate(body)

    assert refused_fields(refused.value) == fields


def test_release_entries_gives_back_the_entries_of_lines_credited_in_full_to_bill_them_again(
    ledger: Ledger,
) -> None:
    billed = given_a_sent_invoice(ledger)
    world = billed.world
    client = world.invoice_view(billed.invoice_id).client_id

    billed.credit((1, "4"), reason="Billed to the wrong project", release_entries=True)

    for entry_id in billed.entries:
        entry = world.entry(entry_id)
        assert (entry.invoiced, entry.invoice_id, entry.line_item_id) == (False, None, None)
        [*_, released] = ledger.history(world.owner, "time-entry", entry_id)
        assert (released.type, released.data["reason"]) == ("Released", "credit-noted")
    corrected = world.invoice(client)
    again = world.import_(corrected)
    assert again.time_entry_count == 2
    assert {world.entry(e).invoice_id for e in billed.entries} == {corrected}


def test_entries_stay_billed_without_release_entries_or_when_their_line_is_credited_in_part(
    ledger: Ledger,
) -> None:
    first = given_a_sent_invoice(ledger)
    second = given_a_sent_invoice(ledger)

    first.credit((1, "4"))
    second.credit((1, "3.9999"), release_entries=True)

    for billed in (first, second):
        assert {billed.world.entry(e).invoice_id for e in billed.entries} == {billed.invoice_id}


def test_a_partly_credited_invoice_takes_payments_up_to_its_balance_and_is_then_paid(ledger: Ledger) -> None:
    billed = given_a_sent_invoice(ledger)
    billed.credit((2, "3"))
    owner, invoice = billed.world.owner, billed.invoice_id

    with pytest.raises(PaymentRejected):
        ledger.record_payment(owner, invoice, RecordPayment(amount="400.01", date=date(2026, 11, 5)))
    ledger.record_payment(owner, invoice, RecordPayment(amount="400.00", date=date(2026, 11, 5)))

    view = billed.view()
    assert (view.status, view.paid, view.credited, view.balance) == (
        "paid",
        Decimal("400.00"),
        Decimal("147.00"),
        Decimal("0.00"),
    )


def test_a_credit_note_that_settles_the_balance_of_a_partly_paid_invoice_makes_it_paid(
    ledger: Ledger,
) -> None:
    billed = given_a_sent_invoice(ledger)
    owner, invoice = billed.world.owner, billed.invoice_id
    ledger.record_payment(owner, invoice, RecordPayment(amount="400.00", date=date(2026, 11, 5)))

    billed.credit((2, "3"))

    assert (billed.view().status, billed.view().balance) == ("paid", Decimal("0.00"))


def test_crediting_a_paid_invoice_in_full_leaves_a_balance_owed_to_the_client(ledger: Ledger) -> None:
    billed = given_a_sent_invoice(ledger)
    owner, invoice = billed.world.owner, billed.invoice_id
    ledger.record_payment(owner, invoice, RecordPayment(amount="547.00", date=date(2026, 11, 5)))

    billed.credit(all=True)

    view = billed.view()
    assert (view.status, view.credited, view.balance) == ("credited", Decimal("547.00"), Decimal("-547.00"))
    with pytest.raises(InvalidTransition):
        ledger.record_payment(owner, invoice, RecordPayment(amount="1.00", date=date(2026, 11, 6)))
    # Deleting the payment keeps the invoice credited: nothing is owed either way.
    ledger.delete_payment(owner, invoice, view.payments[0].id)
    assert (billed.view().status, billed.view().balance) == ("credited", Decimal("0.00"))


def test_a_credited_invoice_can_no_longer_be_reopened_or_voided(ledger: Ledger) -> None:
    billed = given_a_sent_invoice(ledger)
    billed.credit((2, "1"))
    owner, invoice = billed.world.owner, billed.invoice_id

    with pytest.raises(InvalidTransition, match="credit notes correct it"):
        ledger.reopen_invoice(owner, invoice)
    with pytest.raises(InvalidTransition, match="credit notes correct it"):
        ledger.void_invoice(owner, invoice, VoidInvoice(reason="Too late"))


def test_an_overdue_invoice_is_credited_like_a_sent_one(ledger: Ledger) -> None:
    billed = given_a_sent_invoice(ledger, issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31))
    assert billed.view().status == "overdue"

    billed.credit(all=True)

    assert billed.view().status == "credited"


def test_both_documents_keep_their_history(ledger: Ledger) -> None:
    billed = given_a_sent_invoice(ledger)
    world = billed.world

    note = billed.credit((1, "4"), reason="Wrong project", release_entries=True)

    [issued] = ledger.history(world.owner, "credit-note", note.id)
    assert (issued.type, issued.actor_id, issued.data["number"], issued.data["reason"]) == (
        "CreditNoteIssued",
        world.owner.member_id,
        "CN-0001",
        "Wrong project",
    )
    assert issued.data["totals"]["total"] == "400.00"
    *_, credited = ledger.history(world.owner, "invoice", billed.invoice_id)
    assert credited.type == "InvoiceCredited"
    assert (credited.data["credit_note_id"], credited.data["amount"], credited.data["status"]) == (
        str(note.id),
        "400.00",
        "sent",
    )
    assert sorted(credited.data["time_entry_ids"]) == sorted(map(str, billed.entries))  # type: ignore[call-overload]


def test_the_credit_note_reads_back_as_issued(ledger: Ledger) -> None:
    billed = given_a_sent_invoice(ledger, tax_percent="19")
    note = billed.credit((1, "1"), (2, "2"))

    assert ledger.get_credit_note(billed.world.owner, note.id) == note
    assert [i.position for i in note.items] == [1, 2]


def test_members_cannot_issue_or_read_credit_notes_and_auditors_only_read_them(ledger: Ledger) -> None:
    billed = given_a_sent_invoice(ledger)
    note = billed.credit((2, "1"))
    command = IssueCreditNote(reason="X", all=True)

    for role in (Role.MEMBER, Role.AUDITOR):
        actor = billed.world.member(name=role.value.title(), role=role)
        with pytest.raises(Forbidden):
            ledger.issue_credit_note(actor, billed.invoice_id, command)
    member = billed.world.member(name="Max")
    with pytest.raises(Forbidden):
        ledger.get_credit_note(member, note.id)
    auditor = billed.world.member(name="Ada", role=Role.AUDITOR)
    assert ledger.get_credit_note(auditor, note.id) == note


def test_another_workspaces_credit_note_is_not_found(ledger: Ledger) -> None:
    note = given_a_sent_invoice(ledger).credit(all=True)
    stranger = given_world(ledger)

    with pytest.raises(NotFound):
        ledger.get_credit_note(stranger.owner, note.id)
