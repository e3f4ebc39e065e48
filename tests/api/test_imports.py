"""Importing time and expenses over HTTP (SPEC §5), racing imports included."""

import threading
from typing import Any

import httpx
from http_world import OCTOBER, Workspace, created, problem_type


def test_an_import_answers_the_body_of_spec(ws: Workspace) -> None:
    client_id = ws.client()
    entry_id = ws.log(ws.project(client_id, name="Website"), hours=2)
    invoice_id = ws.invoice(client_id)

    body = created(ws.post(f"/invoices/{invoice_id}/imports", {**OCTOBER, "time": {"grouping": "single"}}))

    assert (body["time_entry_count"], body["expense_count"], body["amount"]) == (1, 0, "200.00")
    (line,) = body["items"]
    assert {k: v for k, v in line.items() if k != "id"} == {
        "position": 1,
        "item_type": "service",
        "item_type_label": "Service",
        "description": "Time",
        "quantity": "2.0000",
        "unit": "h",
        "unit_price": "100.00",
        "amount": "200.00",
        "import_id": body["import_id"],
        "time_entry_ids": [entry_id],
        "expense_ids": [],
        "raw_seconds": 7200,
        "billed_seconds": 7200,
        "quantity_overridden": False,
    }


def test_a_dry_run_answers_200_and_records_nothing(ws: Workspace, app: Any) -> None:
    client_id = ws.client()
    entry_id = ws.log(ws.project(client_id))
    invoice_id = ws.invoice(client_id)
    head = app.state.ledger.recorder.max_notification_id()

    response = ws.post(f"/invoices/{invoice_id}/imports", {**OCTOBER, "dry_run": True})

    assert (response.status_code, response.json()["time_entry_count"]) == (200, 1)
    assert app.state.ledger.recorder.max_notification_id() == head
    assert created(ws.get(f"/time-entries/{entry_id}"), 200)["invoiced"] is False


def test_expenses_are_imported_grouped_by_category(ws: Workspace) -> None:
    client_id = ws.client()
    project_id = ws.project(client_id)
    travel = ws.category("Travel")
    ws.expense(project_id, travel, amount="20.00")
    ws.expense(project_id, travel, amount="30.00", day="2026-10-11")
    invoice_id = ws.invoice(client_id)

    body = created(
        ws.post(
            f"/invoices/{invoice_id}/imports",
            {
                **OCTOBER,
                "include_time": False,
                "include_expenses": True,
                "expenses": {"grouping": "single"},
            },
        )
    )

    assert [(i["description"], i["item_type"], i["quantity"], i["amount"]) for i in body["items"]] == [
        ("Expenses", "product", "1.0000", "50.00")
    ]


def test_nothing_eligible_is_nothing_to_import(ws: Workspace) -> None:
    invoice_id = ws.invoice(ws.client())

    response = ws.post(f"/invoices/{invoice_id}/imports", OCTOBER)

    assert (response.status_code, problem_type(response)) == (422, "/problems/nothing-to-import")


def test_a_project_of_another_client_is_refused(ws: Workspace) -> None:
    other_project = ws.project(ws.client("Hooli"))
    invoice_id = ws.invoice(ws.client())

    response = ws.post(f"/invoices/{invoice_id}/imports", {**OCTOBER, "project_ids": [other_project]})

    assert (response.status_code, problem_type(response)) == (422, "/problems/project-not-of-client")


def test_an_import_without_dates_lists_both_fields(ws: Workspace) -> None:
    invoice_id = ws.invoice(ws.client())

    response = ws.post(f"/invoices/{invoice_id}/imports", {"include_time": True})

    assert response.json()["errors"] == {"body.date_from": "Field required", "body.date_to": "Field required"}


def test_an_unknown_grouping_is_refused_with_its_field(ws: Workspace) -> None:
    invoice_id = ws.invoice(ws.client())

    response = ws.post(
        f"/invoices/{invoice_id}/imports", {**OCTOBER, "time": {"grouping": "grouped", "group_by": "weather"}}
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["body.time.group_by"]


def test_removing_an_import_releases_its_entries(ws: Workspace) -> None:
    client_id = ws.client()
    entry_id = ws.log(ws.project(client_id))
    invoice_id = ws.invoice(client_id)
    imported = created(ws.post(f"/invoices/{invoice_id}/imports", OCTOBER))

    response = ws.delete(f"/invoices/{invoice_id}/imports/{imported['import_id']}")

    assert response.status_code == 204
    assert created(ws.get(f"/time-entries/{entry_id}"), 200)["invoiced"] is False
    assert created(ws.get(f"/invoices/{invoice_id}"), 200)["total"] == "0.00"


def test_two_racing_imports_never_bill_an_entry_twice(ws: Workspace) -> None:
    client_id = ws.client()
    project_id = ws.project(client_id)
    entries = {ws.log(project_id, f"2026-10-{day:02d}") for day in range(1, 21)}
    invoices = [ws.invoice(client_id), ws.invoice(client_id)]
    start = threading.Barrier(2)
    responses: dict[str, httpx.Response] = {}

    def import_into(invoice_id: str) -> None:
        start.wait()
        responses[invoice_id] = ws.post(f"/invoices/{invoice_id}/imports", OCTOBER)

    threads = [threading.Thread(target=import_into, args=(invoice_id,)) for invoice_id in invoices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    outcomes = sorted((r.status_code, r.json().get("type")) for r in responses.values())
    # The loser either lost the race on commit, or started after the winner and found nothing left.
    assert outcomes[0] == (201, None)
    assert outcomes[1] in [(409, "/problems/entry-already-invoiced"), (422, "/problems/nothing-to-import")]
    billed = [
        e
        for i in invoices
        for item in created(ws.get(f"/invoices/{i}"), 200)["items"]
        for e in item["time_entry_ids"]
    ]
    assert sorted(billed) == sorted(entries)
