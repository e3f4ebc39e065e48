"""Operators' endpoints (SPEC §10): liveness, readiness, metrics; and the invoice PDF."""

from pathlib import Path

from fastapi.testclient import TestClient
from http_world import Workspace, created, sign_up

from api.app import create_app
from ledger.config import Settings


def test_healthz_answers_while_the_process_lives(http: TestClient) -> None:
    assert created(http.get("/healthz"), 200) == {"status": "ok"}


def test_readyz_reports_every_read_models_lag(http: TestClient) -> None:
    body = created(http.get("/readyz"), 200)

    assert body["status"] == "ready"
    assert {p["name"] for p in body["projections"]} >= {"time_report", "invoice_list"}


def test_readyz_reports_lag_while_the_projections_are_stopped(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'ledger.db'}", run_projections=False)
    with TestClient(create_app(settings)) as http:
        sign_up(http)
        body = created(http.get("/readyz"), 200)

    # A few events behind is still ready: only a lag no one can catch up with soon is not.
    assert {p["lag"] for p in body["projections"]} == {2}


def test_metrics_count_requests_by_route_template_and_status(ws: Workspace, http: TestClient) -> None:
    client_id = ws.client()
    ws.get(f"/clients/{client_id}")
    ws.get("/clients/00000000-0000-4000-8000-000000000000")

    text = http.get("/metrics").text

    route = "/v1/workspaces/{workspace_id}/clients/{client_id}"
    assert f'ledger_http_requests_total{{method="GET",route="{route}",status="200"}} 1' in text
    assert f'ledger_http_requests_total{{method="GET",route="{route}",status="404"}} 1' in text
    assert (
        f'ledger_http_request_duration_seconds_count{{method="GET",route="{route}",status="200"}} 1' in text
    )


def test_metrics_show_projection_positions_and_lag(http: TestClient) -> None:
    response = http.get("/metrics")

    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    assert 'ledger_projection_lag{projection="time_report"}' in response.text
    assert 'ledger_projection_position{projection="invoice_list"}' in response.text


def test_an_invoice_comes_as_a_pdf(ws: Workspace) -> None:
    _, invoice_id, _ = ws.billed()

    response = ws.get(f"/invoices/{invoice_id}/pdf")

    assert (response.status_code, response.headers["content-type"]) == (200, "application/pdf")
    assert response.content.startswith(b"%PDF")
    assert response.headers["content-disposition"] == 'inline; filename="INV-0001.pdf"'
