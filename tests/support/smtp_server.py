"""A real SMTP server for tests (aiosmtpd on a free loopback port) that records what it accepts."""

import asyncio
import socket
import ssl
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any
from urllib.parse import quote

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Received:
    """One message the server accepted: its envelope, its parsed form, and how the session was set up."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage
    raw: bytes
    over_tls: bool
    authenticated_as: str | None


class RecordingHandler:
    """aiosmtpd handler: records accepted messages; answers chosen replies when told to."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._received: list[Received] = []
        self._data_replies: deque[str] = deque()
        self._refused: dict[str, str] = {}
        self._hang_next = 0
        self._released = asyncio.Event()
        self._stall_quit = 0
        self._quit_released = threading.Event()
        self.data_commands = 0
        self.stalled_quits = 0

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def answer_next(self, reply: str, times: int = 1) -> None:
        """The next `times` messages (after DATA) get `reply`, e.g. "451 4.3.0 try again later"."""
        with self._lock:
            self._data_replies.extend([reply] * times)

    def refuse_recipient(self, address: str, reply: str = "550 5.1.1 no such mailbox") -> None:
        """RCPT TO this address is answered with `reply`, every time."""
        with self._lock:
            self._refused[address.lower()] = reply

    def hang_next(self, times: int = 1) -> None:
        """The next `times` messages are read, then never answered (until the server stops)."""
        with self._lock:
            self._hang_next += times

    def stall_quit_next(self, times: int = 1) -> None:
        """The next `times` sessions get no answer to QUIT (their message already accepted) until
        `release_quits()`: the sender has handed the message over and not yet heard the goodbye."""
        with self._lock:
            self._stall_quit += times
            self._quit_released.clear()

    def release_quits(self) -> None:
        """Answer every stalled QUIT (and stall no more)."""
        with self._lock:
            self._stall_quit = 0
        self._quit_released.set()

    async def handle_QUIT(self, server: Any, session: Session, envelope: Envelope) -> str:
        with self._lock:
            stall = self._stall_quit > 0
            self._stall_quit -= int(stall)
            self.stalled_quits += int(stall)
        while stall and not self._quit_released.is_set():
            await asyncio.sleep(0.02)  # cancelled when the client goes away or the server stops
        return "221 Bye"

    async def handle_RCPT(
        self, server: Any, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        with self._lock:
            refusal = self._refused.get(address.lower())
        if refusal is not None:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        with self._lock:
            self.data_commands += 1
            hang = self._hang_next > 0
            self._hang_next -= int(hang)
            reply = self._data_replies.popleft() if self._data_replies and not hang else None
        if hang:
            await self._released.wait()  # cancelled when the server stops
        if reply is not None:
            return reply
        raw = envelope.original_content or b""
        login = session.auth_data.login if isinstance(session.auth_data, LoginPassword) else None
        received = Received(
            mail_from=envelope.mail_from or "",
            rcpt_tos=tuple(envelope.rcpt_tos),
            # Stored with local line ends, as a mailbox on this machine would keep it.
            message=message_from_bytes(raw.replace(b"\r\n", b"\n"), _class=EmailMessage, policy=default),
            raw=raw,
            over_tls=server.transport.get_extra_info("ssl_object") is not None,
            authenticated_as=login.decode() if login is not None else None,
        )
        with self._lock:
            self._received.append(received)
        return "250 2.0.0 accepted"


class _FreePortController(Controller):
    """Binds port 0 and learns the port the kernel chose before aiosmtpd checks the server is up."""

    def _trigger_server(self) -> None:
        assert isinstance(self.server, asyncio.Server)
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()  # type: ignore[no-untyped-call]


@dataclass
class SmtpServer:
    """A running test server: where it listens, what it received, and a URL to reach it."""

    host: str
    port: int
    handler: RecordingHandler
    implicit_tls: bool

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def url(
        self,
        *,
        user: str | None = None,
        password: str | None = None,
        starttls: bool = False,
        timeout: float = 5.0,
    ) -> str:
        """`smtp[s]://user:password@host:port?...`, user and password percent-encoded."""
        login = f"{quote(user, safe='')}:{quote(password or '', safe='')}@" if user is not None else ""
        scheme = "smtps" if self.implicit_tls else "smtp"
        options = f"timeout={timeout:g}" + ("&starttls=true" if starttls else "")
        return f"{scheme}://{login}{self.host}:{self.port}?{options}"


@contextmanager
def running_smtp_server(
    *,
    tls_context: ssl.SSLContext | None = None,
    implicit_tls: bool = False,
    credentials: tuple[str, str] | None = None,
    port: int = 0,
) -> Iterator[SmtpServer]:
    """An aiosmtpd server on a free loopback port (or `port`); with `credentials`, AUTH is required
    (after STARTTLS)."""
    handler = RecordingHandler()
    options: dict[str, Any] = {"server_hostname": "smtp.test", "ready_timeout": 10.0}
    if tls_context is not None and implicit_tls:
        options["ssl_context"] = tls_context
    elif tls_context is not None:
        options.update(tls_context=tls_context, require_starttls=True)
    if credentials is not None:
        options.update(
            authenticator=_authenticator(*credentials),
            auth_required=True,
            auth_require_tls=tls_context is not None,
        )
    controller = _FreePortController(handler, hostname=LOOPBACK, port=port, **options)
    controller.start()
    try:
        yield SmtpServer(LOOPBACK, controller.port, handler, implicit_tls)
    finally:
        controller.stop()


def _authenticator(user: str, password: str) -> Any:
    expected = (user.encode(), password.encode())

    def authenticate(
        server: Any, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == expected
        return AuthResult(success=ok, handled=False, auth_data=data if ok else None)

    return authenticate


@contextmanager
def silent_server() -> Iterator[int]:
    """A loopback port where connections are accepted (by the kernel) and then nothing is ever said."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind((LOOPBACK, 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def closed_port() -> int:
    """A loopback port nobody listens on: connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


@contextmanager
def hang_up_server() -> Iterator[int]:
    """A loopback port where each connection is greeted, then dropped before any command is answered."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind((LOOPBACK, 0))
    listener.listen(8)
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                connection.sendall(b"220 smtp.test ESMTP\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()
