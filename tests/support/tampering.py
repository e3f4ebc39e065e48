"""Raw SQL on a ledger's store, as someone with write access to the database would do it.

Every change goes around the ledger (its own connection, no recorder), so the audit chain is
the only thing that can notice.
"""

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import psycopg

from ledger.config import Settings


@dataclass(frozen=True)
class RawStore:
    """The events table and the chain's tables, by plain SQL."""

    settings: Settings

    @property
    def postgres(self) -> bool:
        return self.settings.is_postgres

    def _table(self, name: str) -> str:
        return f'"{self.settings.database_schema}".{name}' if self.postgres else name

    @property
    def events(self) -> str:
        return self._table("ledger_events") if self.postgres else "stored_events"

    @property
    def position(self) -> str:
        return "notification_id" if self.postgres else "rowid"

    def key(self, aggregate_id: UUID) -> Any:
        return aggregate_id if self.postgres else aggregate_id.hex

    @contextmanager
    def _cursor(self) -> Iterator[Any]:
        if self.postgres:
            with psycopg.connect(self.settings.database_url) as conn, conn.cursor() as cur:
                yield cur
        else:
            conn = sqlite3.connect(self.settings.database_url.removeprefix("sqlite:///"), timeout=10)
            try:
                yield conn.cursor()
                conn.commit()
            finally:
                conn.close()

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """`sql` with `?` placeholders and `{events}`, `{chain}`, `{heads}`, `{schema_version}`,
        `{position}` names."""
        sql = sql.format(
            events=self.events,
            chain=self._table("ledger_audit_chain"),
            heads=self._table("ledger_audit_heads"),
            schema_version=self._table("ledger_schema_version"),
            position=self.position,
        )
        with self._cursor() as cur:
            cur.execute(sql.replace("?", "%s") if self.postgres else sql, params)
            return list(cur.fetchall()) if cur.description else []

    def state(self, aggregate_id: UUID, version: int) -> bytes:
        rows = self.run(
            "SELECT state FROM {events} WHERE originator_id = ? AND originator_version = ?",
            (self.key(aggregate_id), version),
        )
        return bytes(rows[0][0])

    def set_state(self, aggregate_id: UUID, version: int, state: bytes) -> None:
        self.run(
            "UPDATE {events} SET state = ? WHERE originator_id = ? AND originator_version = ?",
            (state, self.key(aggregate_id), version),
        )

    def delete(self, aggregate_id: UUID, version: int) -> None:
        self.run(
            "DELETE FROM {events} WHERE originator_id = ? AND originator_version = ?",
            (self.key(aggregate_id), version),
        )

    def insert(self, aggregate_id: UUID, version: int, topic: str, state: bytes) -> None:
        self.run(
            "INSERT INTO {events} (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)",
            (self.key(aggregate_id), version, topic, state),
        )

    def topic(self, aggregate_id: UUID, version: int) -> str:
        rows = self.run(
            "SELECT topic FROM {events} WHERE originator_id = ? AND originator_version = ?",
            (self.key(aggregate_id), version),
        )
        return str(rows[0][0])

    def swap_versions(self, aggregate_id: UUID, first: int, second: int) -> None:
        """The two events trade places in their aggregate's history."""
        key = self.key(aggregate_id)
        where = "WHERE originator_id = ? AND originator_version = ?"
        self.run(f"UPDATE {{events}} SET originator_version = -1 {where}", (key, first))
        self.run(f"UPDATE {{events}} SET originator_version = ? {where}", (first, key, second))
        self.run(f"UPDATE {{events}} SET originator_version = ? {where}", (second, key, -1))

    def swap_positions(self, first: tuple[UUID, int], second: tuple[UUID, int]) -> None:
        """The two events trade places in the store's log (what projections follow)."""
        where = "WHERE originator_id = ? AND originator_version = ?"
        [(a,)] = self.run(f"SELECT {{position}} FROM {{events}} {where}", (self.key(first[0]), first[1]))
        [(b,)] = self.run(f"SELECT {{position}} FROM {{events}} {where}", (self.key(second[0]), second[1]))
        self.run("UPDATE {events} SET {position} = -1 WHERE {position} = ?", (a,))
        self.run("UPDATE {events} SET {position} = ? WHERE {position} = ?", (a, b))
        self.run("UPDATE {events} SET {position} = ? WHERE {position} = -1", (b,))

    def links(self, workspace_id: UUID) -> list[tuple[int, UUID, int, str]]:
        """(seq, aggregate id, version, hash) of every link of the workspace, in order."""
        rows = self.run(
            "SELECT seq, aggregate_id, version, hash FROM {chain} WHERE workspace_id = ? ORDER BY seq",
            (str(workspace_id),),
        )
        return [(int(seq), UUID(str(key)), int(version), str(hash)) for seq, key, version, hash in rows]

    def set_link(self, workspace_id: UUID, seq: int, hash: str) -> None:
        self.run(
            "UPDATE {chain} SET hash = ? WHERE workspace_id = ? AND seq = ?", (hash, str(workspace_id), seq)
        )

    def set_head(self, workspace_id: UUID, seq: int, hash: str) -> None:
        self.run(
            "UPDATE {heads} SET seq = ?, hash = ? WHERE workspace_id = ?", (seq, hash, str(workspace_id))
        )
