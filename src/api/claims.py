"""Claims on idempotency keys while their first request runs: fast refusals, never a dead lock.

A claim only makes a concurrent duplicate fail fast (409 `idempotency-key-in-use`); exactly-once
does not depend on it, since the answer is committed with the events and a second commit under
the same key is refused in the save's transaction (`ledger.persistence.answers`). So a claim
must never outlive its holder: in one process it is an entry in a set; across processes on
PostgreSQL it is a session advisory lock held on one connection of this process, which the
server releases when the process dies (its connection closes). Nothing is written, so nothing is
left behind by a crash.
"""

import hashlib
import threading
import time
from typing import Any

import psycopg

from ledger.persistence.answers import RequestKey, key_hash

CONNECT_TIMEOUT_SECONDS = 2
# After a failed connection, claims stay process-local this long rather than wait on the database.
BACKOFF_SECONDS = 1.0


def _lock_id(namespace: str, request: RequestKey) -> int:
    digest = hashlib.sha256(f"{namespace}\n{request.principal}\n{key_hash(request.key)}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class Claims:
    """Keys whose first request is running, in this process and (on PostgreSQL) in any process."""

    def __init__(self, conninfo: str | None = None, schema: str = "public") -> None:
        self.conninfo = conninfo
        self.namespace = f"ledger-idempotency:{schema}"
        self._mutex = threading.Lock()
        self._held: set[tuple[str, str]] = set()
        self._conn: psycopg.Connection[Any] | None = None
        self._away_until = 0.0

    def claim(self, request: RequestKey) -> bool:
        """True if this request may run now; False while another holds the key."""
        mine = (request.principal, request.key)
        with self._mutex:
            if mine in self._held:
                return False
            if not self._lock(request):
                return False
            self._held.add(mine)
            return True

    def release(self, request: RequestKey) -> None:
        with self._mutex:
            self._held.discard((request.principal, request.key))
            self._unlock(request)

    def _lock(self, request: RequestKey) -> bool:
        if self.conninfo is None or time.monotonic() < self._away_until:
            return True
        lock_id = _lock_id(self.namespace, request)
        try:
            row = self._connection().execute("SELECT pg_try_advisory_lock(%s)", (lock_id,)).fetchone()
        except psycopg.Error:
            # The database is away: the request will find out for itself (503); the commit-time
            # check still keeps it exactly-once, so the claim is not worth a refusal.
            self._drop()
            self._away_until = time.monotonic() + BACKOFF_SECONDS
            return True
        return bool(row and row[0])

    def _unlock(self, request: RequestKey) -> None:
        if self.conninfo is None or self._conn is None:
            return
        try:
            self._conn.execute("SELECT pg_advisory_unlock(%s)", (_lock_id(self.namespace, request),))
        except psycopg.Error:
            self._drop()  # the session is gone, and its locks with it

    def _connection(self) -> psycopg.Connection[Any]:
        assert self.conninfo is not None
        if self._conn is None or self._conn.closed:
            self._conn = psycopg.connect(
                self.conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS
            )
        return self._conn

    def _drop(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def close(self) -> None:
        with self._mutex:
            self._drop()
