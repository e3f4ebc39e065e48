"""The OpenAPI schema a client generator and a person can use (SPEC §10).

Every operation has a summary of its own, a description, an operation id a generator can name a
method after, examples on its request body, and exactly the error statuses its declaration
(`@raises` and its dependencies) gives, each naming its problem types. That the declarations tell
the truth is checked on every API scenario: its client refuses any undeclared problem
(tests/api/declared.py).
"""

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from api.openapi import declared, problems

STATUSES = {"400", "401", "403", "404", "409", "412", "413", "422", "429", "503"}


def operations(app: FastAPI) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, methods in app.openapi()["paths"].items()
        for method, operation in methods.items()
    ]


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """A schema with its `$ref` (or its one non-null `anyOf` branch) followed."""
    if "$ref" in node:
        return resolve(schema, schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]])
    branches = [b for b in node.get("anyOf", []) if b.get("type") != "null"]
    return resolve(schema, branches[0]) if len(branches) == 1 else node


def test_every_operation_has_a_summary_a_description_and_an_operation_id(app: FastAPI) -> None:
    ops = operations(app)

    for method, path, operation in ops:
        name = operation["operationId"]
        assert operation["summary"] != name.replace("_", " ").title(), f"{method} {path}: a function name"
        assert operation["summary"][0].isupper() and not operation["summary"].endswith("."), name
        assert len(operation.get("description", "")) >= 20, f"{method} {path} has no description"
    ids = [operation["operationId"] for _, _, operation in ops]
    assert len(ids) == len(set(ids)) >= 67
    assert all(identifier.isidentifier() and "v1" not in identifier for identifier in ids)


def test_every_request_body_comes_with_an_example_patches_included(app: FastAPI) -> None:
    schema = app.openapi()
    bodies = [(m, path, op["requestBody"]) for m, path, op in operations(app) if "requestBody" in op]

    assert {method for method, _, _ in bodies} == {"post", "patch", "put"}
    for method, path, body in bodies:
        for media_type, content in body["content"].items():
            if media_type == "image/png":
                continue  # binary: its sibling image/svg+xml shows an example
            examples = content.get("example") or content.get("examples")
            examples = examples or resolve(schema, content["schema"]).get("examples")
            assert examples, f"{method} {path} ({media_type}) has no example"


def test_every_route_declares_what_it_raises(app: FastAPI) -> None:
    routes = [c for c in iter_route_contexts(app.routes) if isinstance(c.original_route, APIRoute)]
    in_schema = [route for route in routes if route.include_in_schema]

    assert [route.name for route in in_schema if declared(route) is None] == []


def test_each_operation_answers_exactly_the_statuses_of_its_declaration(app: FastAPI) -> None:
    schema = app.openapi()
    routes = {
        (method.lower(), c.path_format): c
        for c in iter_route_contexts(app.routes)
        if isinstance(c.original_route, APIRoute) and c.include_in_schema
        for method in c.methods
    }

    for method, path, operation in operations(app):
        errors = {status: response for status, response in operation["responses"].items() if status >= "400"}
        expected = problems(routes[(method, path)], method)
        assert set(errors) == {str(p.status) for p in expected} and set(errors) <= STATUSES, path
        for status, response in errors.items():
            slugs = sorted(p.slug for p in expected if str(p.status) == status)
            content = response["content"]["application/problem+json"]
            assert sorted(content["examples"]) == slugs
            types = content["schema"]["allOf"][1]["properties"]["type"]["enum"]
            assert types == [f"/problems/{slug}" for slug in slugs]
            assert all(f"`{slug}`" in response["description"] for slug in slugs)
    assert "HTTPValidationError" not in schema["components"]["schemas"]


@pytest.mark.parametrize(
    ("method", "path", "status", "slug"),
    [
        ("post", "/invoices/{invoice_id}/send", "422", "invoice-empty"),
        ("post", "/invoices/{invoice_id}/send", "409", "invalid-status"),
        ("post", "/invoices/{invoice_id}/imports", "422", "nothing-to-import"),
        ("delete", "/clients/{client_id}", "409", "in-use"),
        ("put", "/settings/logo", "413", "payload-too-large"),
        ("put", "/settings/logo", "422", "invalid-image"),
        ("get", "/reports/time-entries", "503", "projections-behind"),
        ("patch", "/invoices/{invoice_id}", "412", "precondition-failed"),
        ("post", "/invoices", "422", "idempotency-key-reused"),
    ],
)
def test_an_operation_names_the_problems_it_can_answer(
    app: FastAPI, method: str, path: str, status: str, slug: str
) -> None:
    operation = app.openapi()["paths"][f"/v1/workspaces/{{workspace_id}}{path}"][method]

    assert slug in operation["responses"][status]["content"]["application/problem+json"]["examples"]


def test_reads_never_claim_the_problems_of_writes(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    invoice = paths["/v1/workspaces/{workspace_id}/invoices/{invoice_id}"]["get"]["responses"]

    assert not {"409", "412", "413"} & set(invoice)
    assert set(paths["/healthz"]["get"]["responses"]) == {"200", "400"}


def test_lists_answer_csv_and_dry_runs_a_schema_of_their_own(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    listed = paths["/v1/workspaces/{workspace_id}/invoices"]["get"]["responses"]["200"]["content"]
    dry_run = paths["/v1/workspaces/{workspace_id}/invoices/{invoice_id}/imports"]["post"]["responses"]["200"]

    assert listed["text/csv"]["example"].startswith("id,number,")
    assert dry_run["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ImportView"}
