"""Is there a ledger store where the settings point? Asked without creating one.

The `eventsourcing` library creates an SQLite file, and the tables in either database, when an
application opens. Commands that only read a store (history, projections, audits) ask here first,
so that a mistyped path or a command run from another folder fails naming where it looked,
instead of answering from a new, empty `ledger.db`.
"""

import sqlite3
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from ledger.config import Settings
from ledger.errors import LedgerError

SQLITE_EVENTS = "stored_events"
POSTGRES_EVENTS = "ledger_events"


class StoreMissing(LedgerError):
    """No ledger store where the settings point."""

    slug = "store-missing"


def displayed(url: str) -> str:
    """A database URL fit to print: the password hidden."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def sqlite_path(settings: Settings) -> Path:
    """The file of an SQLite store, absolute (relative paths are relative to this directory)."""
    return Path(settings.database_url.removeprefix("sqlite:///")).absolute()


def require_store(settings: Settings) -> None:
    """Raise `StoreMissing`, saying where it looked, unless a ledger store exists there."""
    hint = "set LEDGER_DATABASE_URL, or run the command where the store is"
    if not settings.is_postgres:
        path = sqlite_path(settings)
        if not path.is_file():
            raise StoreMissing(f"no ledger store at {path} (no such file; {hint})")
        try:
            sqlite = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
            try:
                found = sqlite.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (SQLITE_EVENTS,)
                ).fetchone()
            finally:
                sqlite.close()
        except sqlite3.DatabaseError as error:
            raise StoreMissing(f"{path} is not a ledger store: {error}") from None
        if found is None:
            raise StoreMissing(f"{path} is not a ledger store (it has no {SQLITE_EVENTS} table; {hint})")
        return
    where = f"schema {settings.database_schema} of {displayed(settings.database_url)}"
    try:
        with psycopg.connect(settings.database_url, connect_timeout=10) as postgres:
            [found] = postgres.execute(
                "SELECT to_regclass(%s) IS NOT NULL", (f'"{settings.database_schema}".{POSTGRES_EVENTS}',)
            ).fetchone() or (False,)
    except psycopg.Error as error:
        raise StoreMissing(f"cannot reach {where}: {error}".strip()) from None
    if not found:
        raise StoreMissing(f"no ledger store in {where} (no {POSTGRES_EVENTS} table; {hint})")
