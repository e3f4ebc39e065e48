"""Database faults as answers: a lost database is 503 `database-unavailable`, never a 500.

Every save is one transaction, so a request that failed on the database recorded nothing and may
be retried: connection loss, a server restart, a pool that cannot hand out a connection in time,
a lock wait that timed out are 503 with `Retry-After`; a transaction the server rolled back for
concurrency (serialization failure, deadlock) that the recorder's own retries did not get past
is 409 `concurrent-update`. Anything else stays an internal error.
"""

import sqlite3
from collections.abc import Iterator
from typing import Literal

import psycopg
from eventsourcing.persistence import InterfaceError, OperationalError, PersistenceError
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.errors import DatabaseUnavailable, internal_problem, problem_of
from ledger.errors import ConcurrentUpdate

Fault = Literal["unavailable", "concurrent"]


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def classify(error: BaseException) -> Fault | None:
    """What kind of database fault `error` is (looking through wrapped causes), if any."""
    for cause in _chain(error):
        if isinstance(cause, psycopg.errors.TransactionRollback):
            return "concurrent"
        if isinstance(cause, psycopg.OperationalError | psycopg.InterfaceError):
            return "unavailable"
        if isinstance(cause, sqlite3.OperationalError) and "locked" in str(cause):
            return "unavailable"
    if isinstance(error, OperationalError | InterfaceError):
        return "unavailable"
    return None


def is_database_fault(error: BaseException) -> bool:
    return classify(error) is not None


def database_problem(error: BaseException) -> JSONResponse:
    """The answer to a database fault: 503 with Retry-After, or 409 for a lost concurrency race."""
    if classify(error) == "concurrent":
        return problem_of(ConcurrentUpdate("changed concurrently by another request: reload and try again"))
    return problem_of(
        DatabaseUnavailable(
            "the database is unavailable for a moment; nothing was recorded: retry after Retry-After seconds"
        )
    )


def install_fault_handlers(app: FastAPI) -> None:
    """Database errors answer by their kind; unknown ones stay internal errors (500, logged)."""

    async def database(request: Request, error: Exception) -> JSONResponse:
        if is_database_fault(error):
            return database_problem(error)
        return internal_problem(request, error)

    for category in (PersistenceError, psycopg.Error, sqlite3.Error):
        app.add_exception_handler(category, database)
