"""Keys, tenancy and roles (SPEC §10): who may do what, endpoint by endpoint."""

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from http_world import OCTOBER, Workspace, created, problem_type, sign_up

ROLES = ("owner", "admin", "member", "auditor")


def test_a_request_without_a_key_is_unauthorized(ws: Workspace, http: TestClient) -> None:
    response = http.get(ws.url("/clients"))

    assert (response.status_code, problem_type(response)) == (401, "/problems/unauthorized")


def test_a_request_with_an_unknown_key_is_unauthorized(ws: Workspace) -> None:
    response = ws.get("/clients", key="lk_not-a-key")

    assert (response.status_code, problem_type(response)) == (401, "/problems/unauthorized")


def test_another_workspace_is_not_found_with_a_valid_key(ws: Workspace, http: TestClient) -> None:
    other = sign_up(http, name="Hooli")

    response = http.get(other.url(""), headers={"X-Api-Key": ws.key})

    assert (response.status_code, problem_type(response)) == (404, "/problems/not-found")


def test_another_workspaces_ids_are_not_found_in_ones_own(ws: Workspace, http: TestClient) -> None:
    other = sign_up(http, name="Hooli")
    client_id = other.client()
    _, invoice_id, entry_id = other.billed()

    responses = [
        ws.get(f"/clients/{client_id}"),
        ws.get(f"/invoices/{invoice_id}"),
        ws.get(f"/time-entries/{entry_id}"),
        ws.post(f"/invoices/{invoice_id}/send"),
        ws.post("/invoices", {"client_id": client_id}),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404, 422]
    assert responses[-1].json()["errors"] == {"body.client_id": "no such client in this workspace"}
    assert created(other.get(f"/invoices/{invoice_id}"), 200)["status"] == "unsent"


def test_a_member_sees_only_their_own_time(ws: Workspace) -> None:
    mia, max_ = ws.member("Mia"), ws.member("Max")
    project_id = ws.project(ws.client())
    own = ws.log(project_id, key=mia["api_key"])
    others = ws.log(project_id, key=max_["api_key"])

    listed = created(ws.get("/time-entries", key=mia["api_key"]), 200)
    reported = created(
        ws.get("/reports/time-entries", params={"member_ids": max_["id"]}, key=mia["api_key"]), 200
    )

    assert [row["id"] for row in listed["items"]] == [own]
    assert [row["id"] for row in reported["items"]] == [own]
    assert ws.get(f"/time-entries/{others}", key=mia["api_key"]).status_code == 404


def test_a_member_logs_time_only_for_themselves(ws: Workspace) -> None:
    mia = ws.member("Mia")
    project_id = ws.project(ws.client())
    body = {"project_id": project_id, "start": "2026-10-05T09:00:00Z", "end": "2026-10-05T10:00:00Z"}

    response = ws.post("/time-entries", {**body, "member_id": ws.owner_id}, key=mia["api_key"])

    assert (response.status_code, problem_type(response)) == (403, "/problems/forbidden")


# What each role may do: one representative request per kind of endpoint.
Call = Callable[[Workspace, str], httpx.Response]


def _entry(ws: Workspace) -> str:
    return ws.log(ws.project(ws.client()))


CASES: dict[str, tuple[Call, dict[str, int]]] = {
    "read the workspace": (lambda ws, key: ws.get("", key=key), dict.fromkeys(ROLES, 200)),
    "list clients": (lambda ws, key: ws.get("/clients", key=key), dict.fromkeys(ROLES, 200)),
    "create a client": (
        lambda ws, key: ws.post("/clients", {"name": "Hooli"}, key=key),
        {"owner": 201, "admin": 201, "member": 403, "auditor": 403},
    ),
    "list members": (
        lambda ws, key: ws.get("/members", key=key),
        {"owner": 200, "admin": 200, "member": 403, "auditor": 200},
    ),
    "read settings": (
        lambda ws, key: ws.get("/settings", key=key),
        {"owner": 200, "admin": 200, "member": 403, "auditor": 200},
    ),
    "change settings": (
        lambda ws, key: ws.patch("/settings", {"due_days": 14}, key=key),
        {"owner": 200, "admin": 200, "member": 403, "auditor": 403},
    ),
    "log own time": (
        lambda ws, key: ws.post(
            "/time-entries",
            {"project_id": ws.project(None), "start": "2026-10-05T09:00:00Z", "end": "2026-10-05T10:00:00Z"},
            key=key,
        ),
        {"owner": 201, "admin": 201, "member": 201, "auditor": 403},
    ),
    "approve time": (
        lambda ws, key: ws.post(f"/time-entries/{_entry(ws)}/approve", key=key),
        {"owner": 200, "admin": 200, "member": 403, "auditor": 403},
    ),
    "read the time report": (
        lambda ws, key: ws.get("/reports/time-entries", key=key),
        dict.fromkeys(ROLES, 200),
    ),
    "list invoices": (
        lambda ws, key: ws.get("/invoices", key=key),
        {"owner": 200, "admin": 200, "member": 403, "auditor": 200},
    ),
    "create an invoice": (
        lambda ws, key: ws.post("/invoices", {"client_id": ws.client()}, key=key),
        {"owner": 201, "admin": 201, "member": 403, "auditor": 403},
    ),
    "import into an invoice": (
        lambda ws, key: ws.post(f"/invoices/{ws.invoice(ws.client())}/imports", OCTOBER, key=key),
        {"owner": 422, "admin": 422, "member": 403, "auditor": 403},
    ),
    "read an invoice's history": (
        lambda ws, key: ws.get(f"/invoices/{ws.invoice(ws.client())}/history", key=key),
        {"owner": 200, "admin": 200, "member": 403, "auditor": 200},
    ),
    "mark time invoiced": (
        lambda ws, key: ws.post("/time-entries/invoiced", {"ids": [_entry(ws)], "invoiced": True}, key=key),
        {"owner": 200, "admin": 200, "member": 403, "auditor": 403},
    ),
}


def _key(ws: Workspace, role: str) -> str:
    return ws.key if role == "owner" else str(ws.member(role.capitalize(), role=role)["api_key"])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", list(CASES))
def test_each_role_may_do_what_spec_allows(ws: Workspace, case: str, role: str) -> None:
    call, expected = CASES[case]
    key = _key(ws, role)

    response = call(ws, key)

    assert response.status_code == expected[role], response.text
    if response.status_code == 403:
        assert problem_type(response) == "/problems/forbidden"


def test_a_forbidden_write_records_nothing(ws: Workspace, app: Any) -> None:
    auditor = ws.member("Audrey", role="auditor")["api_key"]
    head = app.state.ledger.recorder.max_notification_id()

    response = ws.post("/clients", {"name": "Hooli"}, key=auditor)

    assert response.status_code == 403
    assert app.state.ledger.recorder.max_notification_id() == head
