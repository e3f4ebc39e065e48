"""Waiting, bounded, for something another thread or process does."""

import time
from collections.abc import Callable


def eventually(happened: Callable[[], bool], timeout: float = 30.0, pause: float = 0.05) -> None:
    """Return once `happened()` is true; fail the scenario if it is not within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not happened():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not so after {timeout:g} s")
        time.sleep(pause)
