"""Several workers over one store: every event is applied once, whoever applies it."""

import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any
from uuid import uuid4

import psycopg
import pytest

from ledger.application import Ledger
from ledger.config import Settings
from projections import ReadModels, ReportFilters, runner
from projections.runner import Projector
from projections.store import ReadStore
from support.world import World, given_world


def events_applied(read_models: ReadModels) -> dict[str, int]:
    """The events counter of each model's live generation: a batch applied twice would show."""
    return dict(read_models.store.query("SELECT name, events FROM rm_tracking WHERE live = 1"))


def test_two_projectors_catching_up_at_once_apply_every_event_exactly_once(
    settings: Settings,
    ledger: Ledger,
    read_models: ReadModels,
    many_entries: Callable[[World, Any, int], list[Any]],
    dump: Any,
    notification_count: Callable[[], int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = given_world(ledger)
    many_entries(world, world.project(world.client()), 300)
    monkeypatch.setattr(runner, "BATCH_SIZE", 20)
    stores = [ReadStore.open(settings) for _ in range(2)]
    workers = [Projector(store, ledger, list(read_models.models.values())) for store in stores]
    together = threading.Barrier(len(workers))
    errors: list[BaseException] = []

    def work(worker: Projector) -> None:
        together.wait(10)
        try:
            worker.catch_up()
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(worker,)) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for store in stores:
        store.close()

    assert errors == []
    assert events_applied(read_models) == {name: notification_count() for name in read_models.models}
    applied_by_two = dump(read_models)
    for name in read_models.models:
        read_models.rebuild(name)
    assert dump(read_models) == applied_by_two


# `ledger projections run` in a process of its own, as an operator starts it.
RUN_WORKER = """
import argparse, sys
from projections.cli import add_commands

parser = argparse.ArgumentParser(prog="ledger")
add_commands(parser.add_subparsers(dest="command", required=True))
args = parser.parse_args(["projections", "run"])
sys.exit(args.handler(args))
"""


def test_a_worker_process_and_an_in_process_worker_together_apply_every_event_once(
    settings: Settings,
    ledger: Ledger,
    read_models: ReadModels,
    dump: Any,
    notification_count: Callable[[], int],
    worker_env: dict[str, str],
) -> None:
    world = given_world(ledger)
    project = world.project(world.client())
    process = subprocess.Popen(
        [sys.executable, "-c", RUN_WORKER], env=worker_env, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    try:
        assert process.stderr.readline().startswith("projecting"), process.stderr.read()
        read_models.start()
        for day in range(1, 29):
            world.log(project, f"2026-10-{day:02d}T09:00:00+00:00", 3600)
        read_models.wait_until_current(20)
        read_models.stop()
        process.send_signal(signal.SIGTERM)
        stopped = process.wait(20)
        said = process.stderr.read()
    finally:
        read_models.stop()
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()

    assert stopped == 0, said
    assert events_applied(read_models) == {name: notification_count() for name in read_models.models}
    assert read_models.time_report.page(world.owner.workspace_id, ReportFilters(), 1, 50, "UTC").total == 28
    applied_by_two = dump(read_models)
    for name in read_models.models:
        read_models.rebuild(name)
    assert dump(read_models) == applied_by_two


def test_a_projection_lock_has_one_holder_at_a_time(settings: Settings) -> None:
    if not settings.is_postgres:
        pytest.skip("SQLite writes one transaction at a time: there is no lock to take")
    first, second = ReadStore.open(settings), ReadStore.open(settings)
    try:
        with first.exclusive("time_report") as held:
            with second.exclusive("time_report") as held_twice:
                pass
            with second.exclusive("invoice_list") as held_other:
                pass
        with second.exclusive("time_report") as held_after_release:
            pass
    finally:
        first.close()
        second.close()

    assert (held, held_twice, held_other, held_after_release) == (True, False, True, True)


def test_ledgers_in_two_schemas_of_one_database_do_not_share_projection_locks(settings: Settings) -> None:
    if not settings.is_postgres:
        pytest.skip("SQLite has no schemas and no locks")
    other_schema = f"t_{uuid4().hex[:16]}"
    with psycopg.connect(settings.database_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{other_schema}"')
    here = ReadStore.open(settings)
    there = ReadStore.open(settings.model_copy(update={"database_schema": other_schema}))
    try:
        with here.exclusive("time_report") as held_here, there.exclusive("time_report") as held_there:
            pass
    finally:
        here.close()
        there.close()

    assert (held_here, held_there) == (True, True)
