"""LISTEN/NOTIFY wakes the followers of the log at once; polling stays as the fallback."""

import threading
from collections.abc import Iterator

import pytest

from ledger.application import Ledger
from ledger.config import Settings
from projections import ReadModels, runner
from projections.runner import events_channel
from projections.waker import PROJECTED, Waker
from support.world import given_world

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_settings(settings: Settings) -> Settings:
    if not settings.is_postgres:
        pytest.skip("SQLite has no NOTIFY: its followers poll")
    return settings


@pytest.fixture
def waker(pg_settings: Settings, ledger: Ledger) -> Iterator[Waker]:
    waker = Waker(pg_settings.database_url, [events_channel(ledger)])
    waker.start()
    assert waker.listening.wait(10)
    yield waker
    waker.stop()


def test_a_save_wakes_a_subscriber_of_the_events_channel(waker: Waker, ledger: Ledger) -> None:
    woken = threading.Event()
    waker.subscribe(events_channel(ledger), woken)
    woken.clear()

    given_world(ledger)

    assert woken.wait(10)


def test_a_worker_whose_poll_never_comes_is_still_woken_by_every_save(
    pg_settings: Settings, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With the fallback poll an hour away, only the NOTIFY of each save can start the worker's batch.
    monkeypatch.setattr(runner, "IDLE_POLL_SECONDS", 3600.0)
    read_models = ReadModels.open(pg_settings, ledger)
    assert read_models.waker.listening.wait(10)
    read_models.start()
    try:
        world = given_world(ledger)
        for name in ("Globex", "Hooli", "Initech"):
            world.client(name)
            head = read_models.projector.head()
            projected = threading.Event()
            read_models.waker.subscribe(PROJECTED, projected)
            while min(p["position"] for p in read_models.status()) < head:
                assert projected.wait(10), "no batch was projected after a save"
                projected.clear()
            read_models.waker.unsubscribe(PROJECTED, projected)
    finally:
        read_models.close()


def test_without_a_database_to_listen_to_nobody_is_woken(ledger: Ledger) -> None:
    waker = Waker(None)
    woken = threading.Event()
    waker.subscribe(PROJECTED, woken)
    waker.start()

    given_world(ledger)

    assert not waker.active and not woken.is_set()
