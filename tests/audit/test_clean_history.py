"""An untouched store verifies clean, whatever commands wrote it (SPEC §17).

Every kind of command, then an import of thousands of entries: more than 10,000 events, each
chained from the application's own objects when saved and verified from the stored bytes.
"""

from ledger.application import Ledger
from support.histories import given_mixed_history
from support.tampering import RawStore


def test_ten_thousand_events_of_mixed_commands_verify_clean(ledger: Ledger, raw: RawStore) -> None:
    world = given_mixed_history(ledger, bulk_entries=4600)

    verification = ledger.verify_chain(world.owner)

    [(events,)] = raw.run("SELECT count(*) FROM {events}")
    assert events >= 10_000
    assert verification.problems == []
    assert verification.ok
    assert verification.events == verification.head.seq == events


def test_the_store_wide_verification_of_several_workspaces_is_clean(ledger: Ledger, raw: RawStore) -> None:
    worlds = [given_mixed_history(ledger, bulk_entries=50) for _ in range(3)]

    result = ledger.verify_store()

    assert result.ok
    assert set(result.workspaces) == {w.owner.workspace_id for w in worlds}
    [(events,)] = raw.run("SELECT count(*) FROM {events}")
    assert result.events == events
