"""Every error answers RFC 9457 problem+json (SPEC §10), and a failed request records nothing."""

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from http_world import Workspace, problem_type

from api.app import create_app
from ledger.config import Settings


def test_a_problem_has_type_title_status_and_detail(ws: Workspace) -> None:
    response = ws.get("/clients/00000000-0000-4000-8000-000000000000")

    body = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert (body["type"], body["title"], body["status"]) == ("/problems/not-found", "Not found", 404)
    assert "00000000-0000-4000-8000-000000000000" in body["detail"]


def test_a_body_that_is_not_json_is_malformed(ws: Workspace) -> None:
    response = ws.request(
        "POST", "/clients", content=b'{"name": ', headers={"Content-Type": "application/json"}
    )

    assert (response.status_code, problem_type(response)) == (400, "/problems/malformed-request")


def test_a_body_sent_as_another_media_type_is_malformed(ws: Workspace) -> None:
    response = ws.request(
        "POST", "/clients", content=b'{"name": "Globex"}', headers={"Content-Type": "text/plain"}
    )

    assert (response.status_code, problem_type(response)) == (400, "/problems/malformed-request")


def test_validation_errors_name_every_field(ws: Workspace) -> None:
    response = ws.post("/clients", {"email": 7, "currency": "euro"})

    assert (response.status_code, problem_type(response)) == (422, "/problems/validation-error")
    assert sorted(response.json()["errors"]) == ["body.currency", "body.email", "body.name"]


def test_an_unknown_field_is_named_with_the_other_errors(ws: Workspace) -> None:
    response = ws.post("/clients", {"email": 7, "colour": "red"})

    assert (response.status_code, problem_type(response)) == (422, "/problems/unknown-field")
    assert sorted(response.json()["errors"]) == ["body.colour", "body.email", "body.name"]


def test_a_malformed_id_in_the_path_is_not_found(ws: Workspace) -> None:
    response = ws.get("/invoices/not-an-id")

    assert (response.status_code, problem_type(response)) == (404, "/problems/not-found")


def test_an_unknown_path_and_a_wrong_method_are_problems_too(ws: Workspace, http: TestClient) -> None:
    unknown = http.get("/v2/nothing")
    wrong_method = ws.request("PUT", "/clients")

    assert (unknown.status_code, problem_type(unknown)) == (404, "/problems/not-found")
    assert (wrong_method.status_code, problem_type(wrong_method)) == (405, "/problems/method-not-allowed")


def test_a_body_over_the_limit_is_refused_by_its_declared_length(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'ledger.db'}", max_body_bytes=1024)
    with TestClient(create_app(settings)) as http:
        response = http.post(
            "/v1/workspaces", content=b"x" * 2048, headers={"Content-Type": "application/json"}
        )

    assert (response.status_code, problem_type(response)) == (413, "/problems/payload-too-large")


def test_a_streamed_body_over_the_limit_is_refused_without_a_length(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'ledger.db'}", max_body_bytes=1024)

    def chunks() -> Any:
        for _ in range(4):
            yield b" " * 512

    with TestClient(create_app(settings)) as http:
        response = http.post("/v1/workspaces", content=chunks(), headers={"Content-Type": "application/json"})

    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert (response.status_code, problem_type(response)) == (413, "/problems/payload-too-large")


def test_the_default_limit_is_one_mebibyte(ws: Workspace) -> None:
    response = ws.post("/clients", {"name": "Globex", "address": "x" * (1024 * 1024)})

    assert (response.status_code, problem_type(response)) == (413, "/problems/payload-too-large")


@pytest.fixture
def failing_app(tmp_path: Path) -> FastAPI:
    """The real app, plus one route that fails the way a bug would."""
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'ledger.db'}"))

    def broken() -> None:
        raise RuntimeError("SELECT secret FROM stored_events -- at line 42")

    app.add_api_route("/broken", broken)
    return app


def test_an_unexpected_error_is_a_500_without_internals(failing_app: FastAPI) -> None:
    with TestClient(failing_app, raise_server_exceptions=False) as http:
        response = http.get("/broken")

    assert (response.status_code, problem_type(response)) == (500, "/problems/internal-error")
    assert "SELECT" not in response.text and "Traceback" not in response.text


def test_a_conflict_records_nothing(ws: Workspace, app: Any) -> None:
    *_, entry_id = ws.billed()
    head = app.state.ledger.recorder.max_notification_id()

    response = ws.delete(f"/time-entries/{entry_id}")

    assert response.status_code == 409
    assert app.state.ledger.recorder.max_notification_id() == head
