"""The credit-note list: a row per credit note, negative amounts, filters, CSV; the invoice list's credit."""

import csv
import io
from datetime import date
from typing import Any

import pytest

from ledger.application import Ledger
from ledger.errors import InvalidInput
from projections import CreditNoteFilters, InvoiceFilters, ReadModels
from projections.credit_note_list import CreditNoteRow
from projections.queries import Page
from support.crediting import Billed, given_a_sent_invoice
from support.world import given_world

HEADER = (
    "id,number,invoice_id,invoice_number,client_id,client_name,issue_date,currency,reason,"
    "subtotal,discount,tax,tax2,total"
)


def listed(read_models: ReadModels, billed: Billed, **filters: Any) -> Page[CreditNoteRow]:
    read_models.catch_up()
    workspace = billed.world.owner.workspace_id
    return read_models.credit_note_list.page(workspace, CreditNoteFilters(**filters), 1, 50)


def test_a_credit_note_is_listed_with_its_invoice_client_and_negative_amounts(
    ledger: Ledger, read_models: ReadModels
) -> None:
    billed = given_a_sent_invoice(ledger, discount_percent="10", tax_percent="19")
    note = billed.credit((2, "1"), reason="One month too many")

    [row] = listed(read_models, billed).items

    assert row.model_dump(mode="json") == {
        "id": str(note.id),
        "number": "CN-0001",
        "invoice_id": str(billed.invoice_id),
        "invoice_number": "INV-0001",
        "client_id": str(billed.view().client_id),
        "client_name": "Globex",
        "issue_date": note.issue_date.isoformat(),
        "currency": "EUR",
        "reason": "One month too many",
        "subtotal": "-49.00",
        "discount": "-4.90",
        "tax": "-8.38",
        "tax2": "0.00",
        "total": "-52.48",
    }


def test_credit_notes_filter_by_invoice_client_and_issue_date(
    ledger: Ledger, read_models: ReadModels
) -> None:
    first = given_a_sent_invoice(ledger)
    second = given_a_sent_invoice(ledger, world=first.world)
    a, b = first.credit((2, "1")), first.credit((2, "1"))
    c = second.credit(all=True)
    today = a.issue_date

    def numbers(**filters: Any) -> list[str]:
        return [row.number for row in listed(read_models, first, **filters).items]

    assert numbers() == [a.number, b.number, c.number]
    assert numbers(invoice_id=first.invoice_id) == [a.number, b.number]
    assert numbers(client_id=second.view().client_id) == [c.number]
    assert numbers(issue_date_from=today, issue_date_to=today) == [a.number, b.number, c.number]
    assert numbers(issue_date_to=date(2000, 1, 1)) == []
    assert listed(read_models, given_a_sent_invoice(ledger)).total == 0


def test_the_csv_is_a_header_and_the_rows_as_json_writes_them(
    ledger: Ledger, read_models: ReadModels
) -> None:
    billed = given_a_sent_invoice(ledger, tax_percent="19")
    billed.credit((1, "0.5"))
    billed.credit(all=True)
    read_models.catch_up()

    text = read_models.credit_note_list.csv(billed.world.owner.workspace_id, CreditNoteFilters())

    assert text.splitlines()[0] == HEADER
    as_json = [row.model_dump(mode="json") for row in listed(read_models, billed).items]
    assert list(csv.DictReader(io.StringIO(text))) == [
        {k: "" if v is None else str(v) for k, v in row.items()} for row in as_json
    ]
    assert [row["total"] for row in as_json] == ["-59.50", "-591.43"]


def test_backward_issue_dates_are_refused() -> None:
    with pytest.raises(InvalidInput):
        CreditNoteFilters(issue_date_from=date(2026, 11, 2), issue_date_to=date(2026, 11, 1))


def test_the_invoice_list_shows_what_was_credited_and_the_status_credited(
    ledger: Ledger, read_models: ReadModels
) -> None:
    billed = given_a_sent_invoice(ledger)
    billed.credit((2, "1"))
    read_models.catch_up()
    workspace, today = billed.world.owner.workspace_id, date(2026, 11, 15)

    def row() -> dict[str, Any]:
        read_models.catch_up()
        [shown] = read_models.invoice_list.page(workspace, InvoiceFilters(), 1, 50, today).items
        return {
            k: v for k, v in shown.model_dump(mode="json").items() if k in {"status", "credited", "balance"}
        }

    assert row() == {"status": "sent", "credited": "49.00", "balance": "498.00"}
    billed.credit(all=True)
    assert row() == {"status": "credited", "credited": "547.00", "balance": "0.00"}
    assert (
        read_models.invoice_list.page(workspace, InvoiceFilters(status="credited"), 1, 50, today).total == 1
    )


def test_another_workspaces_credit_notes_are_not_listed(ledger: Ledger, read_models: ReadModels) -> None:
    given_a_sent_invoice(ledger).credit(all=True)
    mine = given_a_sent_invoice(ledger, world=given_world(ledger))

    assert listed(read_models, mine).items == []
