"""One table from error categories to HTTP statuses, and problem+json bodies (RFC 9457)."""

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ledger.errors import (
    BulkMarkingRejected,
    Conflict,
    EInvoiceIncomplete,
    Forbidden,
    InvalidInput,
    LedgerError,
    NotFound,
    RuleViolation,
    TooLarge,
    VersionMismatch,
)
from projections import ProjectionsBehind

PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_SECONDS = 1
log = logging.getLogger("api")


class ApiError(Exception):
    """A failure of the HTTP exchange itself, rather than of a ledger rule."""

    slug = "api-error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class MalformedRequest(ApiError):
    slug = "malformed-request"


class UnknownParameter(ApiError):
    """A query parameter the operation does not know: a mistyped filter must never be ignored."""

    slug = "unknown-parameter"


class Unauthorized(ApiError):
    slug = "unauthorized"


class PreconditionFailed(ApiError):
    slug = "precondition-failed"


class PayloadTooLarge(ApiError):
    slug = "payload-too-large"


class IdempotencyKeyReused(ApiError):
    slug = "idempotency-key-reused"


class IdempotencyKeyInUse(ApiError):
    """The first request with this key is still running."""

    slug = "idempotency-key-in-use"


class NotReady(ApiError):
    """The database does not answer, or the read models are far behind."""

    slug = "not-ready"


class UnknownField(ApiError):
    """A body field the operation does not know: a typo never passes silently."""

    slug = "unknown-field"


class RateLimited(ApiError):
    """Too many requests for this API key: retry after `Retry-After` seconds."""

    slug = "rate-limited"


class DatabaseUnavailable(ApiError):
    """The database is unavailable for a moment; nothing was recorded: retry after Retry-After seconds."""

    slug = "database-unavailable"


# The one table: the first class of an error's MRO found here gives its status.
STATUS: dict[type[Exception], int] = {
    MalformedRequest: 400,
    UnknownParameter: 400,
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    IdempotencyKeyInUse: 409,
    PreconditionFailed: 412,
    VersionMismatch: 412,
    PayloadTooLarge: 413,
    TooLarge: 413,
    RateLimited: 429,
    RuleViolation: 422,
    IdempotencyKeyReused: 422,
    UnknownField: 422,
    ProjectionsBehind: 503,
    NotReady: 503,
    DatabaseUnavailable: 503,
}
SLUG: dict[type[Exception], str] = {ProjectionsBehind: "projections-behind"}


def status_of(category: type[Exception]) -> int:
    for cls in category.__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


def problem(
    status: int,
    slug: str,
    detail: str,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """An RFC 9457 problem response; `extra` adds members such as `errors`."""
    body = {
        "type": f"/problems/{slug}",
        "title": slug.replace("-", " ").capitalize(),
        "status": status,
        "detail": detail,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def problem_of(error: Exception) -> JSONResponse:
    """The problem response of any error this table knows."""
    if isinstance(error, BulkMarkingRejected):
        return _bulk_problem(error)
    slug = getattr(error, "slug", None) or SLUG.get(type(error), "error")
    detail = getattr(error, "detail", None) or str(error)
    status = status_of(type(error))
    if isinstance(error, InvalidInput):
        errors = {f"body.{field}": message for field, message in error.errors.items()}
        return problem(status, slug, detail, errors=errors)
    if isinstance(error, EInvoiceIncomplete):
        return problem(status, slug, detail, missing=error.missing)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if status == 503 else None
    return problem(status, slug, detail, headers)


def _bulk_problem(error: BulkMarkingRejected) -> JSONResponse:
    """All or nothing: every offending id is listed, the status is the most telling category's."""
    category = error.category
    telling = next(e for _, e in error.failures if isinstance(e, category))
    failures = [{"id": str(i), "type": f"/problems/{e.slug}", "detail": e.detail} for i, e in error.failures]
    ids = [failure["id"] for failure in failures]
    return problem(status_of(category), telling.slug, error.detail, ids=ids, failures=failures)


UNKNOWN_FIELD = UnknownField.slug


def _message(detail: Any) -> str:
    """Pydantic's message, without the "Value error, " it puts before ours."""
    if detail["type"] == "extra_forbidden":
        return "unknown field"
    return str(detail["msg"]).removeprefix("Value error, ")


def _validation_problem(error: RequestValidationError) -> JSONResponse:
    details = error.errors()
    if any(d["type"] == "json_invalid" for d in details):
        return problem(400, MalformedRequest.slug, "the body is not valid JSON")
    if any(d["loc"][:1] == ("body",) and isinstance(d.get("input"), bytes) for d in details):
        return problem(400, MalformedRequest.slug, "send the body as application/json")
    if details and all(d["loc"][:1] == ("path",) for d in details):
        return problem(404, NotFound.slug, "no such resource: malformed id in the path")
    errors = {".".join(str(part) for part in d["loc"]): _message(d) for d in details}
    unknown = [field for field, d in zip(errors, details, strict=True) if d["type"] == "extra_forbidden"]
    if unknown:
        return problem(422, UNKNOWN_FIELD, f"unknown field(s): {', '.join(unknown)}", errors=errors)
    return problem(422, InvalidInput.slug, "the request is invalid", errors=errors)


def _http_problem(error: HTTPException) -> JSONResponse:
    slugs = {404: NotFound.slug, 405: "method-not-allowed"}
    slug = slugs.get(error.status_code, f"http-{error.status_code}")
    return problem(error.status_code, slug, str(error.detail), headers=error.headers)


def internal_problem(request: Request, error: Exception) -> JSONResponse:
    # The log has the traceback; the client never sees stack traces or SQL.
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return problem(500, "internal-error", "an unexpected error occurred; it has been logged")


def install_error_handlers(app: FastAPI) -> None:
    """Every error leaves the API as problem+json."""

    async def known(request: Request, error: Exception) -> JSONResponse:
        return problem_of(error)

    async def validation(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        return _validation_problem(error)

    async def http(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, HTTPException)
        return _http_problem(error)

    async def internal(request: Request, error: Exception) -> JSONResponse:
        return internal_problem(request, error)

    for category in (LedgerError, ApiError, ProjectionsBehind):
        app.add_exception_handler(category, known)
    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(HTTPException, http)
    app.add_exception_handler(Exception, internal)
