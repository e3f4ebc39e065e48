"""What time entries and expenses share: approval, the invoiced status, locks (SPEC §3, §7).

Each subclass gets its own copy of these event classes (`TimeEntry.Invoiced`,
`Expense.Invoiced`), so a projector knows what it is looking at from the event alone.
"""

from datetime import date
from enum import Enum
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger.aggregate import Changes, WorkspaceAggregate
from ledger.errors import EntryAlreadyInvoiced, EntryLocked, EntryOnInvoice, NotFound


class BillableKind(Enum):
    """The two kinds of things an invoice bills; the value is how URLs and histories name them."""

    TIME_ENTRY = "time-entry"
    EXPENSE = "expense"

    @property
    def label(self) -> str:
        """How a sentence names one: "time entry", "expense"."""
        return self.value.replace("-", " ")


class ReleaseReason(Enum):
    LINE_ITEM_REMOVED = "line-item-removed"
    INVOICE_DELETED = "invoice-deleted"
    INVOICE_VOIDED = "invoice-voided"
    CREDIT_NOTED = "credit-noted"


def is_eligible(billable: bool, invoiced: bool, deleted: bool, approved: bool, approved_only: bool) -> bool:
    """Can an import take it? Billable, not invoiced, not deleted, and approved if required (SPEC §5).

    The side table's SQL (`persistence.ELIGIBLE`) repeats this rule; a test pins the two together.
    """
    return billable and not invoiced and not deleted and (approved or not approved_only)


class Billable(WorkspaceAggregate):
    """A time entry or an expense: something that can be billed exactly once."""

    member_id: UUID
    project_id: UUID
    billable: bool
    approved: bool
    invoiced: bool
    manually_invoiced: bool
    invoice_id: UUID | None
    line_item_id: UUID | None
    import_id: UUID | None
    deleted: bool
    kind: BillableKind
    day_field = "day"

    def _init_status(self) -> None:
        self.approved = False
        self.invoiced = False
        self.manually_invoiced = False
        self.invoice_id = None
        self.line_item_id = None
        self.import_id = None
        self.deleted = False

    class Approved(Aggregate.Event):
        actor_id: UUID

        def apply(self, entry: "Billable") -> None:
            entry.approved = True

    class ApprovalWithdrawn(Aggregate.Event):
        actor_id: UUID

        def apply(self, entry: "Billable") -> None:
            entry.approved = False

    class Invoiced(Aggregate.Event):
        """Billed by a line of an invoice, through an import."""

        actor_id: UUID
        invoice_id: UUID
        line_item_id: UUID
        import_id: UUID

        def apply(self, entry: "Billable") -> None:
            entry.invoiced = True
            entry.manually_invoiced = False
            entry.invoice_id = self.invoice_id
            entry.line_item_id = self.line_item_id
            entry.import_id = self.import_id

    class Released(Aggregate.Event):
        """No longer billed: the compensating event of `Invoiced`."""

        actor_id: UUID
        invoice_id: UUID
        line_item_id: UUID
        reason: ReleaseReason

        def apply(self, entry: "Billable") -> None:
            entry.invoiced = False
            entry.invoice_id = None
            entry.line_item_id = None
            entry.import_id = None

    class MarkedInvoiced(Aggregate.Event):
        actor_id: UUID

        def apply(self, entry: "Billable") -> None:
            entry.invoiced = True
            entry.manually_invoiced = True

    class MarkedUninvoiced(Aggregate.Event):
        actor_id: UUID

        def apply(self, entry: "Billable") -> None:
            entry.invoiced = False
            entry.manually_invoiced = False

    class Deleted(Aggregate.Event):
        actor_id: UUID

        def apply(self, entry: "Billable") -> None:
            entry.deleted = True

    def require_exists(self) -> None:
        if self.deleted:
            raise NotFound(f"{self.kind.label} {self.id} was deleted")

    def require_unlocked(self) -> None:
        """Invoiced or approved entries are locked until released or unapproved."""
        self.require_exists()
        if self.invoiced:
            raise EntryLocked(f"{self.kind.label} {self.id} is invoiced: release it first")
        if self.approved:
            raise EntryLocked(f"{self.kind.label} {self.id} is approved: withdraw the approval first")

    def _edit_unlocked(self, actor_id: UUID, changes: Changes) -> None:
        self.require_unlocked()
        self._edit(actor_id, changes)

    def approve(self, actor_id: UUID) -> None:
        self.require_exists()
        if not self.approved:
            self.trigger_event(self.Approved, actor_id=actor_id)

    def withdraw_approval(self, actor_id: UUID) -> None:
        self.require_exists()
        if self.approved:
            self.trigger_event(self.ApprovalWithdrawn, actor_id=actor_id)

    def delete(self, actor_id: UUID) -> None:
        self.require_unlocked()
        self.trigger_event(self.Deleted, actor_id=actor_id)

    def invoice(self, actor_id: UUID, invoice_id: UUID, line_item_id: UUID, import_id: UUID) -> None:
        self.require_exists()
        if self.invoiced:
            raise EntryAlreadyInvoiced(f"{self.kind.label} {self.id} is already invoiced")
        self.trigger_event(
            self.Invoiced,
            actor_id=actor_id,
            invoice_id=invoice_id,
            line_item_id=line_item_id,
            import_id=import_id,
        )

    def release(self, actor_id: UUID, invoice_id: UUID, reason: ReleaseReason) -> None:
        """Release from `invoice_id`; an entry not billed by that invoice is left alone."""
        if self.invoice_id == invoice_id and self.line_item_id is not None:
            self.trigger_event(
                self.Released,
                actor_id=actor_id,
                invoice_id=invoice_id,
                line_item_id=self.line_item_id,
                reason=reason,
            )

    def mark_invoiced(self, actor_id: UUID) -> None:
        self.require_exists()
        if not self.invoiced:
            self.trigger_event(self.MarkedInvoiced, actor_id=actor_id)

    def mark_uninvoiced(self, actor_id: UUID) -> None:
        self.require_exists()
        if self.invoice_id is not None:
            raise EntryOnInvoice(
                f"{self.kind.label} {self.id} is on invoice {self.invoice_id}: remove the line instead"
            )
        if self.invoiced:
            self.trigger_event(self.MarkedUninvoiced, actor_id=actor_id)

    @property
    def billing_day(self) -> date:
        """The day an import's date range is matched against."""
        day: date = getattr(self, self.day_field)
        return day

    def is_eligible(self, approved_only: bool) -> bool:
        """Can an import take it (the range and project are the caller's filter)?"""
        return is_eligible(self.billable, self.invoiced, self.deleted, self.approved, approved_only)
