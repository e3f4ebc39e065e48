"""A real `ledger serve` process on a free loopback port: started, awaited, measured, always stopped."""

import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import product
from harness import Env

STARTUP_SECONDS = 90
CURRENT_SECONDS = 300


def free_port() -> int:
    """A port free now, below the ephemeral range that every other `bind(0)` on the machine draws from."""
    for _ in range(100):
        port = random.randrange(20_000, 30_000)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 20000 and 30000")


class PortTaken(RuntimeError):
    """Another process answered on the port the server was to listen on."""


def _listeners(port: int) -> set[str]:
    """Socket inodes listening on `port` (state 0A is LISTEN in /proc/net/tcp)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                found.add(fields[9])
    return found


def _sockets(pid: int) -> set[str]:
    found = set()
    for fd in Path(f"/proc/{pid}/fd").glob("*"):
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            found.add(target[8:-1])
    return found


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(child) for child in task.read_text().split()]
        except OSError:
            continue  # the task ended meanwhile
    return found


def _peak_rss_mb(pid: int) -> float:
    """VmHWM: the kernel's record of the process's peak resident set size."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Server:
    """`ledger serve [--workers N]` over the scenario's database, logging to the work folder."""

    def __init__(self, env: Env, workers: int = 1) -> None:
        self.env = env
        self.workers = workers
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log = env.path / f"serve-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> "Server":
        for _ in range(3):
            try:
                return self._start()
            except PortTaken:
                self.port = free_port()
                self.base_url = f"http://127.0.0.1:{self.port}"
                self.log = self.env.path / f"serve-{self.port}.log"
        raise RuntimeError("three ports in a row were taken by other processes")

    def _start(self) -> "Server":
        environ = {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")}
        environ |= product.serve_env(self.env.settings)
        exe = str(Path(sys.executable).with_name("ledger"))
        with self.log.open("wb") as sink:
            self.process = subprocess.Popen(
                product.serve_command(exe, self.port, self.workers),
                cwd=self.env.workdir,
                env=environ,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        try:
            self._wait_healthy()
        except BaseException:
            self._stop()
            raise
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._stop()

    def _wait_healthy(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                if "address already in use" in self.tail().lower():
                    raise PortTaken(f"port {self.port} was taken before the server bound it")
                raise RuntimeError(f"ledger serve exited with {self.process.returncode}:\n{self.tail()}")
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=1.0).status_code == 200:
                    if not _listeners(self.port) & set().union(*map(_sockets, self._pids())):
                        # Someone else's server answered: ours could not bind the port (a race).
                        raise PortTaken(f"port {self.port} is another process's")
                    return
            except httpx.TransportError:
                pass  # not listening yet
            time.sleep(0.2)
        raise RuntimeError(f"ledger serve was not healthy within {STARTUP_SECONDS} s:\n{self.tail()}")

    def _stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def _pids(self) -> list[int]:
        """The server's process and its descendants (uvicorn's workers)."""
        assert self.process is not None
        pids, seen = [self.process.pid], []
        while pids:
            pid = pids.pop()
            seen.append(pid)
            pids += _children(pid)
        return seen

    def peak_rss_mb(self) -> float:
        """The largest peak RSS among the server's processes (its workers' with --workers N)."""
        return max(_peak_rss_mb(pid) for pid in self._pids())

    def client(self, ws: product.Workspace, timeout: float = 600) -> httpx.Client:
        """A client of the workspace's API, as its owner."""
        return httpx.Client(
            base_url=product.api_base(self.base_url, ws), headers=product.http_headers(ws), timeout=timeout
        )


def wait_current(client: httpx.Client) -> None:
    """Until the read models have caught up with every write (reports answer 503 meanwhile)."""
    deadline = time.monotonic() + CURRENT_SECONDS
    while time.monotonic() < deadline:
        response = client.get(product.http_report_page(1))
        if response.status_code == 200:
            return
        if response.status_code != 503:
            raise RuntimeError(f"report answered {response.status_code}: {response.text[:300]}")
    raise RuntimeError(f"read models not current within {CURRENT_SECONDS} s")


def ok(response: httpx.Response, *statuses: int) -> Any:
    """The response's JSON, or a clear error when the product answered otherwise."""
    if response.status_code not in (statuses or (200,)):
        raise RuntimeError(
            f"{response.request.method} {response.request.url} -> {response.status_code}: "
            f"{response.text[:500]}"
        )
    return response.json() if response.headers.get("content-type", "").endswith("json") else None
