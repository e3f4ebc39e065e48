"""A bounded load generator: open loop at a fixed rate, or N closed-loop writers, for a fixed time.

Open loop: request i is due at start + i / rate whatever happened to the others, and its
latency is measured from that due time, not from when it was actually sent. A server (or a
generator) that falls behind therefore shows its queueing in the figures instead of quietly
sending less (no coordinated omission). The run sends exactly rate × duration requests, then
waits for the stragglers up to a timeout; what fails or times out is counted as an error.

`python load.py trivial PORT` serves a fixed answer on loopback: the generator's own ceiling
and latency floor are measured against it.
"""

import asyncio
import json
import math
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import httpx

# (method, path, JSON body or None)
Request = tuple[str, str, dict[str, Any] | None]
MAX_CONNECTIONS = 256


@dataclass
class LoadResult:
    """What one load run saw: latencies of the successful requests, and the errors."""

    sent: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

    def percentile(self, p: float) -> float:
        """The p-th percentile (nearest rank) of the latencies, in ms."""
        if not self.latencies_ms:
            return math.inf
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]

    @property
    def throughput(self) -> float:
        """Successful requests per second."""
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "sent": self.sent,
            "ok": len(self.latencies_ms),
            "errors": self.errors,
            "p50_ms": self.percentile(50),
            "p90_ms": self.percentile(90),
            "p99_ms": self.percentile(99),
            "max_ms": max(self.latencies_ms, default=math.inf),
            "mean_ms": statistics.fmean(self.latencies_ms) if self.latencies_ms else math.inf,
            "throughput": self.throughput,
            "statuses": self.statuses,
        }


class RawClient:
    """HTTP/1.1 over keep-alive loopback connections, at most `connections` at once.

    httpx is the slow part of a Python load generator (measured against the trivial endpoint:
    see BENCHMARKS.md), so requests are written and answers parsed by hand: status line,
    headers, a body by Content-Length or chunked.
    """

    def __init__(self, base_url: str, headers: dict[str, str], connections: int, timeout: float) -> None:
        url = urlsplit(base_url)
        self.host, self.port, self.prefix = url.hostname or "127.0.0.1", url.port or 80, url.path
        self.headers = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        self.timeout = timeout
        self.slots = asyncio.Semaphore(connections)
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def request(self, method: str, path: str, body: dict[str, Any] | None) -> int:
        """The answer's status; raises OSError, TimeoutError or IncompleteReadError."""
        async with self.slots:
            reader, writer = (
                self.idle.pop() if self.idle else await asyncio.open_connection(self.host, self.port)
            )
            try:
                status, reuse = await asyncio.wait_for(
                    self._exchange(reader, writer, method, path, body), self.timeout
                )
            except BaseException:
                writer.close()
                raise
            if reuse:
                self.idle.append((reader, writer))
            else:
                writer.close()
            return status

    async def _exchange(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        method: str,
        path: str,
        body: dict[str, Any] | None,
    ) -> tuple[int, bool]:
        payload = b"" if body is None else json.dumps(body).encode()
        kind = "Content-Type: application/json\r\n" if body is not None else ""
        head = (
            f"{method} {self.prefix}{path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{self.headers}"
            f"{kind}Content-Length: {len(payload)}\r\n\r\n"
        )
        writer.write(head.encode() + payload)
        lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        fields = dict(line.lower().split(":", 1) for line in lines[1:] if ":" in line)
        if "content-length" in fields:
            await reader.readexactly(int(fields["content-length"]))
        elif "chunked" in fields.get("transfer-encoding", ""):
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                await reader.readexactly(size + 2)
            await reader.readuntil(b"\r\n")
        return status, "close" not in fields.get("connection", "")

    async def close(self) -> None:
        for _, writer in self.idle:
            writer.close()


async def _send(client: RawClient, request: Request, result: LoadResult) -> bool:
    try:
        code = await client.request(*request)
        status, good = str(code), code < 400
    except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as error:
        status, good = type(error).__name__, False
    result.statuses[status] = result.statuses.get(status, 0) + 1
    if not good:
        result.errors += 1
    return good


async def _open_loop(
    base_url: str,
    headers: dict[str, str],
    make: Callable[[int], Request],
    rate: float,
    duration: float,
    timeout: float,
) -> LoadResult:
    count = max(1, round(rate * duration))
    result = LoadResult(sent=count, seconds=duration)
    loop = asyncio.get_running_loop()
    client = RawClient(base_url, headers, MAX_CONNECTIONS, timeout)
    try:

        async def one(request: Request, due: float) -> None:
            if await _send(client, request, result):
                result.latencies_ms.append(1000 * (loop.time() - due))

        start = loop.time() + 0.05
        tasks = []
        for i in range(count):
            due = start + i / rate
            request = make(i)  # built before the wait, so building it never delays the send
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(request, due)))
        _, pending = await asyncio.wait(tasks, timeout=timeout + 5)
        for task in pending:  # bounded: whatever is still out is an error, not a wait
            task.cancel()
        result.errors += len(pending)
        result.seconds = loop.time() - start  # to the last answer: what the server really sustained
    finally:
        await client.close()
    return result


async def _closed_loop(
    base_url: str,
    headers: dict[str, str],
    make: Callable[[int], Request],
    writers: int,
    duration: float,
    timeout: float,
) -> LoadResult:
    result = LoadResult(sent=0, seconds=duration)
    loop = asyncio.get_running_loop()
    counter = iter(range(sys.maxsize))
    client = RawClient(base_url, headers, writers, timeout)
    try:
        end = loop.time() + duration

        async def writer() -> None:
            while loop.time() < end:
                request = make(next(counter))
                result.sent += 1
                sent = loop.time()
                if await _send(client, request, result):
                    result.latencies_ms.append(1000 * (loop.time() - sent))

        await asyncio.wait_for(asyncio.gather(*(writer() for _ in range(writers))), duration + timeout + 5)
    finally:
        await client.close()
    return result


def open_loop(
    base_url: str,
    headers: dict[str, str],
    make: Callable[[int], Request],
    rate: float,
    duration: float,
    timeout: float = 10.0,
) -> LoadResult:
    """`rate` requests per second for `duration` seconds, latency from each request's due time."""
    return asyncio.run(_open_loop(base_url, headers, make, rate, duration, timeout))


def closed_loop(
    base_url: str,
    headers: dict[str, str],
    make: Callable[[int], Request],
    writers: int,
    duration: float,
    timeout: float = 10.0,
) -> LoadResult:
    """`writers` clients each sending the next request as soon as the last one is answered."""
    return asyncio.run(_closed_loop(base_url, headers, make, writers, duration, timeout))


# The trivial endpoint: a fixed answer, as cheap as a server gets.

ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"


async def _answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            writer.write(ANSWER)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def _serve_trivial(port: int) -> None:
    server = await asyncio.start_server(_answer, "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()


class TrivialServer:
    """The trivial endpoint in a process of its own, on a free port."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> "TrivialServer":
        self.process = subprocess.Popen([sys.executable, __file__, "trivial", str(self.port)])
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(self.base_url, timeout=1.0)
                return self
            except httpx.TransportError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("the trivial endpoint did not start")

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)


if __name__ == "__main__":
    if sys.argv[1:2] == ["trivial"]:
        asyncio.run(_serve_trivial(int(sys.argv[2])))
