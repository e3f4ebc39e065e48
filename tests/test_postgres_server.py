"""The suite's own PostgreSQL server: it works, and it leaves nothing behind."""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from support.postgres_server import create_database, throwaway_postgres


@pytest.mark.postgres
def test_a_throwaway_server_accepts_connections_and_is_gone_afterwards() -> None:
    with throwaway_postgres() as url:
        port = urlsplit(url).port
        assert port is not None
        with psycopg.connect(url) as conn:
            version = conn.execute("select version()").fetchone()
            data_directory = conn.execute("show data_directory").fetchone()
        assert version is not None and version[0].startswith("PostgreSQL 15")
        assert data_directory is not None
        datadir = Path(data_directory[0])
        assert datadir.is_dir()

        # Tests may ask for fresh databases on the same server.
        other = create_database(url, "ledger_other")
        with psycopg.connect(other) as conn:
            row = conn.execute("select current_database()").fetchone()
        assert row == ("ledger_other",)

    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    assert not datadir.exists()
