"""Every operation of the OpenAPI schema refuses what it does not know (SPEC §12).

Walked from the schema itself, so an operation added later is covered without touching this file:
an unknown query parameter is 400 `unknown-parameter`, an unknown body field 422 `unknown-field`.
"""

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from http_world import Workspace, problem_type

from api.app import create_app
from ledger.config import Settings

NIL = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    """Every operation called at once without a key: more than one address may sign up per minute
    (`tests/api/test_rate_limits.py` proves that limit)."""
    return create_app(settings.model_copy(update={"signup_rate_limit": ""}))


def operations(http: TestClient) -> list[tuple[str, str, dict[str, Any]]]:
    schema = http.get("/openapi.json").json()
    return [
        (method.upper(), path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def concrete(path: str, ws: Workspace) -> str:
    """The path with the workspace's id and nil ids for every other parameter."""
    filled = path.replace("{workspace_id}", ws.id)
    while "{" in filled:
        start = filled.index("{")
        filled = filled[:start] + NIL + filled[filled.index("}", start) + 1 :]
    return filled


def test_every_operation_refuses_an_unknown_query_parameter(http: TestClient, ws: Workspace) -> None:
    answers = {
        f"{method} {path}": http.request(
            method, concrete(path, ws), params={"zzz_unknown": "1"}, headers={"X-Api-Key": ws.key}
        )
        for method, path, _ in operations(http)
    }

    wrong = {op: (r.status_code, r.text[:120]) for op, r in answers.items() if r.status_code != 400}
    assert wrong == {}
    assert {problem_type(r) for r in answers.values()} == {"/problems/unknown-parameter"}


def test_every_operation_with_a_json_body_refuses_an_unknown_field(http: TestClient, ws: Workspace) -> None:
    with_bodies = [
        (method, path)
        for method, path, operation in operations(http)
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    ]
    answers = {
        f"{method} {path}": http.request(
            method, concrete(path, ws), json={"zzz_unknown": 1}, headers={"X-Api-Key": ws.key}
        )
        for method, path in with_bodies
    }

    assert len(with_bodies) >= 20
    wrong = {op: (r.status_code, r.text[:160]) for op, r in answers.items() if r.status_code != 422}
    assert wrong == {}
    for response in answers.values():
        assert problem_type(response) == "/problems/unknown-field"
        assert response.json()["errors"]["body.zzz_unknown"] == "unknown field"


@pytest.mark.parametrize("key", [None, "lk_not-a-key"])
def test_no_operation_of_a_workspace_answers_without_a_valid_key(
    http: TestClient, ws: Workspace, key: str | None
) -> None:
    headers = {} if key is None else {"X-Api-Key": key}
    answers = {
        f"{method} {path}": http.request(method, concrete(path, ws), headers=headers).status_code
        for method, path, _ in operations(http)
        if path.startswith("/v1/workspaces/{workspace_id}")
    }

    assert set(answers.values()) == {401}
