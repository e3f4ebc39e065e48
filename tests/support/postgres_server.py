"""A throwaway PostgreSQL 15 server for the test suite.

The suite starts its own server on a free loopback port so that tests never
depend on (or damage) a server that happens to run on the machine.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

DEFAULT_PG_BIN = "/usr/lib/postgresql/15/bin"
SERVER_USER = "postgres"  # OS user that owns the cluster when we run as root
ROLE = PASSWORD = DATABASE = "ledger"


def _pg_bin() -> Path:
    bin_dir = Path(os.environ.get("LEDGER_PG_BIN", DEFAULT_PG_BIN))
    if not (bin_dir / "initdb").is_file() or not (bin_dir / "pg_ctl").is_file():
        raise RuntimeError(
            f"PostgreSQL 15 binaries not found in {bin_dir} "
            "(set LEDGER_PG_BIN to override): run `ops/test`, which installs them."
        )
    return bin_dir


def _as_server_user(cmd: list[str]) -> list[str]:
    # initdb and pg_ctl refuse to run as root, so drop to the postgres user.
    if os.geteuid() != 0:
        return cmd
    if shutil.which("runuser"):
        return ["runuser", "-u", SERVER_USER, "--", *cmd]
    if shutil.which("su"):
        return ["su", SERVER_USER, "-c", shlex.join(cmd)]
    raise RuntimeError("running as root but neither runuser nor su exists to drop privileges")


def _run(cmd: list[str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    # cwd is the data dir: the postgres user may not be able to read the caller's cwd.
    done = subprocess.run(_as_server_user(cmd), cwd=cwd, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise RuntimeError(f"{shlex.join(cmd)} failed:\n{done.stdout}{done.stderr}")
    return done


def _free_port() -> int:
    # The port could be taken again before the server binds it; rare enough for tests.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _log_tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a private PostgreSQL 15 server; yield `postgresql://ledger:ledger@127.0.0.1:PORT/ledger`.

    The server is stopped and its data dir removed on exit, whatever happens.
    """
    bin_dir = _pg_bin()
    datadir = Path(tempfile.mkdtemp(prefix="ledger-pg-"))
    log = datadir / "log"
    pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(datadir)]
    try:
        if os.geteuid() == 0:
            shutil.chown(datadir, user=SERVER_USER, group=SERVER_USER)
        # --locale=C: the host's locale may be unset or not installed; C is always there.
        initdb_args = ["-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]
        _run([str(bin_dir / "initdb"), "-D", str(datadir), *initdb_args], datadir)
        port = _free_port()
        # Durability is pointless for throwaway data; turning it off makes tests fast.
        options = (
            f"-p {port} -k {datadir} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        started = _run([*pg_ctl, "-w", "-o", options, "start", "-l", str(log)], datadir, check=False)
        if started.returncode != 0:
            raise RuntimeError(
                f"PostgreSQL failed to start on port {port}:\n{started.stdout}{started.stderr}"
                f"\n--- server log tail ---\n{_log_tail(log)}"
            )
        admin_url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN SUPERUSER PASSWORD {}").format(
                    sql.Identifier(ROLE), sql.Literal(PASSWORD)
                )
            )
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(DATABASE), sql.Identifier(ROLE))
            )
        yield f"postgresql://{ROLE}:{PASSWORD}@127.0.0.1:{port}/{DATABASE}"
    finally:
        # check=False: the server may never have started; cleanup must not mask the real error.
        _run([*pg_ctl, "-m", "immediate", "stop"], datadir, check=False)
        shutil.rmtree(datadir, ignore_errors=True)


def create_database(url: str, name: str) -> str:
    """Create database `name` on the server behind `url`; return a URL that points at it."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return _with_database(url, name)
