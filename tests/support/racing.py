"""Racing use cases in real threads, all released at once."""

import threading
from collections.abc import Callable
from typing import Any

from ledger.application import Ledger

# `ledgers(n)`: the ledger each of n threads uses (one shared, or one each: see tests/ledger/conftest.py).
Ledgers = Callable[[int], list[Ledger]]


def race(apps: list[Ledger], work: Callable[[Ledger, int], Any]) -> list[Any]:
    """Run `work(app, i)` in one thread per app, all released at once: each one's result or error."""
    barrier = threading.Barrier(len(apps))
    outcomes: list[Any] = [None] * len(apps)

    def run(i: int) -> None:
        barrier.wait()
        try:
            outcomes[i] = work(apps[i], i)
        except Exception as error:
            outcomes[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(apps))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes
