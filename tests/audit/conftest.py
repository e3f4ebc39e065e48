"""The audit chain's fixtures: raw access to the store beside the ledger, on both backends."""

import pytest

from ledger.config import Settings
from support.tampering import RawStore


@pytest.fixture
def raw(settings: Settings) -> RawStore:
    """The same store, by plain SQL around the ledger: what an intruder with database access has."""
    return RawStore(settings)
