"""The write side's queries of the side tables: import candidates, a client's projects, numbers, keys."""

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from ledger.billable import BillableKind
from ledger.persistence import answers
from ledger.persistence.side_tables import ELIGIBLE

SELECT_ELIGIBLE = f"""
SELECT id FROM {{billables}} WHERE workspace_id = ? AND kind = ? AND project_id IN ({{projects_in}})
    AND day BETWEEN ? AND ? AND {ELIGIBLE}
ORDER BY day, id
"""
SELECT_CLIENT_PROJECTS = (
    "SELECT id FROM {projects} WHERE workspace_id = ? AND client_id = ? AND NOT deleted ORDER BY id"
)
SELECT_NUMBER = "SELECT invoice_id FROM {numbers} WHERE workspace_id = ? AND number = ?"
SELECT_API_KEY = "SELECT workspace_id, member_id FROM {api_keys} WHERE key_hash = ?"
SELECT_NUMBER_ANYWHERE = (
    "SELECT workspace_id, invoice_id FROM {numbers} WHERE number = ? ORDER BY workspace_id"
)
SELECT_INVOICE = "SELECT workspace_id, client_id FROM {invoices} WHERE id = ?"
SELECT_LOGO = "SELECT content FROM {logos} WHERE workspace_id = ? AND sha256 = ?"


class LedgerIndex(ABC):
    """Queries of the side tables, the same on both backends."""

    @abstractmethod
    def migrate(self, decode: Callable[[StoredEvent], Any]) -> None:
        """Bring the side tables up to date with this version of the ledger."""

    @abstractmethod
    def _query(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        """Rows of a read-only query written with `?` placeholders and `{table}` names."""

    @abstractmethod
    def select_events_of(self, originator_ids: Sequence[UUID]) -> list[StoredEvent]:
        """Every stored event of these aggregates in one query, by aggregate, then version."""

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any]) -> None:
        """Run one statement in a transaction of its own (outside any save)."""

    def answer(self, request: answers.RequestKey) -> answers.StoredAnswer | None:
        """The answer recorded under a request's key, while it lives (`answers`)."""
        return answers.stored_answer(self._query(*answers.select(request)))

    def prune_answers(self, ttl_seconds: float) -> None:
        """Forget answers older than `ttl_seconds`."""
        self._execute(*answers.prune(ttl_seconds))

    def eligible_ids(
        self,
        workspace_id: UUID,
        kind: BillableKind,
        project_ids: Sequence[UUID],
        date_from: date,
        date_to: date,
        approved_only: bool,
    ) -> list[UUID]:
        """Candidates for an import; the caller re-checks each on its aggregate."""
        if not project_ids:
            return []
        sql = SELECT_ELIGIBLE.replace("{projects_in}", ", ".join("?" for _ in project_ids))
        params: list[Any] = [str(workspace_id), kind.value, *map(str, project_ids)]
        params += [date_from.isoformat(), date_to.isoformat(), not approved_only]
        return [UUID(row[0]) for row in self._query(sql, params)]

    def project_ids_of_client(self, workspace_id: UUID, client_id: UUID) -> list[UUID]:
        rows = self._query(SELECT_CLIENT_PROJECTS, [str(workspace_id), str(client_id)])
        return [UUID(row[0]) for row in rows]

    def invoice_with_number(self, workspace_id: UUID, number: str) -> UUID | None:
        """The invoice, or credit note, that has or once had `number` in the workspace."""
        rows = self._query(SELECT_NUMBER, [str(workspace_id), number])
        return UUID(rows[0][0]) if rows else None

    def invoices_numbered(self, number: str) -> list[tuple[UUID, UUID]]:
        """(workspace id, invoice id) of every invoice ever given `number`, in any workspace."""
        return [(UUID(row[0]), UUID(row[1])) for row in self._query(SELECT_NUMBER_ANYWHERE, [number])]

    def invoice_parties(self, invoice_id: UUID) -> tuple[UUID, UUID] | None:
        """(workspace id, client id) of an invoice, without loading it."""
        rows = self._query(SELECT_INVOICE, [str(invoice_id)])
        return (UUID(rows[0][0]), UUID(rows[0][1])) if rows else None

    def logo_content(self, workspace_id: UUID, sha256: str) -> bytes | None:
        """The bytes of a logo the workspace had, by their SHA-256."""
        rows = self._query(SELECT_LOGO, [str(workspace_id), sha256])
        return bytes(rows[0][0]) if rows else None

    def api_key_owner(self, key_hash: str) -> tuple[UUID, UUID] | None:
        """(workspace id, member id) of the key with this hash, if any."""
        rows = self._query(SELECT_API_KEY, [key_hash])
        return (UUID(rows[0][0]), UUID(rows[0][1])) if rows else None
