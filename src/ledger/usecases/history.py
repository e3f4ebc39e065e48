"""Auditors' use cases: every event of an aggregate, oldest first (SPEC §8)."""

from typing import Any
from uuid import UUID

from ledger.access import Actor
from ledger.aggregate import WorkspaceAggregate
from ledger.billable import Billable
from ledger.errors import NotFound
from ledger.expense import Expense
from ledger.invoice import Invoice
from ledger.plain import plain
from ledger.time_entry import TimeEntry
from ledger.usecases.base import LedgerBase

KINDS: dict[str, type[WorkspaceAggregate]] = {
    "invoice": Invoice,
    "time-entry": TimeEntry,
    "expense": Expense,
}
ENVELOPE = {"originator_id", "originator_version", "timestamp", "originator_topic", "actor_id"}


class HistoryUseCases(LedgerBase):
    def history(self, actor: Actor, kind: str, aggregate_id: UUID) -> list[dict[str, Any]]:
        """Every event of an invoice, time entry or expense; deleted ones keep their history."""
        if kind not in KINDS:
            raise NotFound(f"no history of {kind!r}")
        aggregate = self._load(KINDS[kind], aggregate_id, actor, include_deleted=True)
        if isinstance(aggregate, Billable):
            if aggregate.member_id != actor.member_id:
                actor.require_reader_of_all()
        else:
            actor.require_reader_of_all()
        return [
            {
                "version": event.originator_version,
                "type": type(event).__name__,
                "recorded_at": event.timestamp,
                "actor_id": getattr(event, "actor_id", None),
                "data": plain({k: v for k, v in vars(event).items() if k not in ENVELOPE}),
            }
            for event in self.events.get(aggregate_id)
        ]
