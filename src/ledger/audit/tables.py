"""The chain's two tables, the SQL that reads them, and what differs between the backends.

- `audit_chain`: one link per event, `(workspace_id, seq)` from 1 per workspace: which event
  (`aggregate_id`, `version`), its `hash`, its `recorded_at`, and `built_at` on the first link of
  a chain that `ledger audit init` built after its events were recorded.
- `audit_heads`: each workspace's last link (`seq`, `hash`, `recorded_at`); the row a save locks
  to append to that workspace's chain. `hash` is NULL while the workspace's events, recorded
  before the chain existed, wait for `ledger audit init`.
Aggregate ids are kept as the events table keeps them (uuid on PostgreSQL, hex text on SQLite),
so that links and events join on the events table's primary key.
"""

from dataclasses import dataclass
from uuid import UUID

from eventsourcing.utils import get_topic

from ledger.persistence.sql import PostgresTx, SideWrite, Tx

DDL = """
CREATE TABLE IF NOT EXISTS {audit_chain} (
    workspace_id TEXT NOT NULL, seq BIGINT NOT NULL, aggregate_id {id_type} NOT NULL,
    version BIGINT NOT NULL, hash TEXT NOT NULL, recorded_at TEXT NOT NULL, built_at TEXT,
    PRIMARY KEY (workspace_id, seq)) {clustered};
CREATE UNIQUE INDEX IF NOT EXISTS {audit_chain_events} ON {audit_chain} (aggregate_id, version);
CREATE TABLE IF NOT EXISTS {audit_heads} (
    workspace_id TEXT PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT, recorded_at TEXT)
"""


@dataclass(frozen=True)
class Dialect:
    """What the chain's SQL needs to know of a backend."""

    id_type: str
    # The events table's notification id: the store's own order of events.
    position: str
    for_update: str
    # Links kept in their primary key's order (SQLite): one b-tree less to write per link.
    clustered: str = ""

    def key(self, aggregate_id: UUID) -> str | UUID:
        """An aggregate id as the events table keeps it."""
        return aggregate_id if self.id_type == "uuid" else aggregate_id.hex

    def sql(self, statement: str, events_table: str = "") -> str:
        """`statement` for this backend: its id type, its position column, the events table."""
        names = {"id_type": self.id_type, "position": self.position, "clustered": self.clustered}
        for name, value in {**names, "events": events_table}.items():
            statement = statement.replace("{" + name + "}", value)
        return statement


SQLITE = Dialect(id_type="TEXT", position="rowid", for_update="", clustered="WITHOUT ROWID")
POSTGRES = Dialect(id_type="uuid", position="notification_id", for_update="FOR UPDATE")


def dialect_of(tx: Tx) -> Dialect:
    return POSTGRES if isinstance(tx, PostgresTx) else SQLITE


def create_tables(tx: Tx) -> None:
    """Create the chain's tables if they are missing (every open runs this)."""
    for statement in dialect_of(tx).sql(DDL).split(";"):
        tx.execute(statement)


def mark_workspaces_pending(tx: Tx, events_table: str) -> None:
    """A store that has events before the chain: each of its workspaces waits for `audit init`.

    Workspaces created from now on are chained from their first event.
    """
    from ledger.workspace import Workspace

    rows = tx.query(
        f"SELECT originator_id FROM {events_table} WHERE topic = ?", (get_topic(Workspace.WorkspaceCreated),)
    )
    pending = [(str(UUID(str(row[0]))), 0, None, None) for row in rows]
    if pending:
        tx.write(HEADS_PENDING, pending)


LINKS = SideWrite("audit_chain", ("text", "bigint", "uuid", "bigint", "text", "text", "text"))
HEADS = SideWrite(
    "audit_heads",
    ("text", "bigint", "text", "text"),
    "ON CONFLICT (workspace_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, "
    "recorded_at = excluded.recorded_at",
)
# A save's links and its new heads in one statement (PostgreSQL; see LINKS and HEADS).
APPEND_POSTGRES = (
    "WITH links AS (INSERT INTO {audit_chain} SELECT * FROM unnest("
    "?::text[], ?::bigint[], ?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::text[])) "
    "INSERT INTO {audit_heads} SELECT * FROM unnest(?::text[], ?::bigint[], ?::text[], ?::text[]) "
    + HEADS.conflict
)
HEADS_PENDING = SideWrite("audit_heads", ("text", "bigint", "text", "text"), "ON CONFLICT DO NOTHING")

SELECT_PENDING = "SELECT workspace_id FROM {audit_heads} WHERE hash IS NULL"
SELECT_HEADS = "SELECT workspace_id, seq, hash, recorded_at FROM {audit_heads} ORDER BY workspace_id"
# The heads a save appends to, locked in one order by every writer (no deadlock).
SELECT_HEADS_OF = (
    "SELECT workspace_id, seq, hash FROM {audit_heads} WHERE workspace_id IN ({marks}) "
    "ORDER BY workspace_id {for_update}"
)
SELECT_HEAD = "SELECT workspace_id, seq, hash, recorded_at FROM {audit_heads} WHERE workspace_id = ?"
# One page of a workspace's links with the events they name (NULLs: the event is gone).
SELECT_LINKS = """
SELECT c.seq, c.aggregate_id, c.version, c.hash, c.recorded_at, c.built_at, e.topic, e.state, e.{position}
FROM {audit_chain} c LEFT JOIN {events} e
    ON e.originator_id = c.aggregate_id AND e.originator_version = c.version
WHERE c.workspace_id = ? AND c.seq > ? AND c.seq <= ? ORDER BY c.seq LIMIT ?"""
SELECT_LINK = "SELECT hash, recorded_at, built_at FROM {audit_chain} WHERE workspace_id = ? AND seq = ?"
SELECT_LINK_OF_EVENT = (
    "SELECT workspace_id, seq, hash FROM {audit_chain} WHERE aggregate_id = ? AND version = ?"
)
SELECT_LINKS_AT = (
    "SELECT seq, version, hash FROM {audit_chain} "
    "WHERE workspace_id = ? AND aggregate_id = ? AND recorded_at = ? AND version <> ?"
)
# The first link past the workspace's head, read in one statement with the head itself.
SELECT_PAST_HEAD = """
SELECT c.seq, c.aggregate_id, c.version FROM {audit_chain} c
WHERE c.workspace_id = ? AND c.seq > (SELECT h.seq FROM {audit_heads} h WHERE h.workspace_id = ?)
ORDER BY c.seq LIMIT 1"""
SELECT_WORKSPACE_OF = "SELECT workspace_id FROM {audit_chain} WHERE aggregate_id = ? LIMIT 1"
# One page of the events no link accounts for, in the store's order.
SELECT_UNCHAINED = """
SELECT e.{position}, e.originator_id, e.originator_version, e.topic, e.state FROM {events} e
WHERE e.{position} > ? AND NOT EXISTS (
    SELECT 1 FROM {audit_chain} c WHERE c.aggregate_id = e.originator_id AND c.version = e.originator_version)
ORDER BY e.{position} LIMIT ?"""
