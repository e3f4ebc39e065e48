"""A private PostgreSQL 15 server on loopback that a drill may restart under load."""

import contextlib
import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from drills.processes import free_port

PG_BIN = Path(os.environ.get("LEDGER_PG_BIN", "/usr/lib/postgresql/15/bin"))
SERVER_USER = "postgres"


def _as_server_user(cmd: list[str]) -> list[str]:
    # initdb and pg_ctl refuse to run as root.
    if os.geteuid() != 0:
        return cmd
    if shutil.which("runuser"):
        return ["runuser", "-u", SERVER_USER, "--", *cmd]
    return ["su", SERVER_USER, "-c", shlex.join(cmd)]


def _run(cmd: list[str], cwd: Path, timeout: float = 60) -> None:
    # No pipes: a server started by pg_ctl would inherit them and keep them open.
    done = subprocess.run(
        _as_server_user(cmd), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout
    )
    if done.returncode != 0:
        raise RuntimeError(f"{shlex.join(cmd)} failed with {done.returncode}")


@dataclass
class LocalPostgres:
    datadir: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _pg_ctl(self, *args: str) -> None:
        _run([str(PG_BIN / "pg_ctl"), "-D", str(self.datadir), *args], self.datadir)

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.datadir} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._pg_ctl("-w", "-o", options, "start", "-l", str(self.datadir / "log"))

    def restart(self) -> None:
        """`pg_ctl restart -m immediate`: every session is cut, as in a crash of the server."""
        self._pg_ctl("-w", "-m", "immediate", "restart", "-l", str(self.datadir / "log"))

    def stop(self) -> None:
        self._pg_ctl("-m", "immediate", "stop")

    def schema(self, name: str) -> str:
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{name}"')
        return name


@contextmanager
def local_postgres() -> Iterator[LocalPostgres]:
    """Start a throwaway server; stopped and removed on exit, whatever happens."""
    datadir = Path(tempfile.mkdtemp(prefix="ledger-drill-pg-"))
    if os.geteuid() == 0:
        shutil.chown(datadir, user=SERVER_USER, group=SERVER_USER)
    server = LocalPostgres(datadir, free_port())
    try:
        args = ["-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]
        _run([str(PG_BIN / "initdb"), "-D", str(datadir), *args], datadir)
        server.start()
        yield server
    finally:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            server.stop()  # unless it never started, or is gone already
        shutil.rmtree(datadir, ignore_errors=True)
