"""`ledger audit init`: a store made before the chain is chained once, and its chain says so.

The store is the one the ledger wrote at version 1 (tests/fixtures/v1), loaded into each backend
and marked as the version before the chain, then opened by this version.
"""

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import StoredEvent

from ledger.access import Actor, Role
from ledger.application import Ledger, open_ledger
from ledger.audit.verify import ChainNotBuilt
from ledger.audit.views import ProblemKind
from ledger.commands import CreateClient
from ledger.config import Settings
from support.tampering import RawStore
from support.world import given_world

V1 = Path(__file__).parent.parent / "fixtures" / "v1"
WORKSPACE = UUID(json.loads((V1 / "ids.json").read_text())["workspace_id"])
NOW = datetime(2027, 1, 15, 12, 0, tzinfo=UTC)


def v1_events() -> list[dict[str, object]]:
    return [json.loads(line) for line in (V1 / "events.jsonl").read_text().splitlines() if line]


@pytest.fixture
def old_store(settings: Settings, raw: RawStore) -> Iterator[Ledger]:
    """The version-1 store, opened by this version: its workspace waits for `audit init`."""
    writer = open_ledger(settings)
    writer.recorder.insert_events(
        [
            StoredEvent(
                UUID(str(e["originator_id"])),
                int(str(e["originator_version"])),
                str(e["topic"]),
                str(e["state"]).encode(),
            )
            for e in v1_events()
        ]
    )
    writer.close()
    raw.run("UPDATE {schema_version} SET version = 1")
    ledger = open_ledger(settings)
    yield ledger
    ledger.close()


def owner_of_v1() -> Actor:
    created = json.loads(str(v1_events()[0]["state"]))
    return Actor(WORKSPACE, UUID(created["actor_id"]["_data_"]), Role.OWNER)


def test_a_store_from_before_the_chain_waits_for_init_and_says_so(old_store: Ledger) -> None:
    head = old_store.audit_head(owner_of_v1())
    result = old_store.verify_store()

    assert (head.seq, head.hash) == (0, None)
    with pytest.raises(ChainNotBuilt, match="ledger audit init"):
        old_store.verify_chain(owner_of_v1())
    assert result.pending == [WORKSPACE]
    assert not result.ok


def test_init_chains_every_event_recorded_before_the_chain_and_its_first_link_says_so(
    old_store: Ledger, raw: RawStore
) -> None:
    built = old_store.build_chain(NOW)

    assert (built.workspaces, built.events, built.left_out) == (1, len(v1_events()), 0)
    verification = old_store.verify_chain(owner_of_v1())
    assert verification.ok
    assert verification.events == len(v1_events())
    [(first, *later)] = [
        raw.run("SELECT built_at FROM {chain} WHERE workspace_id = ? ORDER BY seq", (str(WORKSPACE),))
    ]
    assert first == ("2027-01-15T12:00:00.000000+00:00",)
    assert all(row == (None,) for row in later)


def test_init_runs_once(old_store: Ledger) -> None:
    old_store.build_chain(NOW)
    head = old_store.audit_head(owner_of_v1())

    again = old_store.build_chain(NOW)

    assert (again.workspaces, again.events) == (0, 0)
    assert old_store.audit_head(owner_of_v1()) == head


def test_events_saved_after_the_upgrade_but_before_init_are_chained_by_init(old_store: Ledger) -> None:
    old_store.create_client(owner_of_v1(), CreateClient(name="Umbrella"))

    built = old_store.build_chain(NOW)

    assert built.events == len(v1_events()) + 1
    assert old_store.verify_chain(owner_of_v1()).ok


def test_a_workspace_created_after_the_upgrade_is_chained_from_its_first_event(
    old_store: Ledger, raw: RawStore
) -> None:
    world = given_world(old_store)

    verification = old_store.verify_chain(world.owner)

    assert verification.ok and verification.events > 0
    assert raw.run(
        "SELECT built_at FROM {chain} WHERE workspace_id = ? AND seq = 1", (str(world.owner.workspace_id),)
    ) == [(None,)]
    assert old_store.verify_store().pending == [WORKSPACE]


def test_init_never_takes_an_event_slipped_into_a_chained_workspace(old_store: Ledger, raw: RawStore) -> None:
    world = given_world(old_store)
    client = world.client()
    forged = uuid4()
    raw.insert(forged, 1, raw.topic(client, 1), raw.state(client, 1))

    built = old_store.build_chain(NOW)

    assert built.left_out == 1
    [problem] = old_store.verify_chain(world.owner).problems
    assert (problem.kind, problem.aggregate_id) == (ProblemKind.INSERTED, forged)


def test_the_marker_of_a_chain_built_afterwards_cannot_be_removed_unseen(
    old_store: Ledger, raw: RawStore
) -> None:
    old_store.build_chain(NOW)
    raw.run("UPDATE {chain} SET built_at = NULL WHERE workspace_id = ? AND seq = 1", (str(WORKSPACE),))

    [problem] = old_store.verify_chain(owner_of_v1()).problems

    assert (problem.kind, problem.seq) == (ProblemKind.CHANGED, 1)


def test_an_invoice_has_a_fingerprint_once_its_workspace_is_chained(old_store: Ledger) -> None:
    invoice = UUID(json.loads((V1 / "ids.json").read_text())["invoice_id"])
    before = old_store.fingerprint(owner_of_v1(), invoice)

    old_store.build_chain(NOW)

    assert before is None
    assert len(str(old_store.fingerprint(owner_of_v1(), invoice))) == 64
