"""A bounded property-based run over the OpenAPI schema: no 5xx, and answers that match it.

SQLite only, a handful of operations, few examples each: enough to catch a schema that lies
or an input that crashes a route, cheap enough for CI. (Schemathesis' own pytest loader does
not run on this pytest, so its strategies are driven with Hypothesis directly.)
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from http_world import Workspace, sign_up
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from ledger.config import Settings

WORKSPACE = "/v1/workspaces/{workspace_id}"
OPERATIONS = [
    ("POST", "/v1/workspaces"),
    ("PATCH", WORKSPACE),
    ("POST", f"{WORKSPACE}/clients"),
    ("GET", f"{WORKSPACE}/clients"),
    ("POST", f"{WORKSPACE}/projects"),
    ("POST", f"{WORKSPACE}/time-entries"),
    ("POST", f"{WORKSPACE}/expenses/invoiced"),
    ("POST", f"{WORKSPACE}/invoices"),
    ("GET", f"{WORKSPACE}/invoices"),
    ("PATCH", f"{WORKSPACE}/settings"),
    ("GET", f"{WORKSPACE}/reports/time-entries"),
]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[TestClient, Workspace]]:
    """The app on SQLite with one workspace, whose owner's key every generated request carries."""
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'ledger.db'}"))) as http:
        yield http, sign_up(http)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_generated_requests_never_fail_the_server_and_are_answered_as_documented(
    running: tuple[TestClient, Workspace], method: str, path: str
) -> None:
    http, ws = running
    app: FastAPI = http.app  # type: ignore[assignment]
    operation = schemathesis.openapi.from_dict(app.openapi())[path][method]
    workspace = {"workspace_id": ws.id} if "{workspace_id}" in path else None
    cases = operation.as_strategy(path_parameters=workspace, headers={"X-Api-Key": ws.key})

    # Derandomized: CI sees the same examples on every run.
    @given(case=cases)
    @hypothesis_settings(
        max_examples=10,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def answered_as_documented(case: Any) -> None:
        request = case.as_transport_kwargs(base_url="http://testserver")
        response = http.request(
            request["method"],
            request["url"],
            headers=request.get("headers"),
            params=request.get("params"),
            json=request.get("json"),
            content=request.get("data"),
        )
        case.validate_response(response, checks=CHECKS)

    answered_as_documented()
