"""Request bodies over the configured size (413) or not UTF-8 (400) are refused before any route sees them."""

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import MalformedRequest, PayloadTooLarge, problem_of
from api.strict import require_utf8


async def read_body(receive: Receive, max_bytes: int | None = None) -> bytes:
    """The whole request body, refused as soon as it grows past `max_bytes`."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise ClientDisconnect()
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if max_bytes is not None and size > max_bytes:
            raise PayloadTooLarge(f"request bodies are limited to {max_bytes} bytes")
        if not message.get("more_body", False):
            return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    """A receive channel that yields `body` first, then whatever the client sends next."""
    sent = False

    async def receive_again() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive_again


class BodyLimitMiddleware:
    """Checks Content-Length, then counts the streamed body, and hands it on buffered."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        try:
            if declared is not None and not declared.isdigit():
                raise MalformedRequest("Content-Length must be a number")
            if declared is not None and int(declared) > self.max_bytes:
                raise PayloadTooLarge(f"request bodies are limited to {self.max_bytes} bytes")
            body = await read_body(receive, self.max_bytes)
            require_utf8(body, dict(scope["headers"]).get(b"content-type"))
        except (MalformedRequest, PayloadTooLarge) as error:
            await problem_of(error)(scope, receive, send)
            return
        except ClientDisconnect:
            return  # nobody is listening for an answer
        await self.app(scope, replay(body, receive), send)
