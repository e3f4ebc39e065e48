"""Auditors' use cases: every event of an aggregate, oldest first (SPEC §8)."""

from datetime import datetime
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from ledger.access import Actor
from ledger.aggregate import WorkspaceAggregate
from ledger.billable import Billable, BillableKind
from ledger.credit_note import CreditNote
from ledger.errors import NotFound
from ledger.expense import Expense
from ledger.invoice import Invoice
from ledger.plain import plain
from ledger.time_entry import TimeEntry
from ledger.usecases.base import LedgerBase
from ledger.views import HistoryEvent

KINDS: dict[str, type[WorkspaceAggregate]] = {
    "invoice": Invoice,
    "credit-note": CreditNote,
    BillableKind.TIME_ENTRY.value: TimeEntry,
    BillableKind.EXPENSE.value: Expense,
}
ENVELOPE = {"originator_id", "originator_version", "timestamp", "originator_topic", "actor_id"}


class HistoryUseCases(LedgerBase):
    def history(self, actor: Actor, kind: str, aggregate_id: UUID) -> list[HistoryEvent]:
        """Every event of an invoice, credit note, time entry or expense; deleted ones keep their history."""
        aggregate = self._load(self._kind(kind), aggregate_id, actor, include_deleted=True)
        mine = isinstance(aggregate, Billable) and aggregate.member_id == actor.member_id
        if isinstance(aggregate, Billable) and not mine and not actor.reads_everything:
            # As with reading the entry itself: another member's entry is as good as missing.
            raise NotFound(f"{aggregate.kind.label} {aggregate_id} not found")
        if not mine:
            actor.require_reader_of_all()
        return self._events_of(aggregate_id)

    def replay(
        self, kind: str, aggregate_id: UUID, as_of: datetime | None = None
    ) -> tuple[list[HistoryEvent], dict[str, Any]]:
        """An operator's replay, with no workspace to check: the events up to `as_of`, and the
        state they give."""
        version = None if as_of is None else self._version_at(aggregate_id, as_of)
        try:
            aggregate: WorkspaceAggregate = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            raise NotFound(f"{kind} {aggregate_id} not found") from None
        if not isinstance(aggregate, self._kind(kind)):
            raise NotFound(f"{aggregate_id} is not a {kind}")
        events = [e for e in self._events_of(aggregate_id) if e.version <= aggregate.version]
        state = {"id": aggregate.id, "version": aggregate.version, **vars(aggregate)}
        return events, plain({k: v for k, v in state.items() if not k.startswith("_")})

    @staticmethod
    def _kind(kind: str) -> type[WorkspaceAggregate]:
        if kind not in KINDS:
            raise NotFound(f"no history of {kind!r}")
        return KINDS[kind]

    def _events_of(self, aggregate_id: UUID) -> list[HistoryEvent]:
        return [
            HistoryEvent(
                version=event.originator_version,
                type=type(event).__name__,
                recorded_at=event.timestamp,
                actor_id=getattr(event, "actor_id", None),
                data=plain({k: v for k, v in vars(event).items() if k not in ENVELOPE}),
            )
            for event in cast(list[Aggregate.Event], list(self.events.get(aggregate_id)))
        ]
