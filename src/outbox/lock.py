"""One active outbox worker per store: whoever holds this lock sends; the others stand by.

PostgreSQL: a session advisory lock on a connection of its own (the read store's `exclusive`).
SQLite: an exclusive `flock` on a file beside the database. Both are released by the operating
system or the server when the holder dies, even by SIGKILL, so a standby takes over.
"""

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ledger.config import Settings
from projections.store import ReadStore

LOCK_NAME = "outbox"


def sqlite_lock_path(settings: Settings) -> Path:
    """The lock file of an SQLite store: `<database>.outbox.lock`."""
    return Path(settings.database_url.removeprefix("sqlite:///") + ".outbox.lock")


@contextmanager
def worker_lock(settings: Settings, store: ReadStore) -> Iterator[bool]:
    """True while this worker alone may send; False if another holds the lock (try again later)."""
    if settings.is_postgres:
        with store.exclusive(LOCK_NAME) as held:
            yield bool(held)
        return
    descriptor = os.open(sqlite_lock_path(settings), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
