"""Rate limits per API key (`limits`, fixed windows): 429 `rate-limited` with `Retry-After`.

Requests carrying `X-Api-Key` count against that key (hashed: keys never sit in memory or tables
in clear); requests without one (sign-ups, probes) count against the client's address under the
sign-up limit. `/healthz`, `/readyz` and `/metrics` are never limited. Limits are settings in
`limits` notation (`LEDGER_RATE_LIMIT=600/minute`, empty for none). Counters live in memory
(one process) or, with `LEDGER_RATE_LIMIT_STORAGE=database`, in a PostgreSQL table that every
API process shares (`PostgresStorage`, a `limits` storage backend).
"""

import hashlib
import math
import time
from typing import Any

import psycopg
from anyio.to_thread import run_sync
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, Storage
from limits.strategies import FixedWindowRateLimiter
from psycopg.sql import SQL, Identifier
from psycopg_pool import ConnectionPool
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import problem
from api.faults import is_database_fault
from ledger.config import Settings

UNLIMITED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
TABLE = """CREATE TABLE IF NOT EXISTS {} (
    key TEXT PRIMARY KEY, count BIGINT NOT NULL, expires_at DOUBLE PRECISION NOT NULL)"""
# One statement: a window that has expired starts again at `amount`.
INCR = """INSERT INTO {} AS t VALUES (%(key)s, %(amount)s, %(now)s + %(expiry)s)
    ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN t.expires_at <= %(now)s THEN %(amount)s ELSE t.count + %(amount)s END,
        expires_at = CASE WHEN t.expires_at <= %(now)s THEN %(now)s + %(expiry)s ELSE t.expires_at END
    RETURNING count"""


class PostgresStorage(Storage):
    """Counters in a table of the ledger's database, shared by every API process."""

    STORAGE_SCHEME = ["ledger+postgresql"]  # noqa: RUF012 (the base class declares it so)

    def __init__(self, conninfo: str, schema: str = "public", **options: Any) -> None:
        super().__init__(conninfo, **options)
        self.table = Identifier(schema, "ledger_rate_limits")
        self.pool = ConnectionPool(
            conninfo,
            min_size=1,
            max_size=4,
            kwargs={"autocommit": True},
            check=ConnectionPool.check_connection,
            open=True,
        )
        with self.pool.connection() as conn:
            conn.execute(SQL(TABLE).format(self.table))

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return psycopg.Error

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        params = {"key": key, "amount": amount, "now": time.time(), "expiry": expiry}
        with self.pool.connection() as conn:
            row = conn.execute(SQL(INCR).format(self.table), params).fetchone()
        return int(row[0]) if row else amount

    def _row(self, key: str) -> tuple[int, float] | None:
        with self.pool.connection() as conn:
            row = conn.execute(
                SQL("SELECT count, expires_at FROM {} WHERE key = %s").format(self.table), (key,)
            ).fetchone()
        if row is None or row[1] <= time.time():
            return None
        return int(row[0]), float(row[1])

    def get(self, key: str) -> int:
        row = self._row(key)
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row[1] if row else time.time()

    def check(self) -> bool:
        try:
            with self.pool.connection() as conn:
                conn.execute("SELECT 1")
        except psycopg.Error:
            return False
        return True

    def reset(self) -> int | None:
        with self.pool.connection() as conn:
            return conn.execute(SQL("DELETE FROM {}").format(self.table)).rowcount

    def clear(self, key: str) -> None:
        with self.pool.connection() as conn:
            conn.execute(SQL("DELETE FROM {} WHERE key = %s").format(self.table), (key,))

    def close(self) -> None:
        self.pool.close()


def storage_of(settings: Settings) -> Storage:
    """Where the counters live: this process's memory, or the shared database."""
    if settings.rate_limit_storage == "database":
        if not settings.is_postgres:
            raise ValueError("LEDGER_RATE_LIMIT_STORAGE=database needs PostgreSQL")
        return PostgresStorage(settings.database_url, settings.database_schema)
    if settings.rate_limit_storage != "memory":
        raise ValueError(f"unknown LEDGER_RATE_LIMIT_STORAGE {settings.rate_limit_storage!r}")
    return MemoryStorage()


def _item(text: str) -> RateLimitItem | None:
    return parse(text) if text.strip() else None


class RateLimitMiddleware:
    """Counts each request against its API key (or address), and answers 429 over the limit."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self._limiter: FixedWindowRateLimiter | None = None
        self.per_key = _item(settings.rate_limit)
        self.per_address = _item(settings.signup_rate_limit)

    def limiter(self, scope: Scope) -> FixedWindowRateLimiter:
        # Built at the first request, not with the app: no connection before the app serves.
        if self._limiter is None:
            storage = storage_of(self.settings)
            scope["app"].state.rate_limit_storage = storage  # closed with the app
            self._limiter = FixedWindowRateLimiter(storage)
        return self._limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNLIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        api_key = dict(scope["headers"]).get(b"x-api-key")
        if api_key:
            item, who = self.per_key, "key:" + hashlib.sha256(api_key).hexdigest()
        else:
            item, who = self.per_address, "address:" + str((scope.get("client") or ("-",))[0])
        if item is not None:
            try:
                allowed = await run_sync(self.limiter(scope).hit, item, who)
            except Exception as error:
                if not is_database_fault(error):
                    raise
                allowed = True  # the counters are away: serve rather than refuse everyone
            if not allowed:
                stats = await run_sync(self.limiter(scope).get_window_stats, item, who)
                retry_after = max(1, math.ceil(stats.reset_time - time.time()))
                detail = f"more than {item} for this API key: retry after {retry_after} s"
                headers = {"Retry-After": str(retry_after)}
                await problem(429, "rate-limited", detail, headers)(scope, receive, send)
                return
        await self.app(scope, receive, send)
