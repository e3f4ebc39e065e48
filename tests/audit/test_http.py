"""`GET /audit/head` and `POST /audit/verify` (SPEC §17), over HTTP with FastAPI's TestClient.

The audit router is served with the API's own dependencies and error handlers; the workspace and
its members are made by the use cases underneath.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.errors import install_error_handlers
from api.routers import audit
from ledger.access import Role
from ledger.application import Ledger
from ledger.commands import AddMember, CreateWorkspace, Owner
from support.histories import given_a_paid_invoice
from support.tampering import RawStore


@dataclass(frozen=True)
class Keys:
    workspace_id: str
    owner: str
    by_role: dict[Role, str]


@pytest.fixture
def http(ledger: Ledger) -> Iterator[TestClient]:
    app = FastAPI()
    app.state.ledger = ledger
    app.include_router(audit.router)
    install_error_handlers(app)
    with TestClient(app) as client:
        yield client


@pytest.fixture
def keys(ledger: Ledger) -> Keys:
    owner = Owner(name="Olga Owner", email="olga@example.com")
    command = CreateWorkspace(
        name="Initech", currency="EUR", timezone="UTC", hourly_rate="100.00", owner=owner
    )
    signed = ledger.create_workspace(command)
    actor = ledger.authenticate(signed.api_key)
    assert actor is not None
    by_role = {
        role: ledger.add_member(
            actor, AddMember(name=role.value, email=f"{role.value}@example.com", role=role)
        ).api_key
        for role in (Role.ADMIN, Role.MEMBER, Role.AUDITOR)
    }
    return Keys(str(signed.id), signed.api_key, {Role.OWNER: signed.api_key, **by_role})


def call(
    http: TestClient, keys: Keys, method: str, path: str, key: str | None = None, **kwargs: Any
) -> httpx.Response:
    url = f"/v1/workspaces/{keys.workspace_id}/audit{path}"
    response: httpx.Response = http.request(method, url, headers={"X-Api-Key": key or keys.owner}, **kwargs)
    return response


@pytest.mark.parametrize("role", [Role.OWNER, Role.ADMIN, Role.AUDITOR])
def test_owners_admins_and_auditors_read_the_head_and_verify(
    http: TestClient, keys: Keys, role: Role
) -> None:
    head = call(http, keys, "GET", "/head", keys.by_role[role])
    verified = call(http, keys, "POST", "/verify", keys.by_role[role])

    assert head.status_code == 200, head.text
    assert set(head.json()) == {"seq", "hash", "recorded_at"}
    assert head.json()["seq"] == 5  # the workspace, its owner and three members
    assert verified.status_code == 200, verified.text
    assert verified.json() == {"ok": True, "events": 5, "head": head.json(), "problems": []}


def test_members_may_neither_read_the_head_nor_verify(http: TestClient, keys: Keys) -> None:
    member = keys.by_role[Role.MEMBER]

    for response in (call(http, keys, "GET", "/head", member), call(http, keys, "POST", "/verify", member)):
        assert response.status_code == 403
        assert response.json()["type"] == "/problems/forbidden"


def test_a_request_without_a_valid_key_is_401(http: TestClient, keys: Keys) -> None:
    assert call(http, keys, "GET", "/head", "lk_wrong").status_code == 401


def test_an_anchor_kept_earlier_matches_and_a_wrong_one_is_named(http: TestClient, keys: Keys) -> None:
    head = call(http, keys, "GET", "/head").json()
    wrong = {"seq": 2, "hash": "ab" * 32}

    verified = call(http, keys, "POST", "/verify", json={"anchors": [head, wrong]})

    body = verified.json()
    assert body["ok"] is False
    [problem] = body["problems"]
    assert (problem["kind"], problem["seq"], problem["version"]) == ("anchor-mismatch", 2, 1)


def test_an_edited_event_is_named_by_kind_link_aggregate_and_version(
    http: TestClient, ledger: Ledger, raw: RawStore
) -> None:
    history = given_a_paid_invoice(ledger)
    key = ledger.add_member(
        history.world.owner, AddMember(name="Aude", email="aude@example.com", role=Role.AUDITOR)
    ).api_key
    raw.set_state(
        history.invoice_id, 2, raw.state(history.invoice_id, 2).replace(b'"200.00"', b'"900.00"', 1)
    )
    keys = Keys(str(history.workspace_id), key, {})

    body = call(http, keys, "POST", "/verify", json={"anchors": []}).json()

    assert body["ok"] is False
    [problem] = body["problems"]
    assert problem["kind"] == "changed"
    assert (problem["aggregate_id"], problem["version"]) == (str(history.invoice_id), 2)
    assert isinstance(problem["seq"], int)


@pytest.mark.parametrize(
    "anchor",
    [
        {"seq": 0, "hash": "ab" * 32},
        {"seq": 1, "hash": "AB" * 32},
        {"seq": 1, "hash": "ab"},
        {"seq": "1", "hash": "ab" * 32},
        {"seq": 1},
    ],
    ids=["seq 0", "upper case", "short", "seq as text", "no hash"],
)
def test_malformed_anchors_are_refused_with_422(http: TestClient, keys: Keys, anchor: dict[str, Any]) -> None:
    response = call(http, keys, "POST", "/verify", json={"anchors": [anchor]})

    assert response.status_code == 422, response.text


def test_up_to_a_thousand_anchors_are_checked_and_more_are_refused_with_422(
    http: TestClient, keys: Keys
) -> None:
    # A thousand anchors fit a request body (1 MiB): too many is a validation error, never 413.
    head = call(http, keys, "GET", "/head").json()
    anchors = [{"seq": head["seq"], "hash": head["hash"]}] * 1000

    accepted = call(http, keys, "POST", "/verify", json={"anchors": anchors})
    refused = call(http, keys, "POST", "/verify", json={"anchors": [*anchors, anchors[0]]})

    assert (accepted.status_code, accepted.json()["ok"]) == (200, True)
    assert len(str(anchors).encode()) < 1_048_576
    assert refused.status_code == 422, refused.text
