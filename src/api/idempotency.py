"""`Idempotency-Key` on POSTs (SPEC §10): the key, the write and its answer commit together.

A POST with a key runs like this:
1. a live answer recorded under (caller, key) is replayed at once (422 if it answered another
   request or body);
2. otherwise the key is claimed (`Claims`): a second request with the key while the first runs is
   409 `idempotency-key-in-use` at once, and a claim dies with its process, so a crash never
   leaves a key blocked;
3. the request runs with an `AnswerHook` installed: the save that records its events renders the
   answer (status, headers, body, from the use case's view through the route's own response
   model) and writes it in the same transaction (`ledger.persistence.answers`);
4. the answer that was committed is what is sent, byte for byte what a retry will replay.

A retry after a crash therefore finds either nothing (the write never committed; it runs once
now) or the answer (the write committed once; it never runs again). Requests that record nothing
(reads, refused writes, dry runs) store nothing. Keys are scoped to the caller (a hash of its
credentials), expire after `LEDGER_IDEMPOTENCY_TTL_HOURS`, and are stored hashed.
"""

import contextlib
import hashlib
import json
import os
import re
import signal
import time
from dataclasses import dataclass, field
from uuid import uuid4

from anyio.to_thread import run_sync
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.claims import Claims
from api.errors import IdempotencyKeyInUse, IdempotencyKeyReused, problem, problem_of
from api.faults import database_problem, is_database_fault
from api.limits import read_body, replay
from ledger.persistence.answers import AnswerTaken, RecordAnswer, RequestKey, StoredAnswer
from ledger.persistence.index import LedgerIndex
from ledger.persistence.sql import SideWriter
from ledger.usecases.answering import answering
from ledger.views import Versioned

MAX_KEY_LENGTH = 255
PRUNE_EVERY_SECONDS = 3600.0
WORKSPACE_PATH = re.compile(r"^/v1/workspaces/([^/]+)")
# Test-only fault: the Nth answer committed in this process kills it before the answer is sent.
KILL_AFTER_COMMIT = "LEDGER_FAULT_KILL_AFTER_COMMIT"


def request_key(scope: Scope, key: str, body: bytes, ttl_seconds: float) -> RequestKey:
    """Who asks (a hash of the credentials), under which key, and the request's fingerprint."""
    headers = dict(scope["headers"])
    credentials = headers.get(b"x-api-key", b"") + b"\n" + headers.get(b"x-signup-token", b"")
    query = scope.get("query_string", b"").decode("latin-1")
    request = f"{scope['method']} {scope['path']}" + (f"?{query}" if query else "")
    return RequestKey(
        principal=hashlib.sha256(credentials).hexdigest(),
        key=key,
        fingerprint=f"{request}\n{_body_hash(body)}",
        ttl_seconds=ttl_seconds,
    )


def _body_hash(body: bytes) -> str:
    """The same JSON in another layout is the same body."""
    with contextlib.suppress(ValueError):  # not JSON: compare the bytes
        body = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(body).hexdigest()


@dataclass(frozen=True)
class Answer:
    """An HTTP answer as stored: status, headers (without Content-Length) and body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def encode(self) -> bytes:
        return json.dumps({"status": self.status, "headers": self.headers}).encode() + b"\n" + self.body

    @classmethod
    def decode(cls, data: bytes) -> "Answer":
        head, _, body = data.partition(b"\n")
        meta = json.loads(head)
        return cls(meta["status"], [(k, v) for k, v in meta["headers"]], body)


def render(route: APIRoute, answer: object) -> Answer:
    """The answer as the route sends it: its status, its response model's JSON, the view's ETag."""
    if isinstance(answer, list):
        answer = {"items": answer}  # the API's shape of a list of resources (`Items`)
    field_ = route.response_field
    if field_ is None:
        raise TypeError(f"route {route.path} has no response model to render its answer with")
    value, errors = field_.validate(answer, {}, loc=("response",))
    if errors:
        raise TypeError(f"the answer of {route.path} does not fit its response model: {errors}")
    body = field_.serialize_json(
        value,
        include=route.response_model_include,
        exclude=route.response_model_exclude,
        by_alias=route.response_model_by_alias,
        exclude_unset=route.response_model_exclude_unset,
        exclude_defaults=route.response_model_exclude_defaults,
        exclude_none=route.response_model_exclude_none,
    )
    headers = [("content-type", "application/json")]
    if isinstance(answer, Versioned):
        headers.append(("etag", f'"{answer.version}"'))
    return Answer(route.status_code or 200, headers, body)


@dataclass
class HttpAnswers:
    """The answer hook of one request: renders the use case's view for the matched route."""

    scope: Scope
    request: RequestKey
    nonce: str = field(default_factory=lambda: uuid4().hex)
    rendered: dict[int, Answer] = field(default_factory=dict)
    answer: Answer | None = None

    def writer(self, answer: object) -> SideWriter:
        route = self.scope.get("route")
        if not isinstance(route, APIRoute):
            raise TypeError("an answer can only be rendered once a route has matched")
        rendered = render(route, answer)
        writer = RecordAnswer(self.request, self.nonce, rendered.encode())
        self.rendered[id(writer)] = rendered
        return writer

    def committed(self, writer: SideWriter) -> None:
        self.answer = self.rendered[id(writer)]


class IdempotencyMiddleware:
    """Runs a POST with an Idempotency-Key at most once; retries get the committed answer."""

    def __init__(self, app: ASGIApp, ttl_seconds: float) -> None:
        self.app = app
        self.ttl_seconds = ttl_seconds
        self.committed = 0
        self._pruned_at = time.monotonic()  # the app prunes once at start-up

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", []))
        key = headers.get(b"idempotency-key")
        # A workspace's route without a key is refused (401) and records nothing: no claim needed.
        anonymous = WORKSPACE_PATH.match(scope.get("path", "")) is not None and b"x-api-key" not in headers
        if scope["type"] != "http" or scope["method"] != "POST" or key is None or anonymous:
            await self.app(scope, receive, send)
            return
        if not 0 < len(key) <= MAX_KEY_LENGTH:
            errors = {"header.Idempotency-Key": f"1 to {MAX_KEY_LENGTH} characters"}
            await problem(422, "validation-error", "invalid Idempotency-Key", errors=errors)(
                scope, receive, send
            )
            return
        body = await read_body(receive)
        request = request_key(scope, key.decode("latin-1"), body, self.ttl_seconds)
        index: LedgerIndex = scope["app"].state.ledger.index
        claims: Claims = scope["app"].state.claims
        try:
            stored = await run_sync(index.answer, request)
            if stored is not None:
                await _send(_replayed(stored, request), send, replayed=True)
                return
            if not await run_sync(claims.claim, request):
                raise IdempotencyKeyInUse("a request with this Idempotency-Key is still running: retry later")
        except (IdempotencyKeyReused, IdempotencyKeyInUse) as error:
            await problem_of(error)(scope, receive, send)
            return
        except Exception as error:
            if not is_database_fault(error):
                raise
            await database_problem(error)(scope, receive, send)
            return
        try:
            await self._run(scope, replay(body, receive), send, request)
        finally:
            await run_sync(claims.release, request)
        if time.monotonic() - self._pruned_at > PRUNE_EVERY_SECONDS:
            self._pruned_at = time.monotonic()
            try:
                await run_sync(index.prune_answers, self.ttl_seconds)
            except Exception as error:
                if not is_database_fault(error):
                    raise  # a database away only delays the housekeeping

    async def _run(self, scope: Scope, receive: Receive, send: Send, request: RequestKey) -> None:
        hook = HttpAnswers(scope, request)
        messages: list[Message] = []

        async def capture(message: Message) -> None:
            messages.append(message)

        try:
            with answering(hook):
                await self.app(scope, receive, capture)
        except AnswerTaken as taken:
            # Another attempt with this key committed first (another process, or a lost ack):
            # this one rolled back whole, and answers as the first did.
            try:
                await _send(_replayed(taken.stored, request), send, replayed=True)
            except IdempotencyKeyReused as error:
                await problem_of(error)(scope, receive, send)
            return
        if hook.answer is not None:
            self._after_commit()
            await _send(hook.answer, send, replayed=False)
            return
        for message in messages:
            await send(message)

    def _after_commit(self) -> None:
        self.committed += 1
        if os.environ.get(KILL_AFTER_COMMIT) == str(self.committed):
            os.kill(os.getpid(), signal.SIGKILL)


def _replayed(stored: StoredAnswer, request: RequestKey) -> Answer:
    if stored.fingerprint != request.fingerprint:
        raise IdempotencyKeyReused("this Idempotency-Key was used with another request or body")
    return Answer.decode(stored.answer)


async def _send(answer: Answer, send: Send, replayed: bool) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in answer.headers]
    headers.append((b"content-length", str(len(answer.body)).encode()))
    if replayed:
        headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})
