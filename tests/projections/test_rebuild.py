"""Rebuilds: every event replayed into fresh tables swapped in at the end, reads served meanwhile,
and a rebuild killed mid-way resumed by the next one."""

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ledger.application import Ledger
from projections import ReadModels, ReportFilters, runner
from projections.tracking import generations
from support.world import World, given_world


def standing(read_models: ReadModels, name: str) -> list[tuple[int, int, bool, int]]:
    """Each generation of a model: number, position, live or not, events applied."""
    return [(g.generation, g.position, g.live, g.events) for g in generations(read_models.store, name)]


def assert_dropped(read_models: ReadModels, name: str, generation: int) -> None:
    """The tables of a replaced generation are gone."""
    for table in read_models.models[name].table_names(generation).values():
        with pytest.raises(read_models.store.missing_table):
            read_models.store.query(f"SELECT COUNT(*) FROM {table}")


def test_rebuilding_every_model_twice_gives_the_same_tables(
    ledger: Ledger,
    read_models: ReadModels,
    busy: Callable[[Ledger], World],
    dump: Any,
    notification_count: Callable[[], int],
) -> None:
    busy(ledger)
    read_models.catch_up()
    caught_up = dump(read_models)
    head = read_models.projector.head()

    rebuilt = []
    for _ in range(2):
        assert [read_models.rebuild(name) for name in read_models.models] == [head] * len(read_models.models)
        rebuilt.append(dump(read_models))

    assert rebuilt == [caught_up, caught_up]
    assert {name: standing(read_models, name) for name in read_models.models} == {
        name: [(3, head, True, notification_count())] for name in read_models.models
    }
    for name in read_models.models:
        assert_dropped(read_models, name, 1)
        assert_dropped(read_models, name, 2)


def test_two_rebuilds_of_one_model_at_once_leave_one_live_generation_with_the_rows_of_one(
    settings: Any,
    ledger: Ledger,
    read_models: ReadModels,
    busy: Callable[[Ledger], World],
    dump: Any,
    notification_count: Callable[[], int],
) -> None:
    busy(ledger)
    read_models.catch_up()
    caught_up = dump(read_models)
    other = ReadModels.open(settings, ledger)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def rebuild(models: ReadModels) -> None:
        try:
            barrier.wait()
            models.rebuild("time_report")
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=rebuild, args=(m,)) for m in (read_models, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.close()

    assert errors == []
    [live_generation] = standing(read_models, "time_report")
    assert live_generation[2:] == (True, notification_count())
    assert dump(read_models) == caught_up


def test_queries_keep_answering_during_a_rebuild(
    ledger: Ledger,
    read_models: ReadModels,
    busy: Callable[[Ledger], World],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = busy(ledger)
    monkeypatch.setattr(runner, "BATCH_SIZE", 5)
    read_models.catch_up()
    workspace, everything = world.owner.workspace_id, ReportFilters()
    before = read_models.time_report.page(workspace, everything, 1, 50, "UTC")
    midway, answered = threading.Event(), threading.Event()
    outcome: list[Any] = []

    def progress(position: int, head: int) -> None:
        if position < head and not midway.is_set():
            midway.set()
            answered.wait(10)

    def rebuild() -> None:
        try:
            outcome.append(read_models.rebuild("time_report", progress))
        except Exception as error:  # surfaced by the assertion below
            outcome.append(error)

    thread = threading.Thread(target=rebuild)
    thread.start()
    try:
        assert midway.wait(10)
        during = read_models.time_report.page(workspace, everything, 1, 50, "UTC")
        [pending] = [g for g in generations(read_models.store, "time_report") if not g.live]
    finally:
        answered.set()
        thread.join(10)

    head = read_models.projector.head()
    assert outcome == [head]
    assert 0 < pending.position < head
    assert during == before
    assert read_models.time_report.page(workspace, everything, 1, 50, "UTC") == before


def test_queries_answered_while_rebuilds_swap_tables_in_never_fail(
    ledger: Ledger, read_models: ReadModels, many_entries: Callable[[World, Any, int], list[Any]]
) -> None:
    world = given_world(ledger)
    many_entries(world, world.project(world.client()), 300)
    read_models.catch_up()
    workspace, everything = world.owner.workspace_id, ReportFilters()

    def answers() -> tuple[Any, Any]:
        report = read_models.time_report.page(workspace, everything, 1, 50, "UTC")
        return report, read_models.directory.members(workspace, 1, 50)

    expected, done = answers(), threading.Event()
    wrong: list[Any] = []

    def keep_reading() -> None:
        while not done.is_set():
            try:
                if answers() != expected:
                    wrong.append("a different answer")
            except Exception as error:  # surfaced by the assertion below
                wrong.append(error)

    reader = threading.Thread(target=keep_reading)
    reader.start()
    try:
        for _ in range(4):
            read_models.rebuild("time_report")
            read_models.rebuild("directory")
    finally:
        done.set()
        reader.join(10)

    assert wrong == []
    assert answers() == expected


# A real worker process, killed with SIGKILL part-way through a rebuild.
REBUILD_IN_SMALL_BATCHES = """
import sys
from ledger.application import open_ledger
from ledger.config import Settings
from projections import ReadModels, runner

runner.BATCH_SIZE = int(sys.argv[1])
settings = Settings()
read_models = ReadModels.open(settings, open_ledger(settings))
read_models.rebuild("time_report", lambda position, head: print(position, head, flush=True))
print("finished", flush=True)
"""


def progress_of_a_killed_rebuild(env: dict[str, str], batches: int, log: Path) -> list[int]:
    """Start a rebuild in batches of 50 in a new process, SIGKILL it once `batches` batches are
    reported, and return the positions it reported."""
    with log.open("w") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-c", REBUILD_IN_SMALL_BATCHES, "50"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        try:
            assert child.stdout is not None
            lines = [child.stdout.readline() for _ in range(batches)]
            os.kill(child.pid, signal.SIGKILL)
            child.wait(10)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            if child.stdout is not None:
                child.stdout.close()
    assert child.returncode == -signal.SIGKILL, log.read_text()
    assert all(lines), log.read_text()
    return [int(line.split()[0]) for line in lines]


def test_a_rebuild_killed_mid_way_resumes_and_ends_with_the_rows_of_a_clean_rebuild(
    ledger: Ledger,
    read_models: ReadModels,
    many_entries: Callable[[World, Any, int], list[Any]],
    dump: Any,
    notification_count: Callable[[], int],
    worker_env: dict[str, str],
    tmp_path: Path,
) -> None:
    world = given_world(ledger)
    many_entries(world, world.project(world.client()), 1500)
    read_models.catch_up()
    clean = dump(read_models)
    head = read_models.projector.head()

    reported = progress_of_a_killed_rebuild(worker_env, 2, tmp_path / "worker.log")

    [killed] = [g for g in generations(read_models.store, "time_report") if not g.live]
    assert reported[-1] <= killed.position < head
    assert read_models.rebuild("time_report") == head
    # The killed generation was resumed, not started over, and no batch of it was applied twice.
    assert standing(read_models, "time_report") == [(killed.generation, head, True, notification_count())]
    assert dump(read_models) == clean
    assert_dropped(read_models, "time_report", 1)
