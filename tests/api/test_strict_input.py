"""Strict input and one output format (SPEC §12), as a new user meets them over HTTP."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from http_world import OCTOBER, Workspace, created, problem_type

NIL = "00000000-0000-4000-8000-000000000000"


def errors_of(response: Any) -> dict[str, str]:
    return dict(response.json().get("errors", {}))


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/clients", {"name": "Globex", "colour": "red"}, "body.colour"),
        ("/projects", {"name": "Web", "bilable": False}, "body.bilable"),
        ("/settings", {"rounding": {"minutes": 15, "modus": "up"}}, "body.rounding.modus"),
    ],
)
def test_an_unknown_body_field_is_refused_by_name(
    ws: Workspace, path: str, body: dict[str, Any], field: str
) -> None:
    method = "PATCH" if path == "/settings" else "POST"

    response = ws.request(method, path, json=body)

    assert (response.status_code, problem_type(response)) == (422, "/problems/unknown-field")
    assert errors_of(response)[field] == "unknown field"


def test_a_mistyped_filter_is_refused_instead_of_answering_everything(ws: Workspace) -> None:
    client = ws.client()
    ws.log(ws.project(client))

    response = ws.get("/time-entries", params={"projectid": NIL})

    assert (response.status_code, problem_type(response)) == (400, "/problems/unknown-parameter")
    assert "projectid" in response.json()["detail"]


def test_a_boolean_must_be_a_json_boolean(ws: Workspace) -> None:
    project = ws.project(ws.client())

    response = ws.post(
        "/time-entries",
        {
            "project_id": project,
            "start": "2026-10-05T09:00:00Z",
            "end": "2026-10-05T10:00:00Z",
            "billable": "yes",
        },
    )

    assert (response.status_code, problem_type(response)) == (422, "/problems/validation-error")
    assert "body.billable" in errors_of(response)
    assert ws.get("/time-entries").json()["total"] == 0


def test_a_query_boolean_must_be_true_or_false(ws: Workspace) -> None:
    response = ws.get("/reports/time-entries", params={"billable": "yes"})

    assert (response.status_code, problem_type(response)) == (422, "/problems/validation-error")
    assert "query.billable" in errors_of(response)


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"name": "Globex", "currency": "XYZ"}, "body.currency", "ISO 4217"),
        ({"name": "Globex", "country": "XX"}, "body.country", "ISO 3166"),
        ({"name": "Globex", "email": "not-an-email"}, "body.email", "valid e-mail"),
        ({"name": "   "}, "body.name", "blank"),
        ({"name": "Glo\u0000bex"}, "body.name", "control characters"),
        ({"name": "x" * 501}, "body.name", "500"),
        (
            {
                "name": "Globex",
                "cc_emails": ["a@example.com", "b@example.com", "c@example.com", "d@example.com"],
            },
            "body.cc_emails",
            "3",
        ),
    ],
)
def test_client_fields_are_checked_and_nothing_is_recorded(
    ws: Workspace, body: dict[str, Any], field: str, message: str
) -> None:
    response = ws.post("/clients", body)

    assert (response.status_code, problem_type(response)) == (422, "/problems/validation-error")
    assert message in errors_of(response)[field]
    assert ws.get("/clients").json()["total"] == 0


def test_names_are_trimmed(ws: Workspace) -> None:
    client = created(ws.post("/clients", {"name": "  Globex  "}))

    assert client["name"] == "Globex"


def test_a_due_date_before_the_issue_date_is_refused(ws: Workspace) -> None:
    client = ws.client()

    response = ws.post(
        "/invoices", {"client_id": client, "issue_date": "2026-11-10", "due_date": "2026-11-01"}
    )

    assert (response.status_code, problem_type(response)) == (422, "/problems/validation-error")
    assert "body.due_date" in errors_of(response)


def test_a_body_that_is_not_utf8_is_malformed(ws: Workspace) -> None:
    response = ws.request(
        "POST",
        "/clients",
        content='{"name": "Café"}'.encode("latin-1"),
        headers={"Content-Type": "application/json"},
    )

    assert (response.status_code, problem_type(response)) == (400, "/problems/malformed-request")


@pytest.mark.parametrize(
    ("amount", "message"),
    [("12.345", "at most 2 decimals"), ("1234567890123.00", "too large"), ("12,50", "decimal number")],
)
def test_a_decimal_says_exactly_what_is_wrong_with_it(ws: Workspace, amount: str, message: str) -> None:
    invoice = ws.invoice(ws.client())

    response = ws.post(
        f"/invoices/{invoice}/items", {"description": "Hosting", "quantity": "1", "unit_price": amount}
    )

    assert (response.status_code, problem_type(response)) == (422, "/problems/validation-error")
    assert message in errors_of(response)["body.unit_price"]


def test_an_inverted_report_range_is_refused(ws: Workspace) -> None:
    response = ws.get("/reports/time-entries", params={"date_from": "2026-10-31", "date_to": "2026-10-01"})

    assert (response.status_code, problem_type(response)) == (422, "/problems/validation-error")
    assert "query.date_to" in errors_of(response)


def test_a_date_must_be_written_as_a_date(ws: Workspace) -> None:
    response = ws.get("/reports/time-entries", params={"date_to": "0"})

    assert (response.status_code, problem_type(response)) == (422, "/problems/validation-error")
    assert "query.date_to" in errors_of(response)


def test_money_has_two_decimals_quantities_four_and_percentages_no_trailing_zeros(ws: Workspace) -> None:
    client = ws.client()
    ws.log(ws.project(client), hours=2)
    invoice = ws.invoice(client, tax_percent="7.50", discount_percent="0")
    created(ws.post(f"/invoices/{invoice}/imports", OCTOBER))

    body = ws.get(f"/invoices/{invoice}").json()

    assert (body["tax_percent"], body["discount_percent"], body["tax2_percent"]) == ("7.5", "0", "0")
    assert (body["subtotal"], body["discount"], body["tax"], body["paid"]) == (
        "200.00",
        "0.00",
        "15.00",
        "0.00",
    )
    assert body["items"][0]["quantity"] == "2.0000"


def test_expense_quantities_read_the_same_in_the_entry_and_the_report(ws: Workspace) -> None:
    project = ws.project(ws.client())
    category = ws.category("Mileage", "km", "0.30")
    expense = created(
        ws.post(
            "/expenses",
            {"project_id": project, "category_id": category, "date": "2026-10-10", "quantity": "42.5"},
        )
    )

    row = ws.get("/reports/expenses").json()["items"][0]

    assert expense["quantity"] == row["quantity"] == "42.5000"
    assert expense["amount"] == row["amount"] == "12.75"


def test_report_and_csv_times_are_in_the_workspace_zone(http: TestClient) -> None:
    from http_world import sign_up

    ws = sign_up(http, timezone="Europe/Berlin")
    project = ws.project(ws.client())
    ws.post(
        "/time-entries",
        {"project_id": project, "start": "2026-10-05T07:00:00Z", "end": "2026-10-05T09:30:00Z"},
    )

    row = ws.get("/reports/time-entries").json()["items"][0]
    csv_text = ws.get("/reports/time-entries", params={"format": "csv"}).text

    assert (row["start"], row["end"]) == ("2026-10-05T09:00:00+02:00", "2026-10-05T11:30:00+02:00")
    header, line = csv_text.strip().splitlines()
    values = dict(zip(header.split(","), line.split(","), strict=True))
    assert values["start"] == "2026-10-05T09:00:00+02:00"
    assert (values["duration_hours"], values["duration_hm"], values["billable"]) == ("2.50", "2:30", "true")


def test_a_dry_run_carries_no_ids_that_will_never_exist(ws: Workspace) -> None:
    client = ws.client()
    ws.log(ws.project(client))
    invoice = ws.invoice(client)

    dry = created(ws.post(f"/invoices/{invoice}/imports", {**OCTOBER, "dry_run": True}), 200)

    assert dry["import_id"] is None
    assert [item["id"] for item in dry["items"]] == [None]
    assert ws.get(f"/invoices/{invoice}").json()["items"] == []


def test_sending_an_invoice_without_lines_is_refused(ws: Workspace) -> None:
    invoice = ws.invoice(ws.client())

    response = ws.post(f"/invoices/{invoice}/send")

    assert (response.status_code, problem_type(response)) == (422, "/problems/invoice-empty")
    assert ws.get(f"/invoices/{invoice}").json()["status"] == "unsent"


def test_editing_the_quantity_of_an_imported_time_line_keeps_its_seconds_and_says_so(ws: Workspace) -> None:
    client = ws.client()
    ws.log(ws.project(client), hours=2)
    invoice = ws.invoice(client)
    [line] = created(ws.post(f"/invoices/{invoice}/imports", OCTOBER))["items"]

    edited = created(ws.patch(f"/invoices/{invoice}/items/{line['id']}", {"quantity": "1.5"}), 200)

    assert (edited["raw_seconds"], edited["billed_seconds"]) == (7200, 7200)
    assert (edited["quantity"], edited["amount"], edited["quantity_overridden"]) == ("1.5000", "150.00", True)


def test_archived_clients_and_projects_take_nothing_new_and_leave_the_lists(ws: Workspace) -> None:
    client = ws.client()
    project = ws.project(client)
    created(ws.patch(f"/clients/{client}", {"archived": True}), 200)
    created(ws.patch(f"/projects/{project}", {"archived": True}), 200)

    invoice = ws.post("/invoices", {"client_id": client})
    entry = ws.post(
        "/time-entries",
        {"project_id": project, "start": "2026-10-05T09:00:00Z", "end": "2026-10-05T10:00:00Z"},
    )

    assert (invoice.status_code, problem_type(invoice)) == (422, "/problems/archived")
    assert (entry.status_code, problem_type(entry)) == (422, "/problems/archived")
    assert ws.get("/clients").json()["items"] == []
    assert [c["id"] for c in ws.get("/clients", params={"archived": "true"}).json()["items"]] == [client]
    assert [p["id"] for p in ws.get("/projects", params={"archived": "true"}).json()["items"]] == [project]


def test_a_client_or_project_in_use_cannot_be_deleted_and_an_unused_one_can(ws: Workspace) -> None:
    client = ws.client()
    project = ws.project(client)
    ws.log(project)
    unused = ws.client("Initrode")

    in_use_client = ws.delete(f"/clients/{client}")
    in_use_project = ws.delete(f"/projects/{project}")
    deleted = ws.delete(f"/clients/{unused}")

    assert (in_use_client.status_code, problem_type(in_use_client)) == (409, "/problems/in-use")
    assert (in_use_project.status_code, problem_type(in_use_project)) == (409, "/problems/in-use")
    assert deleted.status_code == 204
    assert ws.get(f"/clients/{unused}").status_code == 404
    assert [c["id"] for c in ws.get("/clients").json()["items"]] == [client]
