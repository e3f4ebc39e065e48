"""`Idempotency-Key` on POSTs (SPEC §10): a retry gets the first answer and records nothing new.

The key is claimed in a table of the ledger's own database before the request runs, so two
concurrent requests with one key never both execute; the second waits for the first's answer.
Only successful answers are kept: a failed request recorded nothing, so its key is released
and a retry runs again. Keys are scoped to the caller (a hash of its credentials), so nobody
can replay another caller's answer.
"""

import contextlib
import hashlib
import json
import re
import time
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

from anyio.to_thread import run_sync
from eventsourcing.postgres import PostgresDatastore
from psycopg.sql import Identifier
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import IdempotencyKeyInUse, IdempotencyKeyReused, problem, problem_of
from api.limits import read_body, replay

POLL_SECONDS = 0.05
# A claim this old belongs to a request that died: another attempt may take it over.
STALE_CLAIM_SECONDS = 60.0
MAX_KEY_LENGTH = 255
WORKSPACE_PATH = re.compile(r"^/v1/workspaces/([^/]+)")

TABLE = """CREATE TABLE IF NOT EXISTS {table} (
    principal TEXT NOT NULL, idem_key TEXT NOT NULL, workspace_id TEXT, request TEXT NOT NULL,
    body_hash TEXT NOT NULL, claim_id TEXT NOT NULL, claimed_at DOUBLE PRECISION NOT NULL,
    status INTEGER, headers TEXT, body {blob}, PRIMARY KEY (principal, idem_key))"""
CLAIM = """INSERT INTO {table} (principal, idem_key, workspace_id, request, body_hash, claim_id, claimed_at)
    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (principal, idem_key) DO NOTHING RETURNING claim_id"""
TAKE_OVER = """UPDATE {table} SET claim_id = ?, claimed_at = ? WHERE principal = ? AND idem_key = ?
    AND request = ? AND body_hash = ? AND status IS NULL AND claimed_at < ? RETURNING claim_id"""
FIND = "SELECT request, body_hash, status, headers, body FROM {table} WHERE principal = ? AND idem_key = ?"
COMPLETE = """UPDATE {table} SET status = ?, headers = ?, body = ?
    WHERE principal = ? AND idem_key = ? AND claim_id = ?"""
RELEASE = "DELETE FROM {table} WHERE principal = ? AND idem_key = ? AND claim_id = ? AND status IS NULL"


@dataclass(frozen=True)
class Attempt:
    """One POST carrying an Idempotency-Key."""

    principal: str
    key: str
    workspace_id: str | None
    request: str
    body_hash: str

    @classmethod
    def of(cls, scope: Scope, key: str, body: bytes) -> "Attempt":
        headers = dict(scope["headers"])
        credentials = headers.get(b"x-api-key", b"") + b"\n" + headers.get(b"x-signup-token", b"")
        workspace = WORKSPACE_PATH.match(scope["path"])
        query = scope.get("query_string", b"").decode("latin-1")
        return cls(
            principal=hashlib.sha256(credentials).hexdigest(),
            key=key,
            workspace_id=workspace.group(1) if workspace else None,
            request=f"{scope['method']} {scope['path']}" + (f"?{query}" if query else ""),
            body_hash=_body_hash(body),
        )


def _body_hash(body: bytes) -> str:
    """The same JSON in another layout is the same body."""
    with contextlib.suppress(ValueError):  # not JSON: compare the bytes
        body = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(body).hexdigest()


@dataclass(frozen=True)
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


class IdempotencyStore:
    """The table of keys, on SQLite or PostgreSQL, next to the events."""

    def __init__(self, datastore: Any) -> None:
        self.datastore = datastore
        self.postgres = isinstance(datastore, PostgresDatastore)
        if self.postgres:
            self.table = f"{Identifier(datastore.schema).as_string()}.ledger_idempotency"
        else:
            self.table = "ledger_idempotency"
        self._execute(TABLE.format(table=self.table, blob="BYTEA" if self.postgres else "BLOB"), ())

    def _execute(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        sql = sql.format(table=self.table)
        with self.datastore.transaction(commit=True) as cursor:
            if self.postgres:
                cursor.execute(sql.replace("?", "%s").encode(), params)
                return list(cursor.fetchall()) if cursor.description else []
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    def begin(self, attempt: Attempt, wait_seconds: float) -> str | Answer:
        """A claim id to run the request under, or the answer of the first request."""
        deadline = time.monotonic() + wait_seconds
        while True:
            claim_id = self._claim(attempt)
            if claim_id is not None:
                return claim_id
            rows = self._execute(FIND, (attempt.principal, attempt.key))
            if not rows:
                continue  # released meanwhile: claim it again
            row = rows[0]
            if (row["request"], row["body_hash"]) != (attempt.request, attempt.body_hash):
                raise IdempotencyKeyReused("this Idempotency-Key was used with another request or body")
            if row["status"] is not None:
                headers = [(name, value) for name, value in json.loads(row["headers"])]
                return Answer(row["status"], headers, bytes(row["body"]))
            if time.monotonic() > deadline:
                raise IdempotencyKeyInUse("a request with this Idempotency-Key is still running: retry later")
            time.sleep(POLL_SECONDS)

    def _claim(self, attempt: Attempt) -> str | None:
        claim_id, now = uuid4().hex, time.time()
        a = attempt
        inserted = self._execute(
            CLAIM, (a.principal, a.key, a.workspace_id, a.request, a.body_hash, claim_id, now)
        )
        taken = inserted or self._execute(
            TAKE_OVER,
            (claim_id, now, a.principal, a.key, a.request, a.body_hash, now - STALE_CLAIM_SECONDS),
        )
        return claim_id if taken else None

    def complete(self, attempt: Attempt, claim_id: str, answer: Answer) -> None:
        headers = json.dumps(answer.headers)
        self._execute(
            COMPLETE, (answer.status, headers, answer.body, attempt.principal, attempt.key, claim_id)
        )

    def release(self, attempt: Attempt, claim_id: str) -> None:
        self._execute(RELEASE, (attempt.principal, attempt.key, claim_id))


class IdempotencyMiddleware:
    """Runs a POST with an Idempotency-Key once; retries get the stored answer."""

    def __init__(self, app: ASGIApp, wait_seconds: float) -> None:
        self.app = app
        self.wait_seconds = wait_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = dict(scope.get("headers", [])).get(b"idempotency-key")
        if scope["type"] != "http" or scope["method"] != "POST" or key is None:
            await self.app(scope, receive, send)
            return
        if not 0 < len(key) <= MAX_KEY_LENGTH:
            errors = {"header.Idempotency-Key": f"1 to {MAX_KEY_LENGTH} characters"}
            await problem(422, "validation-error", "invalid Idempotency-Key", errors=errors)(
                scope, receive, send
            )
            return
        body = await read_body(receive)
        attempt = Attempt.of(scope, key.decode("latin-1"), body)
        store: IdempotencyStore = scope["app"].state.idempotency
        try:
            outcome = await run_sync(store.begin, attempt, self.wait_seconds)
        except (IdempotencyKeyReused, IdempotencyKeyInUse) as error:
            await problem_of(error)(scope, receive, send)
            return
        if isinstance(outcome, Answer):
            await _send_answer(outcome, send, replayed=True)
            return
        answer = await self._run(scope, replay(body, receive), store, attempt, outcome)
        await _send_answer(answer, send, replayed=False)

    async def _run(
        self, scope: Scope, receive: Receive, store: IdempotencyStore, attempt: Attempt, claim_id: str
    ) -> Answer:
        """Run the request to the end, keep its answer if it succeeded, else free the key."""
        messages: list[Message] = []

        async def capture(message: Message) -> None:
            messages.append(message)

        kept = False
        try:
            await self.app(scope, receive, capture)
            start = messages[0]
            headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in start.get("headers", [])]
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            body = b"".join(m.get("body", b"") for m in messages[1:])
            answer = Answer(start["status"], headers, body)
            if 200 <= answer.status < 300:
                await run_sync(store.complete, attempt, claim_id, answer)
                kept = True
            return answer
        finally:
            if not kept:
                await run_sync(store.release, attempt, claim_id)


async def _send_answer(answer: Answer, send: Send, replayed: bool) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in answer.headers]
    headers.append((b"content-length", str(len(answer.body)).encode()))
    if replayed:
        headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})
