"""Money and duration arithmetic (SPEC §3, §5, §6): half up, rounded only where SPEC says."""

from decimal import Decimal

import pytest

from ledger.money import cost_of_time, hours, percent_of, round2, round4, round_seconds


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "0.00"),
        ("10", "10.00"),
        ("1.004", "1.00"),
        ("1.005", "1.01"),
        ("0.125", "0.13"),  # half even would give 0.12
        ("2.675", "2.68"),
        ("99.994999", "99.99"),
        ("-1.005", "-1.01"),  # half up means half away from zero
    ],
)
def test_round2_rounds_money_to_cents_half_up(value: str, expected: str) -> None:
    assert str(round2(Decimal(value))) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "0.0000"),
        ("1", "1.0000"),
        ("0.00005", "0.0001"),
        ("0.00004999", "0.0000"),
        ("0.99715", "0.9972"),
        ("1.26245", "1.2625"),  # half even would give 1.2624
        ("2.758333", "2.7583"),
    ],
)
def test_round4_rounds_quantities_to_four_decimals_half_up(value: str, expected: str) -> None:
    assert str(round4(Decimal(value))) == expected


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "0.0000"),
        (1, "0.0003"),
        (18, "0.0050"),
        (3600, "1.0000"),
        (4545, "1.2625"),
        (9930, "2.7583"),
        (3590, "0.9972"),
        (18065, "5.0181"),
        (7 * 24 * 3600, "168.0000"),
    ],
)
def test_hours_are_seconds_over_3600_to_four_decimals(seconds: int, expected: str) -> None:
    assert str(hours(seconds)) == expected


@pytest.mark.parametrize(
    ("seconds", "rate", "expected"),
    [
        (0, "100.00", "0.00"),
        (1, "100.00", "0.03"),
        (3600, "100.00", "100.00"),
        (4545, "100.00", "126.25"),
        (9930, "100.00", "275.83"),
        (3590, "100.00", "99.72"),
        (18065, "100.00", "501.81"),  # not 126.25 + 275.83 + 99.72 = 501.80: rounded once
        (18, "1.00", "0.01"),  # exactly 0.005: half up
        (17, "1.00", "0.00"),
        (54, "1.00", "0.02"),  # exactly 0.015
        (4545, "0.00", "0.00"),
        (5400, "87.33", "131.00"),  # 130.995
    ],
)
def test_cost_of_time_is_computed_exactly_and_rounded_once(seconds: int, rate: str, expected: str) -> None:
    assert str(cost_of_time(seconds, Decimal(rate))) == expected


@pytest.mark.parametrize(
    ("amount", "percent", "expected"),
    [
        ("100.00", "19", "19.00"),
        ("0.00", "19", "0.00"),
        ("12.34", "0", "0.00"),
        ("50.00", "100", "50.00"),
        ("10.05", "10", "1.01"),  # exactly 1.005
        ("10.04", "10", "1.00"),
        ("333.33", "7.5", "25.00"),  # 24.99975
        ("-10.05", "10", "-1.01"),
    ],
)
def test_percent_of_an_amount_is_rounded_to_cents_half_up(amount: str, percent: str, expected: str) -> None:
    assert str(percent_of(Decimal(amount), Decimal(percent))) == expected


@pytest.mark.parametrize(
    ("seconds", "minutes", "mode", "expected"),
    [
        # 0 seconds stay 0 whatever the mode.
        (0, 1, "up", 0),
        (0, 15, "nearest", 0),
        (0, 60, "down", 0),
        # 1 second: up to a whole step, down and nearest to nothing.
        (1, 1, "up", 60),
        (1, 1, "down", 0),
        (1, 1, "nearest", 0),
        (1, 15, "up", 900),
        (1, 15, "down", 0),
        (1, 60, "up", 3600),
        # Exact multiples never move.
        (60, 1, "up", 60),
        (360, 6, "up", 360),
        (360, 6, "down", 360),
        (900, 15, "nearest", 900),
        (3600, 60, "up", 3600),
        (3600, 60, "down", 3600),
        (3600, 60, "nearest", 3600),
        # Just past a multiple.
        (61, 1, "up", 120),
        (361, 6, "up", 720),
        (719, 6, "down", 360),
        (3601, 60, "up", 7200),
        (7199, 60, "down", 3600),
        # Nearest: halves round up, just below half rounds down.
        (30, 1, "nearest", 60),
        (29, 1, "nearest", 0),
        (90, 1, "nearest", 120),
        (180, 6, "nearest", 360),
        (179, 6, "nearest", 0),
        (900, 6, "nearest", 1080),  # 2.5 steps: half even would give 720
        (450, 15, "nearest", 900),
        (449, 15, "nearest", 0),
        (1350, 15, "nearest", 1800),
        (1800, 60, "nearest", 3600),
        (1799, 60, "nearest", 0),
        (5400, 60, "nearest", 7200),
        # SPEC's first worked entry, 1:15:45.
        (4545, 15, "up", 5400),
        (4545, 15, "down", 4500),
        (4545, 15, "nearest", 4500),
        (4545, 6, "nearest", 4680),
        (4545, 1, "nearest", 4560),
    ],
)
def test_round_seconds_rounds_a_duration_to_a_multiple_of_the_step(
    seconds: int, minutes: int, mode: str, expected: int
) -> None:
    assert round_seconds(seconds, minutes, mode) == expected
