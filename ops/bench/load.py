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
import math
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

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


def _client(base_url: str, headers: dict[str, str], connections: int, timeout: float) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx.AsyncClient(base_url=base_url, headers=headers, limits=limits, timeout=timeout)


async def _send(client: httpx.AsyncClient, request: Request, result: LoadResult) -> bool:
    method, path, body = request
    try:
        response = await client.request(method, path, json=body)
        status = str(response.status_code)
        good = response.status_code < 400
    except httpx.HTTPError as error:
        status, good = type(error).__name__, False
    result.statuses[status] = result.statuses.get(status, 0) + 1
    if not good:
        result.errors += 1
    return good


async def _open_loop(
    base_url: str, headers: dict[str, str], make: Callable[[int], Request], rate: float, duration: float,
    timeout: float,
) -> LoadResult:  # fmt: skip
    count = max(1, round(rate * duration))
    result = LoadResult(sent=count, seconds=duration)
    loop = asyncio.get_running_loop()
    async with _client(base_url, headers, MAX_CONNECTIONS, timeout) as client:

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
    return result


async def _closed_loop(
    base_url: str, headers: dict[str, str], make: Callable[[int], Request], writers: int, duration: float,
    timeout: float,
) -> LoadResult:  # fmt: skip
    result = LoadResult(sent=0, seconds=duration)
    loop = asyncio.get_running_loop()
    counter = iter(range(sys.maxsize))
    async with _client(base_url, headers, writers, timeout) as client:
        end = loop.time() + duration

        async def writer() -> None:
            while loop.time() < end:
                request = make(next(counter))
                result.sent += 1
                sent = loop.time()
                if await _send(client, request, result):
                    result.latencies_ms.append(1000 * (loop.time() - sent))

        await asyncio.wait_for(asyncio.gather(*(writer() for _ in range(writers))), duration + timeout + 5)
    return result


def open_loop(
    base_url: str, headers: dict[str, str], make: Callable[[int], Request], rate: float, duration: float,
    timeout: float = 10.0,
) -> LoadResult:  # fmt: skip
    """`rate` requests per second for `duration` seconds, latency from each request's due time."""
    return asyncio.run(_open_loop(base_url, headers, make, rate, duration, timeout))


def closed_loop(
    base_url: str, headers: dict[str, str], make: Callable[[int], Request], writers: int, duration: float,
    timeout: float = 10.0,
) -> LoadResult:  # fmt: skip
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
