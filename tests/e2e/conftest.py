"""Real `ledger` processes for end-to-end scenarios: started, awaited, always stopped."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from ledger.config import Settings

STARTUP_SECONDS = 60


@pytest.fixture
def ledger_exe() -> Path:
    """The installed `ledger` console script of the interpreter running the tests."""
    return Path(sys.executable).with_name("ledger")


@pytest.fixture
def ledger_env(settings: Settings) -> dict[str, str]:
    """This process's environment, pointed at the test's database (and without a signup token)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("LEDGER_")}
    env |= {
        "LEDGER_DATABASE_URL": settings.database_url,
        "LEDGER_DATABASE_SCHEMA": settings.database_schema,
        "LEDGER_DATABASE_POOL_SIZE": str(settings.database_pool_size),
    }
    return env


@pytest.fixture
def run_ledger(
    ledger_exe: Path, ledger_env: dict[str, str], tmp_path: Path
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `ledger <args>` to completion in the test's directory, on the test's database."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(ledger_exe), *args],
            cwd=tmp_path,
            env=ledger_env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_healthy(process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"ledger serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass  # not listening yet
        time.sleep(0.2)
    raise RuntimeError(f"ledger serve was not healthy within {STARTUP_SECONDS} s:\n{log.read_text()}")


@pytest.fixture
def server(ledger_exe: Path, ledger_env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    """`ledger serve` on a free port over the test's database; yields its base URL.

    The server's log is printed when it stops: pytest shows it for failing tests only.
    """
    port, log = _free_port(), tmp_path / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(ledger_exe), "serve", "--port", str(port)],
            cwd=tmp_path,
            env=ledger_env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        base_url = f"http://127.0.0.1:{port}"
        _wait_until_healthy(process, base_url, log)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        print(f"--- ledger serve log ---\n{log.read_text()}")
