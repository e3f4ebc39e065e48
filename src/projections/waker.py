"""Waking log followers at once on PostgreSQL: `LISTEN` for the store's `NOTIFY`s.

Every save on PostgreSQL sends `NOTIFY <events table>` in its transaction (the library does), so
the notification arrives when the events are committed; every batch a projector applies sends
`NOTIFY ledger_projected` likewise. A `Waker` holds one listening connection per process and sets
the `threading.Event`s that followers subscribed to a channel: the projection runner waits on one
for new events, the API's read-your-writes wait on one for projected events, and any other
follower of the log (the e-mail outbox) may subscribe its own. Followers keep their short poll as
a fallback (a notification is lost while the listener reconnects), so the waker only ever makes
them sooner, never necessary. On SQLite there is no NOTIFY: `Waker(None)` wakes nobody.
"""

import logging
import os
import select
import threading
from collections import defaultdict
from collections.abc import Iterable

import psycopg
from psycopg.sql import SQL, Identifier

PROJECTED = "ledger_projected"
RECONNECT_SECONDS = 1.0
LISTEN_TIMEOUT_SECONDS = 5.0
STOP_SECONDS = 2.0
log = logging.getLogger("projections.waker")


class Waker:
    """One LISTEN connection that sets the events subscribed to its channels."""

    def __init__(self, conninfo: str | None, channels: Iterable[str] = ()) -> None:
        self.conninfo = conninfo
        self.channels = tuple(dict.fromkeys([*channels, PROJECTED]))
        self._subscribers: dict[str, set[threading.Event]] = defaultdict(set)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # Written to by `stop`: the listener waits on it beside its connection, so it stops at once.
        self._interrupt: tuple[int, int] | None = None
        self.listening = threading.Event()

    @property
    def active(self) -> bool:
        return self.conninfo is not None

    def subscribe(self, channel: str, event: threading.Event) -> None:
        """Set `event` whenever `channel` is notified (and after every reconnection)."""
        with self._lock:
            self._subscribers[channel].add(event)

    def unsubscribe(self, channel: str, event: threading.Event) -> None:
        with self._lock:
            self._subscribers[channel].discard(event)

    def start(self) -> None:
        if self.conninfo is not None and self._thread is None:
            self._stop.clear()
            self._interrupt = os.pipe()
            self._thread = threading.Thread(target=self._listen, args=(self._interrupt[0],), daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._interrupt is not None:
            os.write(self._interrupt[1], b"x")
            self._thread.join(STOP_SECONDS)
            for fd in self._interrupt:
                os.close(fd)
            self._thread, self._interrupt = None, None

    def _wake(self, channels: Iterable[str]) -> None:
        with self._lock:
            events = [event for channel in channels for event in self._subscribers[channel]]
        for event in events:
            event.set()

    def _listen(self, interrupt: int) -> None:
        assert self.conninfo is not None
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True, connect_timeout=2) as conn:
                    for channel in self.channels:
                        conn.execute(SQL("LISTEN {}").format(Identifier(channel)))
                    self.listening.set()
                    self._wake(self.channels)  # anything sent while not listening is caught up
                    while not self._stop.is_set():
                        ready, _, _ = select.select(
                            [conn.fileno(), interrupt], [], [], LISTEN_TIMEOUT_SECONDS
                        )
                        if conn.fileno() in ready:  # notifications, or a connection lost (raises)
                            for notify in conn.notifies(timeout=0):
                                self._wake([notify.channel])
            except psycopg.Error as error:
                self.listening.clear()
                log.warning("waker lost its connection (%s); followers poll until it is back", error)
                self._stop.wait(RECONNECT_SECONDS)
