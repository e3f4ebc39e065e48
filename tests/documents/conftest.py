"""Document tests need no database: only the EN 16931 validator, compiled once per session."""

from collections.abc import Iterator

import pytest

from support.en16931 import Validator


@pytest.fixture(scope="session")
def en16931() -> Iterator[Validator]:
    yield Validator()
