"""The backoff policy: delays before each attempt, the cap, the last attempt, and explicit jitter."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from outbox.errors import InvalidRetryPolicy, PermanentFailure, TransientFailure
from outbox.retry import RetryPolicy, may_retry, retry_delay, stable_draw

MINUTE = timedelta(minutes=1)


@pytest.mark.parametrize(
    ("attempts_made", "delay"),
    [
        (1, 2 * MINUTE),
        (2, 4 * MINUTE),
        (3, 8 * MINUTE),
        (4, 16 * MINUTE),
        (5, 32 * MINUTE),
        (6, 60 * MINUTE),  # 64 minutes, capped at the hour
        (7, 60 * MINUTE),
        (10_000, 60 * MINUTE),
    ],
)
def test_the_default_delay_doubles_from_two_minutes_up_to_an_hour(
    attempts_made: int, delay: timedelta
) -> None:
    assert RetryPolicy().delay_after(attempts_made) == delay


@pytest.mark.parametrize(
    ("attempts_made", "first", "cap", "factor", "delay"),
    [
        (1, timedelta(seconds=30), timedelta(minutes=10), 3, timedelta(seconds=30)),
        (2, timedelta(seconds=30), timedelta(minutes=10), 3, timedelta(seconds=90)),
        (3, timedelta(seconds=30), timedelta(minutes=10), 3, timedelta(seconds=270)),
        (4, timedelta(seconds=30), timedelta(minutes=10), 3, timedelta(minutes=10)),
        (5, timedelta(seconds=30), timedelta(minutes=10), 1, timedelta(seconds=30)),
        (500, timedelta(seconds=30), timedelta(minutes=10), 1, timedelta(seconds=30)),
    ],
)
def test_the_delay_is_first_times_factor_to_the_attempts_made_minus_one_at_most_the_cap(
    attempts_made: int, first: timedelta, cap: timedelta, factor: int, delay: timedelta
) -> None:
    assert retry_delay(attempts_made, first=first, cap=cap, factor=factor) == delay


@pytest.mark.parametrize(
    ("attempts_made", "max_attempts", "allowed"),
    [(1, 5, True), (4, 5, True), (5, 5, False), (6, 5, False), (1, 1, False)],
)
def test_another_attempt_is_allowed_until_the_maximum_is_reached(
    attempts_made: int, max_attempts: int, allowed: bool
) -> None:
    assert may_retry(attempts_made, max_attempts) is allowed
    assert RetryPolicy(max_attempts=max_attempts).may_retry(attempts_made) is allowed


@pytest.mark.parametrize(
    ("spread", "draw", "delay"),
    [(0.0, 0.9, 8 * MINUTE), (0.5, 0.0, 8 * MINUTE), (0.5, 0.5, 6 * MINUTE), (0.25, 0.5, 7 * MINUTE)],
)
def test_jitter_takes_off_a_drawn_share_of_the_spread(spread: float, draw: float, delay: timedelta) -> None:
    assert RetryPolicy(spread=spread).delay_after(3, draw) == delay


def test_a_stable_draw_is_the_same_for_one_e_mail_and_attempt_and_differs_otherwise() -> None:
    draws = {stable_draw(f"e-{n}", attempt) for n in range(20) for attempt in (1, 2)}

    assert stable_draw("e-1", 1) == stable_draw("e-1", 1)
    assert len(draws) == 40
    assert all(0.0 <= draw < 1.0 for draw in draws)


FAILED_AT = datetime(2026, 12, 30, 9, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("failure", "attempts_made", "next_at"),
    [
        (TransientFailure("451 busy", 451), 1, FAILED_AT + 2 * MINUTE),
        (TransientFailure("timed out"), 4, FAILED_AT + 16 * MINUTE),
        (TransientFailure("451 busy", 451), 5, None),  # the fifth attempt was the last
        (PermanentFailure("550 no such mailbox", 550), 1, None),
    ],
)
def test_the_next_attempt_is_scheduled_after_a_transient_failure_only(
    failure: TransientFailure | PermanentFailure, attempts_made: int, next_at: datetime | None
) -> None:
    assert RetryPolicy(max_attempts=5).next_attempt_at(failure, FAILED_AT, attempts_made) == next_at


@pytest.mark.parametrize(
    "changes",
    [
        {"max_attempts": 0},
        {"first_delay": timedelta(0)},
        {"first_delay": 2 * MINUTE, "max_delay": MINUTE},
        {"factor": 0},
        {"spread": 1.0},
        {"spread": -0.1},
    ],
)
def test_a_policy_that_cannot_work_is_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(InvalidRetryPolicy):
        RetryPolicy(**changes)


@pytest.mark.parametrize(("attempts_made", "draw"), [(0, 0.0), (1, 1.0), (1, -0.5)])
def test_a_delay_before_any_attempt_or_with_a_draw_outside_0_1_is_refused(
    attempts_made: int, draw: float
) -> None:
    with pytest.raises(ValueError):
        RetryPolicy().delay_after(attempts_made, draw)
