"""Fixtures shared by every layer: the same scenarios run on SQLite and on PostgreSQL."""

from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest

from ledger.application import Ledger, open_ledger
from ledger.config import Settings
from support.en16931 import Validator
from support.postgres_server import throwaway_postgres


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One throwaway server for the whole run, started and stopped by the suite itself."""
    with throwaway_postgres() as url:
        yield url


def fresh_schema(postgres_url: str) -> str:
    """A schema of its own, so every test starts from an empty store."""
    schema = f"t_{uuid4().hex[:16]}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return schema


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings of an empty store on each backend."""
    if request.param == "sqlite":
        return Settings(database_url=f"sqlite:///{tmp_path / 'ledger.db'}")
    url = request.getfixturevalue("postgres_url")
    return Settings(database_url=url, database_schema=fresh_schema(url), database_pool_size=4)


@pytest.fixture
def ledger(settings: Settings) -> Iterator[Ledger]:
    app = open_ledger(settings)
    yield app
    app.close()


@pytest.fixture(scope="session")
def en16931() -> Iterator[Validator]:
    """The official EN 16931 schematron and the XSDs, compiled once per test session."""
    yield Validator()
