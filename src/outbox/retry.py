"""When to try a failed e-mail again: exponential backoff with a cap, pure and deterministic."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from outbox.errors import DeliveryFailure, InvalidRetryPolicy, PermanentFailure

_MICROSECOND = timedelta(microseconds=1)


def retry_delay(
    attempts_made: int,
    *,
    first: timedelta,
    cap: timedelta,
    factor: int = 2,
    spread: float = 0.0,
    draw: float = 0.0,
) -> timedelta:
    """The wait before attempt `attempts_made + 1`: first × factor^(attempts_made − 1), at most cap.

    Jitter is explicit: up to `spread` (a fraction) of the delay is taken off, in proportion to `draw` in
    [0, 1); the caller passes the draw (see `stable_draw`), so the same inputs always give the same delay.
    """
    if attempts_made < 1:
        raise ValueError("attempts_made counts from 1: the delay follows a failed attempt")
    if not 0.0 <= draw < 1.0:
        raise ValueError("draw must be in [0, 1)")
    first_us, cap_us = first // _MICROSECOND, cap // _MICROSECOND
    exponent = attempts_made - 1
    # Past the cap's bit length the power can only exceed it: no need to compute a huge number.
    if factor > 1 and exponent >= cap_us.bit_length():
        delay_us = cap_us
    else:
        delay_us = min(cap_us, first_us * factor**exponent)
    return timedelta(microseconds=delay_us) * (1.0 - spread * draw)


def may_retry(attempts_made: int, max_attempts: int) -> bool:
    """Whether another attempt is allowed after `attempts_made` attempts (of at most `max_attempts`)."""
    return attempts_made < max_attempts


def stable_draw(key: str, attempt: int) -> float:
    """A jitter draw in [0, 1) from a key (an e-mail's id) and an attempt: spread, yet the same every run."""
    digest = hashlib.sha256(f"{key}#{attempt}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


@dataclass(frozen=True)
class RetryPolicy:
    """The outbox's backoff: 2, 4, 8, 16 ... minutes, at most an hour apart, `max_attempts` attempts."""

    max_attempts: int = 5
    first_delay: timedelta = timedelta(minutes=2)
    max_delay: timedelta = timedelta(hours=1)
    factor: int = 2
    spread: float = 0.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise InvalidRetryPolicy("max_attempts must be at least 1")
        if self.first_delay <= timedelta(0) or self.max_delay < self.first_delay:
            raise InvalidRetryPolicy("first_delay must be positive and max_delay at least first_delay")
        if self.factor < 1:
            raise InvalidRetryPolicy("factor must be at least 1")
        if not 0.0 <= self.spread < 1.0:
            raise InvalidRetryPolicy("spread must be in [0, 1)")

    def may_retry(self, attempts_made: int) -> bool:
        """Whether attempt `attempts_made + 1` is allowed."""
        return may_retry(attempts_made, self.max_attempts)

    def delay_after(self, attempts_made: int, draw: float = 0.0) -> timedelta:
        """The wait between attempt `attempts_made` (failed) and the next one."""
        return retry_delay(
            attempts_made,
            first=self.first_delay,
            cap=self.max_delay,
            factor=self.factor,
            spread=self.spread,
            draw=draw,
        )

    def next_attempt_at(
        self, failure: DeliveryFailure, failed_at: datetime, attempts_made: int, draw: float = 0.0
    ) -> datetime | None:
        """When to try again after this failure, or None: give up (permanent failure, or no attempt left)."""
        if isinstance(failure, PermanentFailure) or not self.may_retry(attempts_made):
            return None
        return failed_at + self.delay_after(attempts_made, draw)
