"""Real `ledger` processes for the drills: started on loopback, awaited, killed, always stopped."""

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

STARTUP_SECONDS = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def ledger_exe() -> str:
    """The `ledger` console script beside the running interpreter."""
    return str(Path(sys.executable).with_name("ledger"))


def ledger_env(database_url: str, schema: str = "public", **extra: str) -> dict[str, str]:
    """This process's environment without LEDGER_* variables, pointed at one database."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("LEDGER_")}
    env |= {"LEDGER_DATABASE_URL": database_url, "LEDGER_DATABASE_SCHEMA": schema}
    return env | extra


@dataclass
class Process:
    """One child process with its log; `kill()` is SIGKILL, `stop()` a polite end."""

    args: list[str]
    env: dict[str, str]
    cwd: Path
    log: Path
    popen: subprocess.Popen[bytes] | None = None
    starts: int = 0

    def start(self) -> None:
        with self.log.open("ab") as sink:
            self.popen = subprocess.Popen(
                self.args, cwd=self.cwd, env=self.env, stdout=sink, stderr=subprocess.STDOUT
            )
        self.starts += 1

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self) -> None:
        if self.alive():
            assert self.popen is not None
            os.kill(self.popen.pid, signal.SIGKILL)
            self.popen.wait(10)

    def wait_dead(self, timeout: float) -> bool:
        assert self.popen is not None
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            return False
        return True

    def stop(self) -> None:
        if self.alive():
            assert self.popen is not None
            self.popen.terminate()
            try:
                self.popen.wait(15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(10)


@dataclass
class Server(Process):
    """`ledger serve` on a port of its own."""

    port: int = field(default_factory=free_port)

    @classmethod
    def of(
        cls,
        env: dict[str, str],
        cwd: Path,
        name: str = "serve",
        projections: bool = True,
        outbox: bool = True,
    ) -> "Server":
        """The server, with its in-process projections and e-mail worker unless told otherwise."""
        port = free_port()
        args = [ledger_exe(), "serve", "--port", str(port)]
        args += ([] if projections else ["--no-projections"]) + ([] if outbox else ["--no-outbox"])
        return cls(args=args, env=dict(env), cwd=cwd, log=cwd / f"{name}.log", port=port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start_healthy(self, may_die: bool = False) -> None:
        """Start, and return once healthy (or, if `may_die`, once it died by itself)."""
        self.start()
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if not self.alive():
                if may_die:
                    return
                raise RuntimeError(f"ledger serve exited:\n{self.log.read_text(errors='replace')[-3000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"ledger serve not healthy in {STARTUP_SECONDS} s")


def worker(env: dict[str, str], cwd: Path, name: str = "worker", job: str = "projections") -> Process:
    """`ledger projections run` (or `ledger outbox run`): a worker of one job."""
    return Process(args=[ledger_exe(), job, "run"], env=dict(env), cwd=cwd, log=cwd / f"{name}.log")
