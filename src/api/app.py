"""The FastAPI application: `create_app(settings)` wires the ledger, read models and routers."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI

from api.claims import Claims
from api.deps import ETAGS
from api.docs import install_docs
from api.errors import PROBLEM_JSON, install_error_handlers
from api.faults import install_fault_handlers
from api.idempotency import MAX_KEY_LENGTH, IdempotencyMiddleware
from api.limits import BodyLimitMiddleware
from api.metrics import Metrics, MetricsMiddleware
from api.ratelimit import RateLimitMiddleware
from api.routers import (
    categories,
    clients,
    expenses,
    invoice_lines,
    invoices,
    members,
    ops,
    projects,
    reports,
    time_entries,
    workspaces,
)
from api.routing import MethodMiddleware
from api.schemas import Problem
from api.strict import refuse_unknown_parameters
from ledger.application import open_ledger
from ledger.config import Settings
from projections import ReadModels

ROUTERS = (
    workspaces,
    members,
    clients,
    projects,
    categories,
    time_entries,
    expenses,
    invoices,
    invoice_lines,
    reports,
    ops,
)
DESCRIPTION = """Invoices from tracked time and expenses, every change an event.

Send your API key as `X-Api-Key`. Money and quantities are JSON strings (`"150.00"`).
Errors are `application/problem+json`. Single resources carry `ETag: "<version>"`; writes accept
`If-Match`. POSTs accept `Idempotency-Key`."""
PROBLEMS: dict[int | str, dict[str, object]] = {
    status: {"model": Problem, "description": description}
    for status, description in {
        400: "Malformed request",
        401: "No valid API key",
        403: "The role does not allow it",
        404: "Not found (or another workspace's)",
        409: "Conflicts with the current state",
        412: "If-Match names another version",
        413: "Body too large",
        422: "Rule or validation failed",
        429: "Too many requests for this API key: retry after Retry-After seconds",
        503: "Read models behind or database unavailable: retry after Retry-After seconds",
    }.items()
}


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API over the database of `settings` (read from the environment when not given)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ledger = open_ledger(settings)
        try:
            read_models = ReadModels.open(settings, ledger)
            try:
                app.state.ledger, app.state.read_models = ledger, read_models
                app.state.claims = Claims(
                    settings.database_url if settings.is_postgres else None, settings.database_schema
                )
                ledger.index.prune_answers(settings.idempotency_ttl_hours * 3600)
                if settings.run_projections:
                    read_models.start()
                yield
            finally:
                read_models.stop()
                read_models.close()
                app.state.claims.close()
                closing = getattr(getattr(app.state, "rate_limit_storage", None), "close", None)
                if closing is not None:
                    closing()
        finally:
            ledger.close()

    app = FastAPI(
        title="Ledger",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
        responses=PROBLEMS,
        dependencies=[Depends(refuse_unknown_parameters)],
        docs_url=None,  # served from packaged assets by install_docs, not from a CDN
        redoc_url=None,
    )
    install_docs(app)
    app.state.settings = settings
    app.state.metrics = Metrics()
    for module in ROUTERS:
        app.include_router(module.router)
    install_error_handlers(app)
    install_fault_handlers(app)
    # Outermost last: metrics see every answer, then the body limit, then idempotency.
    app.add_middleware(IdempotencyMiddleware, ttl_seconds=settings.idempotency_ttl_hours * 3600)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(MethodMiddleware, api=app)
    app.add_middleware(RateLimitMiddleware, settings=settings)
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The generated schema, with problems as problem+json and Idempotency-Key on every POST."""
    if app.openapi_schema is None:
        schema = FastAPI.openapi(app)
        header = {
            "name": "Idempotency-Key",
            "in": "header",
            "required": False,
            "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
            "description": "A retry with the same key and body returns the first answer",
        }
        for path in schema["paths"].values():
            for method, operation in path.items():
                for parameter in operation.get("parameters", []):
                    if parameter["name"] == "If-Match":
                        # A header is absent or a string: never null (FastAPI writes `string | null`).
                        parameter["schema"] = {"type": "string", "pattern": ETAGS}
                for status, response in operation["responses"].items():
                    if int(status) >= 400 and "application/json" in response.get("content", {}):
                        response["content"] = {PROBLEM_JSON: response["content"]["application/json"]}
                if method == "post":
                    operation.setdefault("parameters", []).append(header)
        app.openapi_schema = schema
    return app.openapi_schema
