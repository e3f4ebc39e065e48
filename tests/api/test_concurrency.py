"""Versions and retries (SPEC §10): ETag and If-Match, Idempotency-Key."""

import threading
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from http_world import Workspace, created, problem_type, sign_up

from api.app import create_app
from ledger.config import Settings


def head_of(app: Any) -> int:
    return int(app.state.ledger.recorder.max_notification_id())


def test_single_resources_carry_their_version_as_etag(ws: Workspace) -> None:
    client_id = ws.client()
    created(ws.patch(f"/clients/{client_id}", {"name": "Globex Corp"}), 200)

    response = ws.get(f"/clients/{client_id}")

    assert response.headers["ETag"] == '"2"'


def test_a_write_with_the_current_version_goes_through(ws: Workspace) -> None:
    invoice_id = ws.invoice(ws.client())
    etag = ws.get(f"/invoices/{invoice_id}").headers["ETag"]

    response = ws.patch(f"/invoices/{invoice_id}", {"subject": "October"}, headers={"If-Match": etag})

    assert (response.status_code, response.headers["ETag"]) == (200, '"2"')


def test_a_write_with_a_stale_version_fails_the_precondition_and_records_nothing(
    ws: Workspace, app: Any
) -> None:
    invoice_id = ws.invoice(ws.client())
    created(ws.patch(f"/invoices/{invoice_id}", {"subject": "October"}), 200)
    head = head_of(app)

    response = ws.patch(f"/invoices/{invoice_id}", {"subject": "November"}, headers={"If-Match": '"1"'})

    assert (response.status_code, problem_type(response)) == (412, "/problems/precondition-failed")
    assert head_of(app) == head
    assert created(ws.get(f"/invoices/{invoice_id}"), 200)["subject"] == "October"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("DELETE", "/time-entries/{id}"),
        ("POST", "/time-entries/{id}/approve"),
        ("PATCH", "/time-entries/{id}"),
    ],
)
def test_every_kind_of_write_checks_if_match(ws: Workspace, method: str, path: str) -> None:
    entry_id = ws.log(ws.project(ws.client()))

    response = ws.request(
        method, path.format(id=entry_id), json={"description": "x"}, headers={"If-Match": '"7"'}
    )

    assert (response.status_code, problem_type(response)) == (412, "/problems/precondition-failed")


def test_an_action_on_an_invoice_line_checks_the_invoices_version(ws: Workspace) -> None:
    _, invoice_id, _ = ws.billed()
    line_id = created(ws.get(f"/invoices/{invoice_id}"), 200)["items"][0]["id"]

    stale = ws.delete(f"/invoices/{invoice_id}/items/{line_id}", headers={"If-Match": '"1"'})
    current = ws.delete(f"/invoices/{invoice_id}/items/{line_id}", headers={"If-Match": '"2"'})

    assert (stale.status_code, current.status_code) == (412, 204)


def test_a_retry_with_the_same_key_gets_the_first_answer_and_records_nothing(ws: Workspace, app: Any) -> None:
    first = ws.post("/clients", {"name": "Globex"}, headers={"Idempotency-Key": "create-globex"})
    head = head_of(app)

    retry = ws.post("/clients", {"name": "Globex"}, headers={"Idempotency-Key": "create-globex"})

    assert (retry.status_code, retry.json(), retry.headers["ETag"]) == (
        201,
        first.json(),
        first.headers["ETag"],
    )
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert head_of(app) == head
    assert created(ws.get("/clients"), 200)["total"] == 1


def test_the_same_json_in_another_layout_is_the_same_body(ws: Workspace) -> None:
    headers = {"Idempotency-Key": "k1", "Content-Type": "application/json"}
    first = ws.request("POST", "/clients", content=b'{"name": "Globex", "email": ""}', headers=headers)

    retry = ws.request("POST", "/clients", content=b'{"email":"","name":"Globex"}', headers=headers)

    assert retry.json() == first.json()


def test_the_same_key_with_another_body_is_refused(ws: Workspace, app: Any) -> None:
    ws.post("/clients", {"name": "Globex"}, headers={"Idempotency-Key": "k1"})
    head = head_of(app)

    response = ws.post("/clients", {"name": "Hooli"}, headers={"Idempotency-Key": "k1"})

    assert (response.status_code, problem_type(response)) == (422, "/problems/idempotency-key-reused")
    assert head_of(app) == head


def test_a_failed_request_frees_its_key_for_a_retry(ws: Workspace) -> None:
    invoice_id = ws.invoice(ws.client())
    payment = {"amount": "10.00", "date": "2026-11-10"}

    refused = ws.post(f"/invoices/{invoice_id}/payments", payment, headers={"Idempotency-Key": "pay-1"})
    created(
        ws.post(
            f"/invoices/{invoice_id}/items", {"description": "Setup", "quantity": "1", "unit_price": "10"}
        )
    )
    created(ws.post(f"/invoices/{invoice_id}/send"), 200)
    accepted = ws.post(f"/invoices/{invoice_id}/payments", payment, headers={"Idempotency-Key": "pay-1"})

    assert (refused.status_code, accepted.status_code) == (409, 201)


def test_keys_of_one_caller_never_answer_another(ws: Workspace) -> None:
    admin = ws.member("Ada", role="admin")["api_key"]
    mine = ws.post("/clients", {"name": "Globex"}, headers={"Idempotency-Key": "k1"})

    theirs = ws.post("/clients", {"name": "Globex"}, headers={"Idempotency-Key": "k1"}, key=admin)

    assert theirs.status_code == 201
    assert theirs.json()["id"] != mine.json()["id"]


def test_a_retry_after_a_restart_gets_the_first_answer(settings: Settings) -> None:
    with TestClient(create_app(settings)) as http:
        ws = sign_up(http)
        first = ws.post("/clients", {"name": "Globex"}, headers={"Idempotency-Key": "k1"})

    with TestClient(create_app(settings)) as http:
        ws.http = http
        head = head_of(http.app)
        retry = ws.post("/clients", {"name": "Globex"}, headers={"Idempotency-Key": "k1"})
        assert head_of(http.app) == head

    assert (retry.status_code, retry.json()) == (201, first.json())


def test_a_signup_retried_with_its_key_creates_one_workspace(http: TestClient, app: Any) -> None:
    body = {
        "name": "Initech",
        "currency": "EUR",
        "timezone": "UTC",
        "hourly_rate": "100.00",
        "owner": {"name": "Olga", "email": "olga@example.com"},
    }
    first = http.post("/v1/workspaces", json=body, headers={"Idempotency-Key": "signup-1"})
    head = head_of(app)

    retry = http.post("/v1/workspaces", json=body, headers={"Idempotency-Key": "signup-1"})

    assert (retry.status_code, retry.json()) == (201, first.json())
    assert head_of(app) == head


def test_concurrent_requests_with_one_key_execute_once_and_the_others_are_refused_or_replayed(
    ws: Workspace,
) -> None:
    start = threading.Barrier(4)
    responses: list[httpx.Response] = []

    def create() -> None:
        start.wait()
        responses.append(ws.post("/clients", {"name": "Globex"}, headers={"Idempotency-Key": "once"}))

    threads = [threading.Thread(target=create) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # A duplicate that arrives while the first runs is 409 at once; one that arrives after it
    # finished gets its answer.
    assert {r.status_code for r in responses} <= {201, 409}
    assert len({r.json()["id"] for r in responses if r.status_code == 201}) == 1
    refused = [r for r in responses if r.status_code == 409]
    assert {problem_type(r) for r in refused} <= {"/problems/idempotency-key-in-use"}
    assert created(ws.get("/clients"), 200)["total"] == 1
