"""Invoices over HTTP: drafts, lines, the life cycle, payments, history (SPEC §4, §6, §8)."""

from http_world import OCTOBER, Workspace, created, problem_type


def test_a_new_invoice_is_numbered_from_the_sequence_in_the_clients_currency(ws: Workspace) -> None:
    client_id = ws.client(currency="USD")

    invoice = created(ws.post("/invoices", {"client_id": client_id, "issue_date": "2026-11-01"}))

    assert {
        k: invoice[k] for k in ("number", "currency", "issue_date", "due_date", "status", "total", "version")
    } == {
        "number": "INV-0001",
        "currency": "USD",
        "issue_date": "2026-11-01",
        "due_date": "2026-12-01",
        "status": "unsent",
        "total": "0.00",
        "version": 1,
    }


def test_a_taken_number_is_a_conflict(ws: Workspace) -> None:
    client_id = ws.client()
    ws.invoice(client_id, number="2026-17")

    response = ws.post("/invoices", {"client_id": client_id, "number": "2026-17"})

    assert (response.status_code, problem_type(response)) == (409, "/problems/duplicate-number")


def test_lines_carry_labels_and_the_totals_follow(ws: Workspace) -> None:
    created(ws.patch("/settings", {"item_type_labels": {"product": "Goods"}}), 200)
    invoice_id = ws.invoice(ws.client(), tax_percent="19", discount_percent="10")

    item = created(
        ws.post(
            f"/invoices/{invoice_id}/items",
            {"description": "Hosting", "quantity": "2", "unit_price": "50.00", "item_type": "product"},
        )
    )

    assert {
        k: item[k] for k in ("position", "item_type", "item_type_label", "quantity", "unit_price", "amount")
    } == {
        "position": 1,
        "item_type": "product",
        "item_type_label": "Goods",
        "quantity": "2.0000",
        "unit_price": "50.00",
        "amount": "100.00",
    }
    invoice = created(ws.get(f"/invoices/{invoice_id}"), 200)
    assert [invoice[k] for k in ("subtotal", "discount", "tax", "tax2", "total", "paid", "balance")] == [
        "100.00",
        "10.00",
        "17.10",
        "0.00",
        "107.10",
        "0.00",
        "107.10",
    ]


def test_editing_a_line_recomputes_its_amount(ws: Workspace) -> None:
    invoice_id = ws.invoice(ws.client())
    item = created(
        ws.post(
            f"/invoices/{invoice_id}/items",
            {"description": "Hosting", "quantity": "1", "unit_price": "50.00"},
        )
    )

    edited = created(ws.patch(f"/invoices/{invoice_id}/items/{item['id']}", {"quantity": "3"}), 200)

    assert (edited["quantity"], edited["amount"]) == ("3.0000", "150.00")


def test_removing_a_line_releases_its_time_entries(ws: Workspace) -> None:
    _, invoice_id, entry_id = ws.billed()
    line = created(ws.get(f"/invoices/{invoice_id}"), 200)["items"][0]

    response = ws.delete(f"/invoices/{invoice_id}/items/{line['id']}")

    assert response.status_code == 204
    assert created(ws.get(f"/time-entries/{entry_id}"), 200)["invoiced"] is False
    assert created(ws.get(f"/invoices/{invoice_id}"), 200)["items"] == []


def test_a_sent_invoice_is_locked(ws: Workspace) -> None:
    invoice_id = ws.invoice(ws.client())
    ws.line(invoice_id)
    sent = created(ws.post(f"/invoices/{invoice_id}/send"), 200)

    response = ws.patch(f"/invoices/{invoice_id}", {"subject": "too late"})

    assert sent["status"] == "sent"
    assert (response.status_code, problem_type(response)) == (409, "/problems/invoice-locked")


def test_a_sent_invoice_is_reopened_to_a_draft(ws: Workspace) -> None:
    invoice_id = ws.invoice(ws.client())
    ws.line(invoice_id)
    created(ws.post(f"/invoices/{invoice_id}/send"), 200)

    reopened = created(ws.post(f"/invoices/{invoice_id}/reopen"), 200)

    assert reopened["status"] == "unsent"
    assert created(ws.patch(f"/invoices/{invoice_id}", {"subject": "October"}), 200)["subject"] == "October"


def test_reopening_a_draft_is_an_invalid_status(ws: Workspace) -> None:
    invoice_id = ws.invoice(ws.client())

    response = ws.post(f"/invoices/{invoice_id}/reopen")

    assert (response.status_code, problem_type(response)) == (409, "/problems/invalid-status")


def test_payments_move_the_status_to_partially_paid_and_paid(ws: Workspace) -> None:
    _, invoice_id, _ = ws.billed(hours=2)
    created(ws.post(f"/invoices/{invoice_id}/send"), 200)

    first = created(ws.post(f"/invoices/{invoice_id}/payments", {"amount": "50.00", "date": "2026-11-10"}))
    partly = created(ws.get(f"/invoices/{invoice_id}"), 200)
    created(ws.post(f"/invoices/{invoice_id}/payments", {"amount": "150.00", "date": "2026-11-20"}))
    paid = created(ws.get(f"/invoices/{invoice_id}"), 200)

    assert (first["amount"], first["date"], first["note"]) == ("50.00", "2026-11-10", "")
    assert (partly["status"], partly["paid"], partly["balance"]) == ("partially_paid", "50.00", "150.00")
    assert (paid["status"], paid["balance"], len(paid["payments"])) == ("paid", "0.00", 2)


def test_a_payment_over_the_balance_is_rejected(ws: Workspace) -> None:
    _, invoice_id, _ = ws.billed()
    created(ws.post(f"/invoices/{invoice_id}/send"), 200)

    response = ws.post(f"/invoices/{invoice_id}/payments", {"amount": "100.01", "date": "2026-11-10"})

    assert (response.status_code, problem_type(response)) == (422, "/problems/payment-rejected")


def test_deleting_a_payment_restores_the_balance(ws: Workspace) -> None:
    _, invoice_id, _ = ws.billed()
    created(ws.post(f"/invoices/{invoice_id}/send"), 200)
    payment = created(ws.post(f"/invoices/{invoice_id}/payments", {"amount": "40.00", "date": "2026-11-10"}))

    response = ws.delete(f"/invoices/{invoice_id}/payments/{payment['id']}")

    assert response.status_code == 204
    invoice = created(ws.get(f"/invoices/{invoice_id}"), 200)
    assert (invoice["status"], invoice["balance"], invoice["payments"]) == ("sent", "100.00", [])


def test_voiding_releases_every_entry(ws: Workspace) -> None:
    _, invoice_id, entry_id = ws.billed()

    voided = created(ws.post(f"/invoices/{invoice_id}/void", {"reason": "wrong client"}), 200)

    assert (voided["status"], voided["void_reason"]) == ("void", "wrong client")
    history = created(ws.get(f"/time-entries/{entry_id}/history"), 200)["items"]
    assert (history[-1]["type"], history[-1]["data"]["reason"]) == ("Released", "invoice-voided")


def test_a_deleted_invoice_is_404_but_keeps_its_history(ws: Workspace) -> None:
    _, invoice_id, _ = ws.billed()

    response = ws.delete(f"/invoices/{invoice_id}")

    assert response.status_code == 204
    assert problem_type(ws.get(f"/invoices/{invoice_id}")) == "/problems/not-found"
    history = created(ws.get(f"/invoices/{invoice_id}/history"), 200)["items"]
    assert [e["type"] for e in history] == ["InvoiceCreated", "ItemsImported", "InvoiceDeleted"]
    assert created(ws.get("/invoices"), 200)["total"] == 0


def test_an_invoice_is_shown_as_it_stood_at_a_version(ws: Workspace) -> None:
    _, invoice_id, _ = ws.billed()
    created(ws.post(f"/invoices/{invoice_id}/send"), 200)

    then = ws.get(f"/invoices/{invoice_id}", params={"version": 1})

    assert (created(then, 200)["status"], then.json()["total"], then.headers["ETag"]) == (
        "unsent",
        "0.00",
        '"1"',
    )


def test_a_version_not_reached_yet_is_not_found(ws: Workspace) -> None:
    invoice_id = ws.invoice(ws.client())

    response = ws.get(f"/invoices/{invoice_id}", params={"version": 2})

    assert (response.status_code, problem_type(response)) == (404, "/problems/not-found")


def test_an_invoice_is_shown_as_it_stood_at_an_instant(ws: Workspace) -> None:
    invoice_id = ws.invoice(ws.client())
    ws.line(invoice_id)
    created(ws.post(f"/invoices/{invoice_id}/send"), 200)
    instant = created(ws.get(f"/invoices/{invoice_id}/history"), 200)["items"][1]["recorded_at"]

    then = created(ws.get(f"/invoices/{invoice_id}", params={"as_of": instant}), 200)

    assert (then["status"], then["version"]) == ("unsent", 2)


def test_as_of_and_version_together_are_refused(ws: Workspace) -> None:
    invoice_id = ws.invoice(ws.client())

    response = ws.get(f"/invoices/{invoice_id}", params={"version": 1, "as_of": "2026-10-01T00:00:00Z"})

    assert response.json()["errors"] == {"query.version": "give as_of or version, not both"}


def test_invoices_are_listed_by_status_and_as_csv(ws: Workspace) -> None:
    client_id = ws.client()
    draft, sent = ws.invoice(client_id), ws.invoice(client_id)
    ws.line(sent)
    created(ws.post(f"/invoices/{sent}/send"), 200)

    listed = created(ws.get("/invoices", params={"status": "sent"}), 200)
    csv = ws.get("/invoices", params={"format": "csv"})

    assert [row["id"] for row in listed["items"]] == [sent]
    assert csv.headers["content-type"] == "text/csv; charset=utf-8"
    lines = csv.text.strip().splitlines()
    assert (len(lines), draft in csv.text, sent in csv.text) == (3, True, True)


def test_the_history_of_an_invoice_lists_every_event_with_its_actor(ws: Workspace) -> None:
    _, invoice_id, _ = ws.billed()
    created(ws.post(f"/invoices/{invoice_id}/send"), 200)

    history = created(ws.get(f"/invoices/{invoice_id}/history"), 200)["items"]

    assert [(e["version"], e["type"], e["actor_id"]) for e in history] == [
        (1, "InvoiceCreated", ws.owner_id),
        (2, "ItemsImported", ws.owner_id),
        (3, "InvoiceSent", ws.owner_id),
    ]


def test_an_import_into_a_sent_invoice_is_locked(ws: Workspace) -> None:
    client_id = ws.client()
    ws.log(ws.project(client_id))
    invoice_id = ws.invoice(client_id)
    ws.line(invoice_id)
    created(ws.post(f"/invoices/{invoice_id}/send"), 200)

    response = ws.post(f"/invoices/{invoice_id}/imports", OCTOBER)

    assert (response.status_code, problem_type(response)) == (409, "/problems/invoice-locked")
