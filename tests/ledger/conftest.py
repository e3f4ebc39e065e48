"""Fixtures of the ledger's scenarios beyond the shared `settings` and `ledger`."""

from collections.abc import Iterator

import pytest

from ledger.application import Ledger, open_ledger
from ledger.config import Settings
from support.racing import Ledgers


@pytest.fixture(params=["shared-ledger", "ledger-per-thread"])
def ledgers(request: pytest.FixtureRequest, settings: Settings, ledger: Ledger) -> Iterator[Ledgers]:
    """`ledgers(n)`: the ledger each of n threads uses: one shared by all (the API's threadpool), or
    one each (separate processes on one database)."""
    opened: list[Ledger] = []

    def for_threads(n: int) -> list[Ledger]:
        if request.param == "shared-ledger":
            return [ledger] * n
        opened.extend(open_ledger(settings) for _ in range(n))
        return opened[-n:]

    yield for_threads
    for app in opened:
        app.close()
