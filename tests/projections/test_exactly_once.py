"""Exactly once: a batch's rows and its tracking position commit together, and only once."""

from collections.abc import Callable
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError

from ledger.application import Ledger
from ledger.commands import ChangeSettings, EditTimeEntry
from ledger.config import Settings
from ledger.time_entry import TimeEntry, TimeEntryChanges
from projections import ReadModels, ReportFilters, runner
from projections.runner import Projector
from projections.store import ReadStore
from projections.tracking import generations, live
from support.world import World, given_world


def tracking_rows(read_models: ReadModels) -> list[tuple[Any, ...]]:
    return read_models.store.query(
        "SELECT name, generation, position, live, events FROM rm_tracking ORDER BY name"
    )


def test_catching_up_again_changes_nothing(
    ledger: Ledger, read_models: ReadModels, busy: Callable[[Ledger], World], dump: Any
) -> None:
    busy(ledger)
    assert read_models.catch_up() > 0
    tables, tracking = dump(read_models), tracking_rows(read_models)

    assert read_models.catch_up() == 0
    assert (dump(read_models), tracking_rows(read_models)) == (tables, tracking)


def test_a_second_projector_applying_a_batch_already_applied_changes_nothing(
    settings: Settings, ledger: Ledger, read_models: ReadModels, busy: Callable[[Ledger], World], dump: Any
) -> None:
    busy(ledger)
    stale = {name: live(read_models.store, name) for name in read_models.models}
    read_models.catch_up()
    tables, tracking = dump(read_models), tracking_rows(read_models)
    notes = list(ledger.recorder.select_notifications(0, 10_000, inclusive_of_start=False))
    events = [ledger.mapper.to_domain_event(note) for note in notes]
    store = ReadStore.open(settings)
    try:
        second = Projector(store, ledger, list(read_models.models.values()))

        applied = [
            second.apply(model, stale[name], notes, events) for name, model in read_models.models.items()
        ]
    finally:
        store.close()

    assert applied == [False] * len(read_models.models)
    assert (dump(read_models), tracking_rows(read_models)) == (tables, tracking)


def test_an_event_no_read_model_follows_still_advances_every_position(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger)
    world.log(world.project(world.client()), "2026-10-05T09:00:00+00:00", 3600)
    read_models.catch_up()
    ledger.change_settings(world.owner, ChangeSettings(due_days=14))
    [note] = ledger.recorder.select_notifications(ledger.recorder.max_notification_id(), 1)
    unknown = ledger.mapper.to_domain_event(note)
    assert [model.changes(unknown) for model in read_models.models.values()] == [[]] * len(read_models.models)

    assert read_models.catch_up() == 1

    assert {row["name"]: (row["position"], row["lag"]) for row in read_models.status()} == {
        name: (note.id, 0) for name in read_models.models
    }


def lose_a_race(ledger: Ledger, world: World, entry_id: Any) -> None:
    """An edit saved from a stale copy after another won: the store refuses it."""
    stale: TimeEntry = ledger.repository.get(entry_id)
    ledger.edit_time_entry(world.owner, entry_id, EditTimeEntry(description="won the race"))
    stale.edit(world.owner.member_id, TimeEntryChanges(description="lost the race"))
    with pytest.raises(IntegrityError):
        ledger.save(stale)


def test_gaps_in_notification_ids_are_passed_over(
    settings: Settings, ledger: Ledger, read_models: ReadModels, notification_count: Callable[[], int]
) -> None:
    world = given_world(ledger)
    project = world.project(world.client())
    entry = world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    lose_a_race(ledger, world, entry)
    world.log(project, "2026-10-06T09:00:00+00:00", 1800)
    head = read_models.projector.head()
    if settings.is_postgres:
        # The refused insert took an id from the sequence all the same (SQLite reuses rowids).
        assert head > notification_count()

    applied = read_models.catch_up()

    assert applied == notification_count()
    assert [row["position"] for row in read_models.status()] == [head] * len(read_models.models)
    result = read_models.time_report.page(world.owner.workspace_id, ReportFilters(), 1, 50, "UTC")
    assert [row.description for row in result.items] == ["won the race", "work"]


def test_small_batches_give_the_tables_of_one_big_batch(
    ledger: Ledger,
    read_models: ReadModels,
    busy: Callable[[Ledger], World],
    dump: Any,
    notification_count: Callable[[], int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    busy(ledger)
    monkeypatch.setattr(runner, "BATCH_SIZE", 3)
    applied = read_models.catch_up()
    in_small_batches = dump(read_models)

    monkeypatch.setattr(runner, "BATCH_SIZE", 1000)
    for name in read_models.models:
        read_models.rebuild(name)

    assert applied == notification_count()
    assert dump(read_models) == in_small_batches
    assert {row[0]: row[4] for row in tracking_rows(read_models)} == {
        name: notification_count() for name in read_models.models
    }


def test_a_model_rebuilt_ahead_of_the_others_catches_up_with_them(
    ledger: Ledger, read_models: ReadModels, busy: Callable[[Ledger], World], dump: Any
) -> None:
    world = busy(ledger)
    read_models.catch_up()
    expected = dump(read_models)
    world.log(world.project(world.client("Hooli")), "2026-10-20T09:00:00+00:00", 3600)
    read_models.rebuild("time_report")

    read_models.catch_up()

    head = read_models.projector.head()
    assert [row["position"] for row in read_models.status()] == [head] * len(read_models.models)
    assert [g.generation for g in generations(read_models.store, "time_report")] == [2]
    after = dump(read_models)
    assert (len(after["entries"]), len(after["clients"])) == (
        len(expected["entries"]) + 1,
        len(expected["clients"]) + 1,
    )
