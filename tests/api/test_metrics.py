"""The Prometheus exposition (prometheus-client): series by route template, histograms, projections.

A small app with the ledger's metrics middleware and its `/metrics` answer; the projections'
status rows are given as `ReadModels.status()` returns them.
"""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI, HTTPException, Response
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api.metrics import CONTENT_TYPE, Metrics, MetricsMiddleware

STATUS = [
    {"name": "time_report", "position": 90, "head": 100, "lag": 10, "events_per_second": 25_000},
    {"name": "invoice_list", "position": 100, "head": 100, "lag": 0, "events_per_second": 31_000},
]


@pytest.fixture
def http() -> Iterator[TestClient]:
    app = FastAPI()
    metrics = Metrics()

    @app.get("/clients/{client_id}")
    def client(client_id: int) -> dict[str, int]:
        if client_id == 0:
            raise HTTPException(404)
        return {"id": client_id}

    @app.get("/metrics")
    def exposition() -> Response:
        return Response(metrics.render(STATUS), media_type=CONTENT_TYPE)

    app.add_middleware(MetricsMiddleware, metrics=metrics)
    with TestClient(app) as client_:
        yield client_


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_requests_are_counted_and_timed_by_route_template_and_status(http: TestClient) -> None:
    for client_id in (1, 2, 0):
        http.get(f"/clients/{client_id}")

    found = samples(http.get("/metrics").text)

    ok = frozenset({("method", "GET"), ("route", "/clients/{client_id}"), ("status", "200")})
    missing = ok - {("status", "200")} | {("status", "404")}
    assert found[("ledger_http_requests_total", ok)] == 2
    assert found[("ledger_http_requests_total", missing)] == 1
    assert found[("ledger_http_request_duration_seconds_count", ok)] == 2
    assert found[("ledger_http_request_duration_seconds_bucket", ok | {("le", "+Inf")})] == 2
    assert not any(name.endswith("_created") for name, _ in found)


def test_projection_positions_and_lag_are_gauges_read_at_scrape_time(http: TestClient) -> None:
    response = http.get("/metrics")

    found = samples(response.text)
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    assert found[("ledger_projection_lag", frozenset({("projection", "time_report")}))] == 10
    assert found[("ledger_projection_position", frozenset({("projection", "invoice_list")}))] == 100
    assert (
        found[("ledger_projection_events_per_second", frozenset({("projection", "time_report")}))] == 25_000
    )
    assert any(name.startswith("process_") for name, _ in found)
