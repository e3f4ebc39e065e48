"""Read your writes: a bounded wait for the read models to reach the store's head as of the call."""

from collections.abc import Iterator

import pytest

from ledger.application import Ledger
from projections import ProjectionsBehind, ReadModels, ReportFilters
from support.world import World, given_world


@pytest.fixture
def world(ledger: Ledger) -> World:
    return given_world(ledger)


@pytest.fixture
def running(read_models: ReadModels) -> Iterator[ReadModels]:
    """The read models with their worker running in the background, as `ledger serve` runs it."""
    read_models.start()
    yield read_models
    read_models.stop()


def test_after_waiting_a_report_shows_the_write_just_made(world: World, running: ReadModels) -> None:
    project = world.project(world.client())
    entry = world.log(project, "2026-10-05T09:00:00+00:00", 3600)

    running.wait_until_current(10)

    result = running.time_report.page(world.owner.workspace_id, ReportFilters(), 1, 50, "UTC")
    assert [row.id for row in result.items] == [entry]


def test_every_write_before_the_wait_is_seen_after_it(world: World, running: ReadModels) -> None:
    project = world.project(world.client())
    for day in range(1, 11):
        world.log(project, f"2026-10-{day:02d}T09:00:00+00:00", 3600)
        running.wait_until_current(10)
        assert running.time_report.page(world.owner.workspace_id, ReportFilters(), 1, 50, "UTC").total == day


def test_waiting_without_a_running_worker_times_out(world: World, read_models: ReadModels) -> None:
    world.log(world.project(world.client()), "2026-10-05T09:00:00+00:00", 3600)

    with pytest.raises(ProjectionsBehind) as behind:
        read_models.wait_until_current(0.2)

    assert isinstance(behind.value, TimeoutError)
    assert read_models.time_report.page(world.owner.workspace_id, ReportFilters(), 1, 50, "UTC").total == 0


def test_waiting_after_the_worker_stopped_times_out(world: World, read_models: ReadModels) -> None:
    project = world.project(world.client())
    read_models.start()
    read_models.wait_until_current(10)
    read_models.stop()

    world.log(project, "2026-10-05T09:00:00+00:00", 3600)

    with pytest.raises(ProjectionsBehind):
        read_models.wait_until_current(0.2)


def test_waiting_when_already_current_needs_no_worker(world: World, read_models: ReadModels) -> None:
    world.log(world.project(world.client()), "2026-10-05T09:00:00+00:00", 3600)
    read_models.catch_up()

    read_models.wait_until_current(0)

    assert [row["lag"] for row in read_models.status()] == [0] * len(read_models.models)
