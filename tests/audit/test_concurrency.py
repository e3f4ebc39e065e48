"""Writers racing in real threads, each with a ledger of its own (as separate processes would):
every workspace's chain stays one unbroken line, and no write fails because of the chain."""

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ledger.application import Ledger, open_ledger
from ledger.config import Settings
from support.tampering import RawStore
from support.world import World, given_world

WRITERS = 8
SAVES = 15


@pytest.fixture
def ledgers(settings: Settings) -> Iterator[list[Ledger]]:
    """A ledger per writer: 8 on one workspace, 8 on 8 others."""
    opened = [open_ledger(settings.model_copy(update={"database_pool_size": 2})) for _ in range(2 * WRITERS)]
    yield opened
    for ledger in opened:
        ledger.close()


def race(work: list[Callable[[], Any]]) -> list[BaseException]:
    """Run each piece of work in its own thread, all released at once; the errors they raised."""
    barrier = threading.Barrier(len(work))
    errors: list[BaseException] = []

    def run(job: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            job()
        except BaseException as error:  # collected: the scenario asserts there are none
            errors.append(error)

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=150)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def logging_time(world: World, ledger: Ledger, project: Any, writer: int) -> Callable[[], None]:
    mine = World(ledger, world.owner)

    def work() -> None:
        for n in range(SAVES):
            mine.log(project, f"2026-10-{n + 1:02d}T{8 + writer % 8:02d}:00:00+00:00", 1800, f"w{writer} {n}")

    return work


def test_sixteen_writers_on_one_workspace_and_on_eight_others_leave_every_chain_unbroken(
    ledger: Ledger, ledgers: list[Ledger], raw: RawStore
) -> None:
    shared = given_world(ledger)
    shared_project = shared.project(shared.client())
    others = [given_world(ledger) for _ in range(WRITERS)]
    other_projects = [w.project(w.client()) for w in others]
    work = [logging_time(shared, ledgers[i], shared_project, i) for i in range(WRITERS)]
    work += [logging_time(others[i], ledgers[WRITERS + i], other_projects[i], i) for i in range(WRITERS)]

    errors = race(work)

    assert errors == []
    result = ledger.verify_store()
    assert result.ok, [v.problems[:3] for v in result.workspaces.values() if not v.ok]
    [(events,)] = raw.run("SELECT count(*) FROM {events}")
    assert result.events == events
    # The shared workspace's chain holds every one of the 8 writers' saves, in one line.
    shared_chain = result.workspaces[shared.owner.workspace_id]
    assert shared_chain.head.seq == len(raw.links(shared.owner.workspace_id))
    assert shared_chain.events >= WRITERS * SAVES
