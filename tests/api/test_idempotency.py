"""Idempotency-Key on every POST that records something: the answer is committed with the write,
sent as committed, and replayed byte for byte; the write happens once."""

import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from http_world import OCTOBER, Workspace, created, problem_type

from api.app import create_app
from ledger.config import Settings

Step = Callable[[Workspace, dict[str, str]], httpx.Response]
SIGNUP = {
    "name": "Initech",
    "currency": "EUR",
    "timezone": "UTC",
    "hourly_rate": "100.00",
    "owner": {"name": "Olga Owner", "email": "olga@example.com"},
}


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    """The app without its in-process e-mail worker: the store's head moves only by requests
    (a delivery records `EmailDelivered` whenever it happens)."""
    return create_app(settings.model_copy(update={"run_outbox": False}))


def head_of(app: Any) -> int:
    return int(app.state.ledger.recorder.max_notification_id() or 0)


def ready_invoice(ws: Workspace) -> str:
    invoice_id = ws.invoice(ws.client())
    ws.line(invoice_id)
    return invoice_id


def sent_invoice(ws: Workspace) -> str:
    invoice_id = ready_invoice(ws)
    created(ws.post(f"/invoices/{invoice_id}/send"), 200)
    return invoice_id


def entry(ws: Workspace) -> str:
    return ws.log(ws.project(ws.client()))


def expense(ws: Workspace) -> str:
    return ws.expense(ws.project(ws.client()), ws.category())


def approved(ws: Workspace, kind: str, entry_id: str) -> str:
    created(ws.post(f"/{kind}/{entry_id}/approve"), 200)
    return entry_id


# Each POST operation that records something, as (path template, how to make it once).
STEPS: dict[str, Step] = {
    "/v1/workspaces": lambda ws, h: ws.http.post("/v1/workspaces", json=SIGNUP, headers=h),
    "/members": lambda ws, h: ws.post("/members", {"name": "Ada", "email": "ada@example.com"}, headers=h),
    "/clients": lambda ws, h: ws.post("/clients", {"name": "Globex"}, headers=h),
    "/projects": lambda ws, h: ws.post("/projects", {"name": "Site", "client_id": None}, headers=h),
    "/expense-categories": lambda ws, h: ws.post("/expense-categories", {"name": "Travel"}, headers=h),
    "/time-entries": lambda ws, h: ws.post(
        "/time-entries",
        {
            "project_id": ws.project(ws.client()),
            "start": "2026-10-05T09:00:00+00:00",
            "end": "2026-10-05T10:00:00+00:00",
        },
        headers=h,
    ),
    "/expenses": lambda ws, h: ws.post(
        "/expenses",
        {
            "project_id": ws.project(ws.client()),
            "category_id": ws.category(),
            "date": "2026-10-10",
            "amount": "25.00",
        },
        headers=h,
    ),
    "/invoices": lambda ws, h: ws.post("/invoices", {"client_id": ws.client()}, headers=h),
    "/invoices/{invoice_id}/items": lambda ws, h: ws.post(
        f"/invoices/{ws.invoice(ws.client())}/items",
        {"description": "Setup", "quantity": "1", "unit_price": "10.00"},
        headers=h,
    ),
    "/invoices/{invoice_id}/imports": lambda ws, h: _import(ws, h),
    "/invoices/{invoice_id}/payments": lambda ws, h: ws.post(
        f"/invoices/{sent_invoice(ws)}/payments", {"amount": "5.00", "date": "2026-11-01"}, headers=h
    ),
    "/invoices/{invoice_id}/send": lambda ws, h: ws.post(f"/invoices/{ready_invoice(ws)}/send", headers=h),
    "/invoices/{invoice_id}/reopen": lambda ws, h: ws.post(f"/invoices/{sent_invoice(ws)}/reopen", headers=h),
    "/invoices/{invoice_id}/void": lambda ws, h: ws.post(f"/invoices/{sent_invoice(ws)}/void", headers=h),
    "/time-entries/{entry_id}/approve": lambda ws, h: ws.post(
        f"/time-entries/{entry(ws)}/approve", headers=h
    ),
    "/time-entries/{entry_id}/withdraw-approval": lambda ws, h: ws.post(
        f"/time-entries/{approved(ws, 'time-entries', entry(ws))}/withdraw-approval", headers=h
    ),
    "/time-entries/invoiced": lambda ws, h: ws.post(
        "/time-entries/invoiced", {"ids": [entry(ws)], "invoiced": True}, headers=h
    ),
    "/expenses/{expense_id}/approve": lambda ws, h: ws.post(f"/expenses/{expense(ws)}/approve", headers=h),
    "/expenses/{expense_id}/withdraw-approval": lambda ws, h: ws.post(
        f"/expenses/{approved(ws, 'expenses', expense(ws))}/withdraw-approval", headers=h
    ),
    "/expenses/invoiced": lambda ws, h: ws.post(
        "/expenses/invoiced", {"ids": [expense(ws)], "invoiced": True}, headers=h
    ),
    "/invoices/{invoice_id}/duplicate": lambda ws, h: ws.post(
        f"/invoices/{ready_invoice(ws)}/duplicate", headers=h
    ),
    "/invoices/{invoice_id}/credit-notes": lambda ws, h: ws.post(
        f"/invoices/{sent_invoice(ws)}/credit-notes", {"reason": "Billed twice", "all": True}, headers=h
    ),
    "/invoices/{invoice_id}/emails": lambda ws, h: ws.post(
        f"/invoices/{ready_invoice(ws)}/emails", {"to": ["ap@globex.example"]}, headers=h
    ),
}
# POSTs that only compute an answer: nothing recorded, so nothing kept under a key.
RECORDING_NOTHING = {"/audit/verify"}


def _import(ws: Workspace, headers: dict[str, str]) -> httpx.Response:
    client_id = ws.client()
    ws.log(ws.project(client_id))
    return ws.post(f"/invoices/{ws.invoice(client_id)}/imports", OCTOBER, headers=headers)


def posts_of(http: TestClient) -> set[str]:
    paths = http.get("/openapi.json").json()["paths"]
    return {
        path.removeprefix("/v1/workspaces/{workspace_id}") or path
        for path, operations in paths.items()
        if "post" in operations
    }


def test_every_post_operation_is_covered_here(http: TestClient) -> None:
    assert posts_of(http) == set(STEPS) | RECORDING_NOTHING


def test_a_keyed_post_that_records_nothing_runs_again_and_keeps_no_answer(
    ws: Workspace, app: FastAPI
) -> None:
    ws.client()
    head = head_of(app)

    first = ws.post("/audit/verify", {}, headers={"Idempotency-Key": "verify"})
    second = ws.post("/audit/verify", {}, headers={"Idempotency-Key": "verify"})

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json()["ok"] is True
    assert "idempotent-replayed" not in second.headers
    assert head_of(app) == head


@pytest.mark.parametrize("operation", sorted(STEPS))
def test_a_keyed_post_answers_as_an_unkeyed_one_and_its_retry_replays_it_byte_for_byte(
    ws: Workspace, app: FastAPI, operation: str
) -> None:
    step = STEPS[operation]
    plain = step(ws, {})
    keyed = step(ws, {"Idempotency-Key": f"key-{operation}"})
    head = head_of(app)

    retry = step(ws, {"Idempotency-Key": f"key-{operation}"}) if operation in ("/v1/workspaces",) else None
    retry = retry or _same_request(ws, keyed)

    assert plain.status_code == keyed.status_code < 300, keyed.text
    assert keyed.headers["content-type"] == plain.headers["content-type"]
    assert ("etag" in keyed.headers) == ("etag" in plain.headers)
    assert set(keyed.json()) == set(plain.json())
    assert (retry.status_code, retry.content) == (keyed.status_code, keyed.content)
    assert retry.headers.get("etag") == keyed.headers.get("etag")
    assert retry.headers["idempotent-replayed"] == "true"
    assert head_of(app) == head


def _same_request(ws: Workspace, response: httpx.Response) -> httpx.Response:
    request = response.request
    return ws.http.request(request.method, str(request.url), content=request.content, headers=request.headers)


def test_a_dry_run_records_nothing_and_stores_no_answer(ws: Workspace, app: FastAPI) -> None:
    client_id = ws.client()
    ws.log(ws.project(client_id))
    invoice_id = ws.invoice(client_id)
    headers = {"Idempotency-Key": "dry"}
    head = head_of(app)

    first = ws.post(f"/invoices/{invoice_id}/imports", {**OCTOBER, "dry_run": True}, headers=headers)
    second = ws.post(f"/invoices/{invoice_id}/imports", {**OCTOBER, "dry_run": True}, headers=headers)

    assert (first.status_code, second.status_code) == (200, 200)
    assert "idempotent-replayed" not in second.headers
    assert head_of(app) == head


def test_one_key_sent_to_two_processes_at_once_is_written_once_and_answered_alike(
    settings: Settings, ws: Workspace
) -> None:
    # Two app instances on one database: on SQLite nothing is shared but the store, so the
    # duplicate is caught at commit time; on PostgreSQL the claim is seen across processes.
    start = threading.Barrier(2)
    with TestClient(create_app(settings)) as one, TestClient(create_app(settings)) as other:
        answers: list[httpx.Response] = []

        def post(http: TestClient, n: int) -> None:
            start.wait()
            answers.append(
                http.post(
                    ws.url("/clients"),
                    json={"name": "Globex"},
                    headers={"X-Api-Key": ws.key, "Idempotency-Key": f"twin-{n}"},
                )
            )

        for n in range(5):
            threads = [threading.Thread(target=post, args=(http, n)) for http in (one, other)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()

    assert {a.status_code for a in answers} <= {201, 409}
    by_key: dict[str, set[bytes]] = {}
    for a in answers:
        if a.status_code == 201:
            by_key.setdefault(a.request.headers["idempotency-key"], set()).add(a.content)
    assert all(len(bodies) == 1 for bodies in by_key.values())
    assert created(ws.get("/clients"), 200)["total"] == 5


def test_the_same_key_on_another_route_is_refused(ws: Workspace) -> None:
    created(ws.post("/clients", {"name": "Globex"}, headers={"Idempotency-Key": "k"}))

    response = ws.post("/expense-categories", {"name": "Globex"}, headers={"Idempotency-Key": "k"})

    assert (response.status_code, problem_type(response)) == (422, "/problems/idempotency-key-reused")


def test_keys_are_stored_hashed(ws: Workspace, app: FastAPI) -> None:
    created(ws.post("/clients", {"name": "Globex"}, headers={"Idempotency-Key": "visible-key"}))

    rows = app.state.ledger.index._query("SELECT key_hash FROM {answers}", [])

    assert rows and all("visible-key" not in str(row[0]) for row in rows)
