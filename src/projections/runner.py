"""Applying the event store's notifications to read models, in batches, exactly once.

Each batch of notifications is decoded once and applied to every model standing at the same
position, each model in one transaction with its tracking update. The library's stock runner
commits once per event (about 1,250 events/s measured here); batching is what makes rebuilds
fast. Notifications are read with the library's `select_notifications`, decoded with the
application's own mapper.
"""

import threading
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import replace
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Notification

from projections.batch import write
from projections.readmodel import ReadModel
from projections.store import ReadStore
from projections.tracking import (
    Generation,
    advance,
    generations,
    live,
    pending_generation,
    record_rate,
    swap_in,
)
from projections.waker import PROJECTED, Waker

BATCH_SIZE = 1000
IDLE_POLL_SECONDS = 0.1
CLAIM_RETRY_SECONDS = 2.0
Progress = Callable[[int, int], None]


class ProjectionsBehind(TimeoutError):
    """The read models did not reach the store's head in time."""


class Projector:
    """Keeps read models current with the event store, in batches."""

    def __init__(
        self,
        store: ReadStore,
        app: Application[Any],
        models: Sequence[ReadModel],
        waker: Waker | None = None,
    ) -> None:
        self.store = store
        self.app = app
        self.models = list(models)
        self.waker = waker or Waker(None)
        self._wake = threading.Event()
        # New events wake the loop at once; its idle poll stays as the fallback.
        self.waker.subscribe(events_channel(app), self._wake)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.error: BaseException | None = None

    def head(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def _read(
        self, after: int, models: Sequence[ReadModel], limit: int | None = None
    ) -> tuple[list[Notification], list[Any]]:
        """The next notifications, and the events among them that `models` follow, decoded.

        Decoding is most of a rebuild's cost, so events no model follows are not decoded at all
        (their notifications still move the position on).
        """
        # BATCH_SIZE is read at call time, so that a worker may be configured with smaller batches.
        size = BATCH_SIZE if limit is None else limit
        notes = list(self.app.recorder.select_notifications(after, size, inclusive_of_start=False))
        topics = set().union(*(model.topics() for model in models))
        decode = self.app.mapper.to_domain_event
        return notes, [decode(note) for note in notes if note.topic in topics]

    def apply(self, model: ReadModel, g: Generation, notes: list[Notification], events: list[Any]) -> bool:
        """Apply a batch to one generation of one model; False if another worker got there first."""
        started = time.perf_counter()
        names = model.table_names(g.generation)
        changes = [change for event in events for change in model.changes(event)]
        try:
            with self.store.transaction() as tx:
                if not advance(tx, g, notes[-1].id, len(notes)):
                    raise _Overtaken
                write(tx, changes, names)
                record_rate(tx, g, int(len(notes) / max(time.perf_counter() - started, 1e-6)))
                if self.store.dialect == "postgres":
                    tx.execute(f"NOTIFY {PROJECTED}")  # delivered at commit: readers waiting wake
        except _Overtaken:
            return False
        return True

    def catch_up(self, models: Sequence[ReadModel] | None = None) -> int:
        """Apply everything new to the live generation of `models`; the number of events applied."""
        applied = 0
        while True:
            standing: dict[int, list[tuple[ReadModel, Generation]]] = {}
            for model in models or self.models:
                g = live(self.store, model.name)
                standing.setdefault(g.position, []).append((model, g))
            batch_applied = 0
            for position, group in sorted(standing.items()):
                notes, events = self._read(position, [model for model, _ in group])
                if notes:
                    for model, g in group:
                        self.apply(model, g, notes, events)
                    batch_applied = max(batch_applied, len(notes))
            applied += batch_applied
            if batch_applied < BATCH_SIZE:
                return applied

    def rebuild(self, model: ReadModel, progress: Progress | None = None) -> int:
        """Replay every event into fresh tables, then swap them in; reads go on meanwhile.

        A rebuild that was interrupted (even killed) resumes its unfinished generation.
        """
        g = pending_generation(self.store, model)
        head = self.head()
        while True:
            notes, events = self._read(g.position, [model])
            if not notes:
                break
            if self.apply(model, g, notes, events):
                g = replace(g, position=notes[-1].id)
            else:
                g = next(x for x in generations(self.store, model.name) if x.generation == g.generation)
            if progress:
                progress(g.position, max(head, g.position))
        swap_in(self.store, model, g)
        return g.position

    # Running in the background: `ledger serve` in-process, or `ledger projections run`.

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self.run_forever, name="projections", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def join(self, timeout: float) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def run_forever(self) -> None:
        """Catch up, then poll; each model only while this process holds its lock."""
        with ExitStack() as held:
            mine: list[ReadModel] = []
            next_claim = 0.0
            while not self._stop.is_set():
                if len(mine) < len(self.models) and time.monotonic() >= next_claim:
                    mine += self._claim([m for m in self.models if m not in mine], held)
                    next_claim = time.monotonic() + CLAIM_RETRY_SECONDS
                try:
                    applied = self.catch_up(mine) if mine else 0
                    self.error = None
                except Exception as error:
                    self.error = error
                    applied = 0
                if not applied:
                    self._wake.wait(IDLE_POLL_SECONDS)
                    self._wake.clear()

    def _claim(self, models: list[ReadModel], held: ExitStack) -> list[ReadModel]:
        """The models whose lock this process gets; the locks stay held in `held`."""
        claimed = []
        for model in models:
            with ExitStack() as attempt:
                if attempt.enter_context(self.store.exclusive(model.name)):
                    held.push(attempt.pop_all())
                    claimed.append(model)
        return claimed

    def wait_until_current(self, timeout: float) -> None:
        """Wait until every model has processed the store's head as of now (read your writes)."""
        head = self.head()
        deadline = time.monotonic() + timeout
        pause = 0.002
        projected = threading.Event()
        self.waker.subscribe(PROJECTED, projected)
        try:
            while True:
                positions = [live(self.store, model.name).position for model in self.models]
                if min(positions, default=head) >= head:
                    return
                if time.monotonic() >= deadline:
                    raise ProjectionsBehind(f"read models are at {min(positions)}, the store at {head}")
                self._wake.set()
                projected.wait(pause)  # a batch projected elsewhere wakes this at once
                projected.clear()
                pause = min(pause * 2, 0.05)
        finally:
            self.waker.unsubscribe(PROJECTED, projected)


def events_channel(app: Application[Any]) -> str:
    """The channel the store NOTIFYs on every save (PostgreSQL; the library names it)."""
    return str(getattr(app.recorder, "channel_name", "ledger_events"))


class _Overtaken(Exception):
    """Another worker moved the position first: this batch must not commit."""
