"""Signing up, the workspace and its settings (SPEC §2, §9, §10)."""

from pathlib import Path

from fastapi.testclient import TestClient
from http_world import Workspace, created, problem_type, sign_up

from api.app import create_app
from ledger.config import Settings

SIGNUP = {
    "name": "Initech",
    "currency": "EUR",
    "timezone": "Europe/Berlin",
    "hourly_rate": "100.00",
    "owner": {"name": "Olga Owner", "email": "olga@example.com"},
}


def test_signing_up_answers_the_workspace_with_the_owner_and_a_working_key(http: TestClient) -> None:
    body = created(http.post("/v1/workspaces", json=SIGNUP))

    assert {k: body[k] for k in ("name", "currency", "timezone", "hourly_rate", "version")} == {
        "name": "Initech",
        "currency": "EUR",
        "timezone": "Europe/Berlin",
        "hourly_rate": "100.00",
        "version": 1,
    }
    owner = http.get(
        f"/v1/workspaces/{body['id']}/members/{body['owner_id']}", headers={"X-Api-Key": body["api_key"]}
    )
    assert created(owner, 200)["role"] == "owner"


def test_signing_up_needs_the_signup_token_when_one_is_configured(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'ledger.db'}", signup_token="let-me-in")
    with TestClient(create_app(settings)) as http:
        refused = http.post("/v1/workspaces", json=SIGNUP, headers={"X-Signup-Token": "guess"})
        accepted = http.post("/v1/workspaces", json=SIGNUP, headers={"X-Signup-Token": "let-me-in"})

    assert (refused.status_code, problem_type(refused)) == (401, "/problems/unauthorized")
    assert accepted.status_code == 201


def test_signing_up_with_an_unknown_time_zone_is_a_validation_error(http: TestClient) -> None:
    response = http.post("/v1/workspaces", json={**SIGNUP, "timezone": "Mars/Olympus"})

    assert response.status_code == 422
    assert response.json()["errors"] == {"body.timezone": "must be an IANA time zone such as Europe/Berlin"}


def test_the_workspace_is_read_with_its_version_as_etag(ws: Workspace) -> None:
    response = ws.get("")

    assert created(response, 200)["name"] == "Initech"
    assert response.headers["ETag"] == '"1"'


def test_editing_the_workspace_changes_only_the_fields_sent(ws: Workspace) -> None:
    body = created(ws.patch("", {"name": "Initrode", "hourly_rate": "90.00"}), 200)

    assert (body["name"], body["hourly_rate"], body["currency"], body["version"]) == (
        "Initrode",
        "90.00",
        "EUR",
        2,
    )


def test_settings_start_from_the_defaults_of_spec(ws: Workspace) -> None:
    settings = created(ws.get("/settings"), 200)

    assert settings["rounding"] == {"minutes": 15, "mode": "up"}
    assert (settings["number_prefix"], settings["number_padding"], settings["due_days"]) == ("INV-", 4, 30)
    assert settings["item_type_labels"] == {"service": "Service", "product": "Product"}


def test_patching_settings_merges_nested_objects_field_by_field(ws: Workspace) -> None:
    body = {
        "rounding": {"mode": "nearest"},
        "item_type_labels": {"service": "Leistung"},
        "default_tax_percent": "19",
    }
    settings = created(ws.patch("/settings", body), 200)

    assert settings["rounding"] == {"minutes": 15, "mode": "nearest"}
    assert settings["item_type_labels"] == {"service": "Leistung", "product": "Product"}
    assert settings["default_tax_percent"] == "19"


def test_a_setting_out_of_range_is_refused_with_its_field(ws: Workspace) -> None:
    response = ws.patch("/settings", {"default_tax_percent": "120"})

    assert (response.status_code, problem_type(response)) == (422, "/problems/validation-error")
    assert response.json()["errors"] == {"body.default_tax_percent": "must be between 0 and 100"}


def test_a_second_workspace_gets_its_own_invoice_sequence(http: TestClient) -> None:
    first, second = sign_up(http), sign_up(http, name="Hooli")
    for ws in (first, second):
        ws.invoice(ws.client())

    numbers = [created(ws.get("/invoices"), 200)["items"][0]["number"] for ws in (first, second)]
    assert numbers == ["INV-0001", "INV-0001"]
