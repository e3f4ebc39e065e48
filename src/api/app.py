"""The FastAPI application: `create_app(settings)` wires the ledger, read models and routers."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from api.claims import Claims
from api.docs import install_docs
from api.errors import install_error_handlers
from api.faults import install_fault_handlers
from api.idempotency import IdempotencyMiddleware
from api.limits import BodyLimitMiddleware
from api.metrics import Metrics, MetricsMiddleware
from api.openapi import openapi_schema
from api.ratelimit import RateLimitMiddleware
from api.routers import (
    audit,
    categories,
    clients,
    credit_notes,
    documents,
    emails,
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
from api.strict import refuse_unknown_parameters
from ledger.application import open_ledger
from ledger.config import Settings
from outbox.service import Outbox
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
    documents,
    emails,
    credit_notes,
    reports,
    audit,
    ops,
)
DESCRIPTION = """Invoices from tracked time and expenses, every change an event.

Send your API key as `X-Api-Key`. Money and quantities are JSON strings (`"150.00"`).
Errors are `application/problem+json`. Single resources carry `ETag: "<version>"`; writes accept
`If-Match`. POSTs accept `Idempotency-Key`."""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API over the database of `settings` (read from the environment when not given)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ledger = open_ledger(settings)
        try:
            read_models = ReadModels.open(settings, ledger)
            outbox = Outbox.open(settings, ledger, read_models)
            try:
                app.state.ledger, app.state.read_models = ledger, read_models
                app.state.outbox = outbox
                app.state.claims = Claims(
                    settings.database_url if settings.is_postgres else None, settings.database_schema
                )
                ledger.index.prune_answers(settings.idempotency_ttl_hours * 3600)
                if settings.run_projections:
                    read_models.start()
                if settings.run_outbox:
                    outbox.start()
                yield
            finally:
                outbox.stop()
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
        # Operation ids are the routes' names (`create_invoice`): what a client generator calls them.
        generate_unique_id_function=lambda route: route.name,
        dependencies=[Depends(refuse_unknown_parameters)],
        docs_url=None,  # served from packaged assets by install_docs, not from a CDN
        redoc_url=None,
    )
    install_docs(app)
    app.state.settings = settings
    app.state.metrics = Metrics()
    app.state.pdfs = documents.invoice_pdfs(
        settings, lambda invoice_id, version: app.state.ledger.event_fingerprint(invoice_id, version)
    )
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
    app.openapi = lambda: openapi_schema(app)  # type: ignore[method-assign]
    return app
