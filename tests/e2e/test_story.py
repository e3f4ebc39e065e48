"""The whole story against a real `ledger serve` process, over HTTP, on both backends."""

from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.slow

OCTOBER = {"date_from": "2026-10-01", "date_to": "2026-10-31"}


def created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def uninvoiced_ids(api: httpx.Client, report: str) -> set[str]:
    rows = ok(api.get(f"reports/{report}", params={"invoiced": "false"}))["items"]
    return {row["id"] for row in rows}


def test_an_invoice_lives_and_dies_over_http_and_its_history_remains(server: str) -> None:
    signup = created(
        httpx.post(
            f"{server}/v1/workspaces",
            json={
                "name": "Initech",
                "currency": "EUR",
                "timezone": "UTC",
                "hourly_rate": "100.00",
                "owner": {"name": "Olga Owner", "email": "olga@example.com"},
            },
        )
    )
    workspace = f"{server}/v1/workspaces/{signup['id']}/"
    owner = httpx.Client(base_url=workspace, headers={"X-Api-Key": signup["api_key"]}, timeout=60)

    client = created(owner.post("clients", json={"name": "Globex", "address": "1 Globex Way"}))
    project = created(owner.post("projects", json={"name": "Website", "client_id": client["id"]}))
    mia = created(
        owner.post(
            "members",
            json={
                "name": "Mia",
                "email": "mia@example.com",
                "role": "member",
                "hourly_rate": "80.00",
            },
        )
    )
    as_mia = httpx.Client(base_url=workspace, headers={"X-Api-Key": mia["api_key"]}, timeout=60)
    entries = [
        created(
            as_mia.post(
                "time-entries",
                json={
                    "project_id": project["id"],
                    "description": task,
                    "start": f"2026-10-{day}T09:00:00+00:00",
                    "end": f"2026-10-{day}T{end}:00+00:00",
                },
            )
        )["id"]
        for day, end, task in (("05", "11:00", "Design"), ("06", "10:30", "Build"), ("07", "10:00", "Test"))
    ]
    category = created(
        owner.post(
            "expense-categories",
            json={
                "name": "Mileage",
                "unit": "km",
                "unit_price": "0.50",
            },
        )
    )
    expense = created(
        owner.post(
            "expenses",
            json={
                "project_id": project["id"],
                "category_id": category["id"],
                "date": "2026-10-08",
                "quantity": "100",
            },
        )
    )
    invoice = created(owner.post("invoices", json={"client_id": client["id"], "issue_date": "2026-11-02"}))
    invoice_url = f"invoices/{invoice['id']}"

    imported = created(owner.post(f"{invoice_url}/imports", json={**OCTOBER, "include_expenses": True}))
    assert (imported["time_entry_count"], imported["expense_count"], imported["amount"]) == (
        1 * 3,
        1,
        "410.00",
    )
    design, build, *_ = imported["items"]
    assert (design["amount"], build["amount"]) == ("160.00", "120.00")

    edited = ok(owner.patch(f"{invoice_url}/items/{design['id']}", json={"description": "Design work"}))
    assert (edited["description"], edited["amount"]) == ("Design work", "160.00")
    assert owner.delete(f"{invoice_url}/items/{build['id']}").status_code == 204
    assert uninvoiced_ids(owner, "time-entries") == {entries[1]}
    assert ok(owner.get(invoice_url))["subtotal"] == "290.00"

    pdf = owner.get(f"{invoice_url}/pdf")
    assert pdf.status_code == 200, pdf.text
    assert (pdf.headers["content-type"], pdf.content[:4]) == ("application/pdf", b"%PDF")

    assert owner.delete(invoice_url).status_code == 204
    assert owner.get(invoice_url).status_code == 404
    assert uninvoiced_ids(owner, "time-entries") == set(entries)
    assert uninvoiced_ids(owner, "expenses") == {expense["id"]}

    history = ok(owner.get(f"{invoice_url}/history"))["items"]
    assert [event["type"] for event in history] == [
        "InvoiceCreated",
        "ItemsImported",
        "LineItemEdited",
        "LineItemRemoved",
        "InvoiceDeleted",
    ]
    assert [event["version"] for event in history] == [1, 2, 3, 4, 5]
