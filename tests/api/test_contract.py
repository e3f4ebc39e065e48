"""The contract as a fuzzer reads it: 405 with every allowed method, literal paths never taken for
ids, and an OpenAPI schema carrying the constraints the API enforces."""

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from http_world import Workspace, problem_type


def schema_of(http: TestClient) -> dict[str, Any]:
    return dict(http.get("/openapi.json").json())


def test_a_405_names_every_method_of_the_path(http: TestClient, ws: Workspace) -> None:
    entry_id = ws.log(ws.project(ws.client()))

    response = ws.request("PUT", f"/time-entries/{entry_id}")

    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) >= {"GET", "PATCH", "DELETE"}


def test_every_405_lists_exactly_the_methods_the_schema_declares(http: TestClient, ws: Workspace) -> None:
    wrong = {}
    for path, operations in schema_of(http)["paths"].items():
        declared = {method.upper() for method in operations}
        concrete = re.sub(r"\{workspace_id\}", ws.id, path)
        concrete = re.sub(r"\{[a-z_]+\}", "00000000-0000-4000-8000-000000000000", concrete)
        missing = next(m for m in ("PUT", "PATCH", "DELETE", "POST", "GET") if m not in declared)
        response = ws.http.request(missing, concrete, headers={"X-Api-Key": ws.key})
        allowed = set(response.headers.get("allow", "").split(", ")) - {"HEAD"}
        if response.status_code != 405 or allowed != declared:
            wrong[f"{missing} {path}"] = (response.status_code, response.headers.get("allow"))

    assert wrong == {}


def test_options_is_405_with_the_declared_methods(ws: Workspace) -> None:
    response = ws.request("OPTIONS", "/clients")

    assert (response.status_code, response.headers["allow"]) == (405, "GET, POST")


@pytest.mark.parametrize("kind", ["time-entries", "expenses"])
def test_a_literal_path_is_never_taken_for_an_id(ws: Workspace, kind: str) -> None:
    response = ws.patch(f"/{kind}/invoiced", {"note": "x"})

    assert (response.status_code, response.headers["allow"]) == (405, "POST")
    assert problem_type(response) == "/problems/method-not-allowed"


def test_a_malformed_id_in_a_path_is_not_found(ws: Workspace) -> None:
    response = ws.get("/expenses/not-an-id")

    assert (response.status_code, problem_type(response)) == (404, "/problems/not-found")


def test_if_match_is_declared_a_string_never_null(http: TestClient) -> None:
    headers = [
        parameter["schema"]
        for path in schema_of(http)["paths"].values()
        for operation in path.values()
        for parameter in operation.get("parameters", [])
        if parameter["name"] == "If-Match"
    ]

    assert len(headers) >= 20
    assert all(schema["type"] == "string" and "anyOf" not in schema for schema in headers)


def _property(schema: dict[str, Any], model: str, name: str) -> dict[str, Any]:
    components = schema["components"]["schemas"]
    found = (components.get(model) or components[f"{model}-Input"])["properties"][name]
    return dict(next((s for s in found.get("anyOf", [found]) if s.get("type") == "string"), found))


@pytest.mark.parametrize(
    ("model", "field", "valid", "invalid"),
    [
        ("CreateInvoice", "tax_percent", ["0", "19", "7.5", "100", "100.00"], ["101", "150", "999", "-1"]),
        ("AddLine", "quantity", ["1", "-2.5", "0.0001"], ["0", "0.00", "-0"]),
        ("CreateCategory", "unit_price", ["0", "0.30"], ["-1", "-0.01"]),
        ("RecordPayment", "amount", ["0.01", "500.00"], ["0", "0.00", "-5"]),
    ],
)
def test_the_schema_carries_the_decimal_constraints_the_api_enforces(
    http: TestClient, model: str, field: str, valid: list[str], invalid: list[str]
) -> None:
    declared = _property(schema_of(http), model, field)

    def allowed(value: str) -> bool:
        forbidden = declared.get("not", {}).get("pattern")
        return bool(re.search(declared["pattern"], value)) and not (forbidden and re.search(forbidden, value))

    assert [v for v in valid if not allowed(v)] == []
    assert [v for v in invalid if allowed(v)] == []


def test_id_filters_are_declared_as_uuids(http: TestClient) -> None:
    parameters = schema_of(http)["paths"]["/v1/workspaces/{workspace_id}/reports/time-entries"]["get"][
        "parameters"
    ]
    ids = {p["name"]: p["schema"] for p in parameters if p["name"].endswith("_ids")}

    assert ids and all(schema["items"] == {"type": "string", "format": "uuid"} for schema in ids.values())
