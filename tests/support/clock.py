"""A clock the scenario moves: the ledger's "now" (`open_ledger(settings, clock=...)`)."""

from datetime import UTC, datetime, timedelta


class Clock:
    """Now, as the scenario says: starts at the real now (event timestamps are real), moved by hand."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta
