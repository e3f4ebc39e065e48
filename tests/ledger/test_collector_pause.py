"""Bulk use cases pause cyclic garbage collection, and collection resumes as it was."""

import gc
from collections.abc import Iterator

import pytest

from ledger.loading import collector_paused


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_collection_resumes_only_when_the_last_of_overlapping_pauses_ends() -> None:
    gc.enable()
    first, second = collector_paused(), collector_paused()

    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    still_paused = not gc.isenabled()
    second.__exit__(None, None, None)

    assert still_paused and gc.isenabled()


def test_a_failing_use_case_resumes_collection() -> None:
    gc.enable()

    with pytest.raises(LookupError), collector_paused():
        raise LookupError

    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()

    with collector_paused():
        pass

    assert not gc.isenabled()
