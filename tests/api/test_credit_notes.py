"""Credit notes over HTTP (SPEC §15): issue, refuse, read, list, CSV, history, PDF; immutable."""

import csv
import io
from decimal import Decimal
from io import BytesIO

from http_billing import credit, seller, sent_invoice
from http_world import Workspace, created, problem_type
from pypdf import PdfReader


def test_a_credit_note_answers_201_with_negative_amounts_at_the_invoices_rates(ws: Workspace) -> None:
    invoice = sent_invoice(ws, tax_percent="19", discount_percent="10")
    time_line, *_, setup = invoice["items"]

    note = credit(
        ws,
        invoice["id"],
        {"reason": "Setup billed twice", "lines": [{"line_item_id": setup["id"], "quantity": "1"}]},
    )

    assert {k: note[k] for k in ("number", "invoice_id", "invoice_number", "reason")} == {
        "number": "CN-0001",
        "invoice_id": invoice["id"],
        "invoice_number": "INV-0001",
        "reason": "Setup billed twice",
    }
    assert [(i["line_item_id"], i["quantity"], i["unit_price"], i["amount"]) for i in note["items"]] == [
        (setup["id"], "-1.0000", "150.00", "-150.00")
    ]
    assert [note[k] for k in ("subtotal", "discount", "tax", "tax2", "total")] == [
        "-150.00",
        "-15.00",
        "-25.65",
        "0.00",
        "-160.65",
    ]
    assert note["issue_date"] and note["id"] and time_line["id"] != setup["id"]
    after = created(ws.get(f"/invoices/{invoice['id']}"), 200)
    assert (after["status"], after["credited"], after["credit_note_ids"]) == ("sent", "160.65", [note["id"]])
    assert Decimal(after["balance"]) == Decimal(after["total"]) - Decimal("160.65")
    assert after["credited_lines"] == [
        {"line_item_id": setup["id"], "quantity": "1.0000", "amount": "150.00"}
    ]


def test_crediting_all_leaves_the_invoice_credited_with_no_balance(ws: Workspace) -> None:
    invoice = sent_invoice(ws, tax_percent="19")

    note = credit(ws, invoice["id"], {"all": True})

    assert note["total"] == f"-{invoice['total']}"
    after = created(ws.get(f"/invoices/{invoice['id']}"), 200)
    assert (after["status"], after["credited"], after["balance"]) == ("credited", invoice["total"], "0.00")


def test_crediting_an_unsent_invoice_is_409_invalid_status(ws: Workspace) -> None:
    client = ws.client()
    invoice = ws.invoice(client)
    ws.line(invoice)

    response = ws.post(f"/invoices/{invoice}/credit-notes", {"reason": "X", "all": True})

    assert response.status_code == 409
    assert problem_type(response) == "/problems/invalid-status"


def test_crediting_beyond_a_lines_quantity_is_422_over_credit(ws: Workspace) -> None:
    invoice = sent_invoice(ws)
    setup = invoice["items"][-1]

    response = ws.post(
        f"/invoices/{invoice['id']}/credit-notes",
        {"reason": "X", "lines": [{"line_item_id": setup["id"], "quantity": "1.5"}]},
    )

    assert response.status_code == 422
    assert problem_type(response) == "/problems/over-credit"
    assert created(ws.get("/credit-notes"), 200)["total"] == 0


def test_a_body_naming_neither_lines_nor_all_is_422_naming_the_field(ws: Workspace) -> None:
    invoice = sent_invoice(ws)

    response = ws.post(f"/invoices/{invoice['id']}/credit-notes", {"reason": "X"})

    assert response.status_code == 422
    assert response.json()["errors"] == {"body.all": "give the lines to credit, or all: true"}


def test_if_match_names_the_invoices_version(ws: Workspace) -> None:
    invoice = sent_invoice(ws)
    body = {"reason": "X", "all": True}

    stale = ws.post(f"/invoices/{invoice['id']}/credit-notes", body, headers={"If-Match": '"1"'})
    fresh = ws.post(
        f"/invoices/{invoice['id']}/credit-notes", body, headers={"If-Match": f'"{invoice["version"]}"'}
    )

    assert (stale.status_code, fresh.status_code) == (412, 201)


def test_a_retry_with_the_same_idempotency_key_issues_nothing_new(ws: Workspace) -> None:
    invoice = sent_invoice(ws)
    setup = invoice["items"][-1]
    body = {"reason": "X", "lines": [{"line_item_id": setup["id"], "quantity": "0.5"}]}
    headers = {"Idempotency-Key": "credit-1"}

    first = ws.post(f"/invoices/{invoice['id']}/credit-notes", body, headers=headers)
    again = ws.post(f"/invoices/{invoice['id']}/credit-notes", body, headers=headers)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert created(ws.get("/credit-notes"), 200)["total"] == 1


def test_a_credit_note_reads_back_with_its_etag_and_its_history(ws: Workspace) -> None:
    invoice = sent_invoice(ws)
    note = credit(ws, invoice["id"], {"all": True, "release_entries": True})

    read = ws.get(f"/credit-notes/{note['id']}")
    history = created(ws.get(f"/credit-notes/{note['id']}/history"), 200)["items"]
    invoice_history = created(ws.get(f"/invoices/{invoice['id']}/history"), 200)["items"]

    assert (read.status_code, read.json(), read.headers["ETag"]) == (200, note, '"1"')
    assert [event["type"] for event in history] == ["CreditNoteIssued"]
    assert invoice_history[-1]["type"] == "InvoiceCredited"
    assert len(invoice_history[-1]["data"]["time_entry_ids"]) == 2


def test_credit_notes_are_immutable_patch_and_delete_are_405_with_allow(ws: Workspace) -> None:
    note = credit(ws, sent_invoice(ws)["id"], {"all": True})

    for method in ("PATCH", "DELETE", "PUT"):
        response = ws.request(method, f"/credit-notes/{note['id']}", json={"reason": "Changed"})
        assert response.status_code == 405, method
        assert response.headers["Allow"] == "GET"
        assert problem_type(response) == "/problems/method-not-allowed"
    assert created(ws.get(f"/credit-notes/{note['id']}"), 200) == note


def test_the_list_filters_and_answers_csv(ws: Workspace) -> None:
    first, second = sent_invoice(ws), sent_invoice(ws)
    a = credit(ws, first["id"], {"lines": [{"line_item_id": first["items"][-1]["id"], "quantity": "1"}]})
    b = credit(ws, second["id"], {"all": True})

    every = created(ws.get("/credit-notes"), 200)
    of_first = created(ws.get("/credit-notes", params={"invoice_id": first["id"]}), 200)
    text = ws.get("/credit-notes", params={"format": "csv", "client_id": second["client_id"]})

    assert [row["number"] for row in every["items"]] == [a["number"], b["number"]]
    assert (every["total"], every["page"], every["page_size"]) == (2, 1, 50)
    assert [row["id"] for row in of_first["items"]] == [a["id"]]
    assert text.headers["content-type"].startswith("text/csv")
    [row] = list(csv.DictReader(io.StringIO(text.text)))
    assert (row["number"], row["invoice_number"], row["total"]) == (b["number"], "INV-0002", b["total"])


def test_unknown_list_parameters_and_bad_dates_are_refused(ws: Workspace) -> None:
    unknown = ws.get("/credit-notes", params={"invoice": "x"})
    backward = ws.get(
        "/credit-notes", params={"issue_date_from": "2026-11-02", "issue_date_to": "2026-11-01"}
    )

    assert (unknown.status_code, problem_type(unknown)) == (400, "/problems/unknown-parameter")
    assert backward.status_code == 422


def test_members_cannot_issue_or_list_credit_notes_and_auditors_read_them(ws: Workspace) -> None:
    invoice = sent_invoice(ws)
    note = credit(ws, invoice["id"], {"all": True})
    member, auditor = ws.member("Mia")["api_key"], ws.member("Ada", "auditor")["api_key"]

    assert (
        ws.post(
            f"/invoices/{invoice['id']}/credit-notes", {"reason": "X", "all": True}, key=member
        ).status_code
        == 403
    )
    assert ws.get("/credit-notes", key=member).status_code == 403
    assert (
        ws.post(
            f"/invoices/{invoice['id']}/credit-notes", {"reason": "X", "all": True}, key=auditor
        ).status_code
        == 403
    )
    assert created(ws.get(f"/credit-notes/{note['id']}", key=auditor), 200) == note


def test_the_pdf_is_the_invoices_layout_with_credit_note_labels(ws: Workspace) -> None:
    seller(ws)
    invoice = sent_invoice(ws, tax_percent="19")
    setup = invoice["items"][-1]
    note = credit(
        ws,
        invoice["id"],
        {"reason": "Setup billed twice", "lines": [{"line_item_id": setup["id"], "quantity": "1"}]},
    )

    response = ws.get(f"/credit-notes/{note['id']}/pdf")

    assert (response.status_code, response.headers["content-type"]) == (200, "application/pdf")
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    for expected in (
        "Credit note CN-0001",
        "For invoice",
        "INV-0001",
        "Reason Setup billed twice",
        "Studio Nord GmbH",
        "Atelier Sud SARL",
        "Service Setup -1 150.00 -150.00",
        "Subtotal Tax (19%) Total -€150.00 -€28.50 -€178.50",
    ):
        assert expected in " ".join(text.split()), expected


def test_the_invoice_pdf_shows_what_credit_notes_took_back_before_the_balance(ws: Workspace) -> None:
    invoice = sent_invoice(ws)
    setup = invoice["items"][-1]
    credit(ws, invoice["id"], {"lines": [{"line_item_id": setup["id"], "quantity": "1"}]})
    balance = created(ws.get(f"/invoices/{invoice['id']}"), 200)["balance"]

    pdf = ws.get(f"/invoices/{invoice['id']}/pdf").content

    text = " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).split())
    # Labels then amounts: what was paid, what credit notes took back, and the balance.
    assert "Paid Credited Balance due" in text
    assert f"€752.65 €0.00 -€150.00 €{balance}" in text
