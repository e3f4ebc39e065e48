"""Rounding billed time to the workspace rounding, entry by entry (SPEC §5, §9), on both backends."""

from decimal import Decimal

import pytest
from pydantic import ValidationError

from ledger.application import Ledger
from ledger.commands import ChangeSettings
from support.refusals import event_count, refused_fields
from support.world import given_world, grouping

# 1:01:40 and 2:08:00: rounding each on its own differs from rounding their sum (3:09:40).
DURATIONS = (3700, 7680)


@pytest.mark.parametrize(
    ("mode", "billed_seconds", "amount"),
    [
        ("up", 4500 + 8100, Decimal("350.00")),
        ("down", 3600 + 7200, Decimal("300.00")),
        ("nearest", 3600 + 8100, Decimal("325.00")),
    ],
)
def test_round_time_rounds_each_entry_on_its_own_to_the_workspace_rounding(
    ledger: Ledger, mode: str, billed_seconds: int, amount: Decimal
) -> None:
    world = given_world(ledger)
    ledger.change_settings(
        world.owner, ChangeSettings.model_validate({"rounding": {"minutes": 15, "mode": mode}})
    )
    client = world.client()
    project = world.project(client)
    for day, seconds in zip(("05", "06"), DURATIONS, strict=True):
        world.log(project, f"2026-10-{day}T09:00:00+00:00", seconds)
    invoice = world.invoice(client)

    result = world.import_(invoice, round_time=True, time=grouping("grouped", "project"))

    [line] = result.items
    assert (line.raw_seconds, line.billed_seconds) == (sum(DURATIONS), billed_seconds)
    assert line.quantity == Decimal(billed_seconds) / 3600
    assert line.amount == amount


@pytest.mark.parametrize(("seconds", "billed_seconds"), [(450, 900), (449, 0), (1349, 900), (1350, 1800)])
def test_nearest_rounding_rounds_half_up(ledger: Ledger, seconds: int, billed_seconds: int) -> None:
    world = given_world(ledger)
    ledger.change_settings(
        world.owner, ChangeSettings.model_validate({"rounding": {"minutes": 15, "mode": "nearest"}})
    )
    client = world.client()
    world.log(world.project(client), "2026-10-05T09:00:00+00:00", seconds)
    invoice = world.invoice(client)

    result = world.import_(invoice, round_time=True)

    [line] = result.items
    assert (line.raw_seconds, line.billed_seconds) == (seconds, billed_seconds)


def test_rounding_follows_the_configured_minutes(ledger: Ledger) -> None:
    world = given_world(ledger)
    ledger.change_settings(
        world.owner, ChangeSettings.model_validate({"rounding": {"minutes": 6, "mode": "up"}})
    )
    client = world.client()
    world.log(world.project(client), "2026-10-05T09:00:00+00:00", 3700)
    invoice = world.invoice(client)

    result = world.import_(invoice, round_time=True)

    [line] = result.items
    assert (line.billed_seconds, line.quantity, line.amount) == (3960, Decimal("1.1000"), Decimal("110.00"))


def test_rounding_never_rewrites_the_entrys_raw_duration(ledger: Ledger) -> None:
    world = given_world(ledger)
    ledger.change_settings(
        world.owner, ChangeSettings.model_validate({"rounding": {"minutes": 15, "mode": "up"}})
    )
    client = world.client()
    entry = world.log(world.project(client), "2026-10-05T09:00:00+00:00", 3700)
    invoice = world.invoice(client)

    world.import_(invoice, round_time=True)

    assert world.entry(entry).duration_seconds == 3700
    assert world.entry(entry).amount == Decimal("102.78")


def test_without_round_time_the_workspace_rounding_is_not_applied(ledger: Ledger) -> None:
    world = given_world(ledger)
    ledger.change_settings(
        world.owner, ChangeSettings.model_validate({"rounding": {"minutes": 15, "mode": "up"}})
    )
    client = world.client()
    world.log(world.project(client), "2026-10-05T09:00:00+00:00", 3700)
    invoice = world.invoice(client)

    result = world.import_(invoice)

    [line] = result.items
    assert (line.raw_seconds, line.billed_seconds, line.amount) == (3700, 3700, Decimal("102.78"))


def test_an_unknown_rounding_mode_is_invalid_input(ledger: Ledger) -> None:
    world = given_world(ledger)
    before = event_count(ledger)

    with pytest.raises(ValidationError) as refused:
        ledger.change_settings(world.owner, ChangeSettings.model_validate({"rounding": {"mode": "sideways"}}))

    assert refused_fields(refused.value) == {"rounding.mode"}
    assert event_count(ledger) == before
