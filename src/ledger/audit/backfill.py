"""`ledger audit init`: chaining, once, the events a store recorded before it had the chain.

Such a store's workspaces are marked pending when it is first opened by a version with the
chain (their heads have no hash; their saves are not chained meanwhile). Building walks every
event no link accounts for, in the store's order, and chains those of pending workspaces; the
first link of each such chain carries `built_at`, which is also hashed into the link (see
`chain.genesis`), so the chain itself says it was built afterwards. Unchained events of
workspaces chained from the start are never taken in: they were slipped in, and stay visible
as `inserted`. All of it is one transaction holding the events table's lock, like a save.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper, Recorder
from eventsourcing.utils import resolve_topic

from ledger.audit.canonical import RecordedEvent, instant_text
from ledger.audit.chain import genesis, link
from ledger.audit.store import decode_state, transaction
from ledger.audit.tables import HEADS, LINKS, SELECT_PENDING, SELECT_UNCHAINED
from ledger.audit.verify import PAGE, UNREADABLE
from ledger.errors import LedgerError


class ChainBuildFailed(LedgerError):
    """An event recorded before the chain cannot be read: nothing was chained."""

    slug = "audit-chain-build-failed"


@dataclass(frozen=True)
class Built:
    """What `ledger audit init` did."""

    built_at: str
    workspaces: int
    events: int
    # Unchained events whose workspace could not be told: left out, and reported by verify.
    left_out: int


def build_chains(
    recorder: Recorder, mapper: Mapper[Any], now: datetime, progress: Callable[[int], None] | None = None
) -> Built:
    """Chain the events of every pending workspace; nothing to do if none is pending."""
    from ledger.workspace import Workspace

    built_at = instant_text(now)
    with transaction(recorder, write=True) as t:
        pending = {str(row[0]) for row in t.query(SELECT_PENDING)}
        heads: dict[str, tuple[int, bytes, str]] = {}
        owners: dict[str, str] = {}
        after, left_out = -1, 0
        while pending:
            rows = t.query(SELECT_UNCHAINED, (after, PAGE))
            links = []
            for _, key, version, topic, state in rows:
                try:
                    cls = resolve_topic(topic)
                    event = RecordedEvent.of(cls, decode_state(mapper, topic, bytes(state)))
                except UNREADABLE as error:
                    raise ChainBuildFailed(
                        f"event {key} version {version} cannot be read: {error}"
                    ) from error
                named = event.data.get("workspace_id")
                if named is None and cls is Workspace.WorkspaceCreated:
                    named = key
                owner = str(UUID(str(named))) if named is not None else owners.get(str(key))
                if owner is None or owner not in pending:
                    left_out += 1
                    continue
                owners[str(key)] = owner
                seq, previous, _ = heads.get(owner, (0, genesis(built_at), ""))
                seq += 1
                previous = link(previous, event.canonical(UUID(str(key)), int(version)))
                recorded_at = instant_text(event.recorded_at)
                links.append(
                    (owner, seq, key, version, previous.hex(), recorded_at, built_at if seq == 1 else None)
                )
                heads[owner] = (seq, previous, recorded_at)
            if links:
                t.tx.write(LINKS, links)
            if progress:
                progress(len(rows))
            if len(rows) < PAGE:
                break
            after = rows[-1][0]
        if heads:
            t.tx.write(HEADS, [(w, seq, h.hex(), at) for w, (seq, h, at) in sorted(heads.items())])
        return Built(built_at, len(heads), sum(seq for seq, _, _ in heads.values()), left_out)
