"""The detailed reports (SPEC §8): filters, totals, CSV, reading one's writes."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from http_world import OCTOBER, Workspace, created, problem_type, sign_up

from api.app import create_app
from ledger.config import Settings


@pytest.fixture
def month(ws: Workspace) -> dict[str, str]:
    """Two clients' projects with time in October; Globex's first week is invoiced."""
    globex, hooli = ws.client("Globex"), ws.client("Hooli")
    web, app = ws.project(globex, "Website"), ws.project(hooli, "App")
    ids = {
        "early": ws.log(web, "2026-10-02", hours=2),
        "late": ws.log(web, "2026-10-20", hours=1),
        "hooli": ws.log(app, "2026-10-21", hours=3),
    }
    invoice_id = ws.invoice(globex)
    created(ws.post(f"/invoices/{invoice_id}/imports", {"date_from": "2026-10-01", "date_to": "2026-10-07"}))
    return {**ids, "globex": globex, "hooli": hooli, "web": web, "app": app, "invoice": invoice_id}


def test_the_time_report_carries_totals_of_every_matching_row(ws: Workspace, month: dict[str, str]) -> None:
    report = created(ws.get("/reports/time-entries", params={"page_size": 2}), 200)

    assert (report["total"], len(report["items"]), report["page_size"]) == (3, 2, 2)
    assert report["totals"] == {"count": 3, "duration_seconds": 6 * 3600, "amount": "600.00"}


def test_the_report_filters_by_invoiced_status(ws: Workspace, month: dict[str, str]) -> None:
    report = created(ws.get("/reports/time-entries", params={"invoiced": "true"}), 200)

    assert [(r["id"], r["invoice_id"], r["invoice_number"]) for r in report["items"]] == [
        (month["early"], month["invoice"], "INV-0001")
    ]


def test_ids_may_come_comma_separated_or_repeated(ws: Workspace, month: dict[str, str]) -> None:
    joined = created(
        ws.get("/reports/time-entries", params={"project_ids": f"{month['web']},{month['app']}"}), 200
    )
    repeated = created(
        ws.get(f"/reports/time-entries?client_ids={month['globex']}&client_ids={month['hooli']}"), 200
    )

    assert (joined["total"], repeated["total"]) == (3, 3)


def test_a_malformed_id_in_a_filter_is_a_validation_error(ws: Workspace) -> None:
    response = ws.get("/reports/time-entries", params={"client_ids": "globex"})

    assert (response.status_code, problem_type(response)) == (422, "/problems/validation-error")
    assert list(response.json()["errors"]) == ["query.client_ids"]


def test_the_report_filters_by_date_range_and_client(ws: Workspace, month: dict[str, str]) -> None:
    params = {"date_from": "2026-10-10", "date_to": "2026-10-31", "client_ids": month["globex"]}

    report = created(ws.get("/reports/time-entries", params=params), 200)

    assert [r["id"] for r in report["items"]] == [month["late"]]


def test_the_report_comes_as_csv(ws: Workspace, month: dict[str, str]) -> None:
    response = ws.get("/reports/time-entries", params={"format": "csv"})

    lines = response.text.strip().splitlines()
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert lines[0].split(",")[:2] == ["id", "description"]
    assert len(lines) == 4


def test_the_expense_report_totals_quantities_and_amounts(ws: Workspace) -> None:
    project_id = ws.project(ws.client())
    mileage = ws.category("Mileage", unit="km", unit_price="0.30")
    for quantity in ("10", "32.5"):
        created(
            ws.post(
                "/expenses",
                {
                    "project_id": project_id,
                    "category_id": mileage,
                    "date": "2026-10-10",
                    "quantity": quantity,
                },
            )
        )

    report = created(ws.get("/reports/expenses", params={"category_ids": mileage}), 200)

    assert report["totals"] == {"count": 2, "quantity": "42.5000", "amount": "12.75"}


def test_the_expense_report_comes_as_csv(ws: Workspace) -> None:
    ws.expense(ws.project(ws.client()), ws.category())

    response = ws.get("/reports/expenses", params={"format": "csv"})

    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert len(response.text.strip().splitlines()) == 2


def test_a_page_size_over_a_thousand_is_refused(ws: Workspace) -> None:
    response = ws.get("/reports/time-entries", params={"page_size": 1001})

    assert response.json()["errors"] == {"query.page_size": "Input should be less than or equal to 1000"}


def test_a_list_reads_the_write_acknowledged_just_before(ws: Workspace) -> None:
    for n in range(5):
        client_id = ws.client(f"Client {n}")
        listed = created(ws.get("/clients"), 200)
        assert client_id in [row["id"] for row in listed["items"]]


def test_lists_answer_503_with_retry_after_when_the_read_models_lag(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'ledger.db'}", run_projections=False, read_timeout_seconds=0.05
    )
    with TestClient(create_app(settings)) as http:
        ws = sign_up(http)
        response = ws.get("/reports/time-entries")

    assert (response.status_code, problem_type(response)) == (503, "/problems/projections-behind")
    assert response.headers["Retry-After"] == "1"


def test_an_invoice_list_reflects_imports(ws: Workspace) -> None:
    client_id = ws.client()
    ws.log(ws.project(client_id), hours=2)
    invoice_id = ws.invoice(client_id)
    created(ws.post(f"/invoices/{invoice_id}/imports", OCTOBER))

    (row,) = created(ws.get("/invoices", params={"client_id": client_id}), 200)["items"]

    assert (row["id"], row["total"], row["balance"], row["client_name"]) == (
        invoice_id,
        "200.00",
        "200.00",
        "Globex",
    )
