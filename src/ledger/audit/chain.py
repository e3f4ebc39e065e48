"""Links of the chain: how each is hashed, and the links a save appends in its own transaction.

`hash(n) = SHA-256(hash(n-1) ‖ canonical bytes of event n)`, per workspace, `seq` from 1. The
hash before the first link is 32 zero bytes for a chain begun with its workspace, and
SHA-256("ledger audit init " + built_at) for a chain built afterwards by `ledger audit init`:
that marker is part of what every later link commits to.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger.audit.canonical import event_bytes, instant_text
from ledger.audit.tables import APPEND_POSTGRES, HEADS, LINKS, POSTGRES, SELECT_HEADS_OF, dialect_of
from ledger.persistence.sql import Tx

GENESIS = bytes(32)


class UnchainableEvent(TypeError):
    """An event whose workspace cannot be told: it could never be verified, so it is not saved."""


def genesis(built_at: str | None) -> bytes:
    """The hash before a chain's first link: zeros, or the marker of a chain built afterwards."""
    if built_at is None:
        return GENESIS
    return hashlib.sha256(f"ledger audit init {built_at}".encode()).digest()


def link(previous: bytes, canonical: bytes) -> bytes:
    """The hash of a link: SHA-256 of the previous hash followed by the event's canonical bytes."""
    return hashlib.sha256(previous + canonical).digest()


class NewEvent(NamedTuple):
    """An event about to be recorded, as the chain needs it (a tuple: an import makes thousands)."""

    workspace_id: str
    aggregate_id: UUID
    version: int
    canonical: bytes
    recorded_at: str


@dataclass
class ChainLinks:
    """The links one `save()` appends: a side writer run after the events table is locked."""

    events: list[NewEvent] = field(default_factory=list)

    @classmethod
    def of(cls, objects: Iterable[Any]) -> "ChainLinks":
        """The pending events of what a save records, in the order the save records them.

        Their canonical bytes are made here, before the transaction, so that the lock is held
        only for hashing and writing.
        """
        links = cls()
        seen: set[int] = set()
        for obj in objects:
            if obj is None or id(obj) in seen:
                continue
            seen.add(id(obj))
            if not isinstance(obj, Aggregate):
                raise UnchainableEvent(f"a save records aggregates, not a {type(obj).__name__}")
            workspace = getattr(obj, "workspace_id", None)
            for event in obj.pending_events:
                if workspace is None:
                    raise UnchainableEvent(f"{type(obj).__name__} {obj.id} belongs to no workspace")
                links.events.append(
                    NewEvent(
                        str(workspace),
                        event.originator_id,
                        event.originator_version,
                        event_bytes(event),
                        instant_text(event.timestamp),
                    )
                )
        return links

    def write(self, tx: Tx) -> None:
        """Append each workspace's events to its chain, holding its head row until commit."""
        if not self.events:
            return
        dialect = dialect_of(tx)
        workspaces = sorted({event.workspace_id for event in self.events})
        marks = ", ".join("?" for _ in workspaces)
        sql = SELECT_HEADS_OF.replace("{marks}", marks).replace("{for_update}", dialect.for_update)
        heads = {row[0]: (int(row[1]), row[2]) for row in tx.query(sql, workspaces)}
        links, new_heads = [], []
        for workspace in workspaces:
            seq, head = heads.get(workspace, (0, GENESIS.hex()))
            if head is None:
                continue  # recorded before the chain: `ledger audit init` will chain them all
            previous, recorded_at = bytes.fromhex(head), ""
            for event in self.events:
                if event.workspace_id != workspace:
                    continue
                seq += 1
                previous = link(previous, event.canonical)
                key = dialect.key(event.aggregate_id)
                links.append((workspace, seq, key, event.version, previous.hex(), event.recorded_at, None))
                recorded_at = event.recorded_at
            new_heads.append((workspace, seq, previous.hex(), recorded_at))
        if not links:
            return
        if dialect is POSTGRES:
            # One round trip for both: a save on PostgreSQL is mostly round trips.
            columns = [list(column) for column in zip(*links, strict=True)]
            columns += [list(column) for column in zip(*new_heads, strict=True)]
            tx.execute(APPEND_POSTGRES, columns)
        else:
            tx.write(LINKS, links)
            tx.write(HEADS, new_heads)
