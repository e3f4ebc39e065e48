"""The OpenAPI schema, for client generators and for people: every error an operation can answer.

Each route declares with `@raises(...)` the errors of `ledger.errors` and `api.errors` its use
case can raise; what its dependencies imply is added from the dependencies themselves (an API
key: 401 and 404; a JSON body: 400, 413 and 422; If-Match: 412; read models: 503; a POST:
the idempotency problems; every operation: 400 `unknown-parameter`; every operation under /v1:
429 `rate-limited` and 503 `database-unavailable`). From both, each operation's error responses
are generated, one per status, naming the problem types (slugs) it can carry, with an example of
each. No list of statuses is written by hand anywhere.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from api.deps import ETAGS, current_actor, current_read_models, expected_version, reader_of_all
from api.errors import (
    PROBLEM_JSON,
    SLUG,
    DatabaseUnavailable,
    IdempotencyKeyInUse,
    IdempotencyKeyReused,
    MalformedRequest,
    PayloadTooLarge,
    RateLimited,
    Unauthorized,
    UnknownField,
    UnknownParameter,
    status_of,
)
from api.idempotency import MAX_KEY_LENGTH
from api.schemas import Problem
from ledger.errors import Forbidden, InvalidInput, NotFound, VersionMismatch
from projections import ProjectionsBehind

F = TypeVar("F", bound=Callable[..., Any])
RAISES = "__raises__"
API_PREFIX = "/v1/"
REASONS = {
    400: "Malformed request",
    401: "No valid API key",
    403: "The role does not allow it",
    404: "Not found (or another workspace's)",
    409: "Conflicts with the current state",
    412: "If-Match names another version",
    413: "Body too large",
    422: "Rule or validation failed",
    429: "Too many requests: retry after Retry-After seconds",
    503: "Read models behind or database unavailable: retry after Retry-After seconds",
}
IDEMPOTENCY_HEADER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
    "description": "A retry with the same key and body returns the first answer",
}
# What each dependency can answer, whatever the route does with it.
IMPLIED_BY: dict[Callable[..., Any], tuple[type[Exception], ...]] = {
    current_actor: (Unauthorized, NotFound),
    reader_of_all: (Forbidden,),
    current_read_models: (ProjectionsBehind,),
    expected_version: (VersionMismatch, InvalidInput),
}
JSON_BODY = (MalformedRequest, PayloadTooLarge, InvalidInput, UnknownField)
# An Idempotency-Key of no or too many characters is a validation error of the header.
IDEMPOTENT_POST = (IdempotencyKeyInUse, IdempotencyKeyReused, InvalidInput)


def raises(*errors: type[Exception]) -> Callable[[F], F]:
    """Declare the errors an operation's own work can answer (its dependencies' are implied)."""

    def declare(endpoint: F) -> F:
        setattr(endpoint, RAISES, errors)
        return endpoint

    return declare


def declared(route: Any) -> tuple[type[Exception], ...] | None:
    """What the route declared with `@raises`, or None if it declared nothing."""
    errors: tuple[type[Exception], ...] | None = getattr(route.endpoint, RAISES, None)
    return errors


@dataclass(frozen=True, order=True)
class ProblemType:
    status: int
    slug: str
    summary: str


def problem_type(error: type[Exception]) -> ProblemType:
    """An error class as the problem it answers: its status, slug and what it means."""
    slug = getattr(error, "slug", None) or SLUG[error]
    doc = (error.__doc__ or "").strip().splitlines()
    summary = doc[0] if doc and error.__doc__ != Exception.__doc__ else slug.replace("-", " ").capitalize()
    return ProblemType(status_of(error), slug, summary)


def _dependencies(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for child in dependant.dependencies:
        yield from _dependencies(child)


def implied(route: Any, method: str) -> set[type[Exception]]:
    """The errors a route's parameters and dependencies can answer, before its own work."""
    errors: set[type[Exception]] = {UnknownParameter}
    if route.path_format.startswith(API_PREFIX):
        # The API's operations use the database, and count against a rate limit (probes do neither).
        errors.update((DatabaseUnavailable, RateLimited))
    dependants = list(_dependencies(route.dependant))
    for dependant in dependants:
        errors.update(IMPLIED_BY.get(dependant.call, ()) if dependant.call else ())
        if dependant.query_params:
            errors.add(InvalidInput)
        if any(param.name != "workspace_id" for param in dependant.path_params):
            errors.add(NotFound)  # a malformed id in the path
    if route.body_field is not None:
        errors.update(JSON_BODY)
    if method == "post":
        errors.update(IDEMPOTENT_POST)
    return errors


def problems(route: Any, method: str) -> list[ProblemType]:
    """Every problem the operation can answer, by status then slug."""
    errors = implied(route, method) | set(declared(route) or ())
    # Two classes may answer the same problem (a logo too large, a body too large): it is listed once.
    unique = {(t.status, t.slug): t for t in sorted(problem_type(error) for error in errors)}
    return sorted(unique.values())


def _response(status: int, types: list[ProblemType]) -> dict[str, Any]:
    slugs = [t.slug for t in types]
    examples = {
        t.slug: {
            "summary": t.summary,
            "value": {
                "type": f"/problems/{t.slug}",
                "title": t.slug.replace("-", " ").capitalize(),
                "status": status,
                "detail": t.summary,
            },
        }
        for t in types
    }
    schema = {
        "allOf": [
            {"$ref": "#/components/schemas/Problem"},
            {"properties": {"type": {"enum": [f"/problems/{slug}" for slug in slugs]}}},
        ]
    }
    return {
        "description": f"{REASONS.get(status, 'Error')}: " + ", ".join(f"`{slug}`" for slug in slugs),
        "content": {PROBLEM_JSON: {"schema": schema, "examples": examples}},
    }


def _routes(app: FastAPI) -> dict[tuple[str, str], Any]:
    """Each operation's route, as the schema names it: (method, path) -> the route as included."""
    return {
        (method.lower(), context.path_format): context
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute) and context.include_in_schema and context.path_format
        for method in context.methods or ()
    }


def openapi_schema(app: FastAPI) -> dict[str, Any]:
    """The generated schema, with each operation's problems and Idempotency-Key on every POST."""
    if app.openapi_schema is None:
        schema = FastAPI.openapi(app)
        routes = _routes(app)
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                route = routes[(method, path)]
                responses = operation["responses"]
                for status in [s for s in responses if s.isdigit() and int(s) >= 400]:
                    del responses[status]
                by_status: dict[int, list[ProblemType]] = {}
                for problem in problems(route, method):
                    by_status.setdefault(problem.status, []).append(problem)
                for status, types in by_status.items():
                    responses[str(status)] = _response(status, types)
                for parameter in operation.get("parameters", []):
                    if parameter["name"] == "If-Match":
                        # A header is absent or a string, never null (FastAPI writes `string | null`).
                        parameter["schema"] = {"type": "string", "pattern": ETAGS}
                if method == "post":
                    operation.setdefault("parameters", []).append(IDEMPOTENCY_HEADER)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        for unused in ("HTTPValidationError", "ValidationError"):
            components.pop(unused, None)
        app.openapi_schema = schema
    return app.openapi_schema
