"""The invoice: lines, imports, payments and its life from draft to paid, void or credited (SPEC §4–§6, §15).

Every event that changes money carries the resulting totals, and every event that frees
entries carries their ids, so that projectors never need to load the invoice.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.aggregate import Changes, WorkspaceAggregate, upcast_changes
from ledger.errors import (
    InvalidInput,
    InvalidTransition,
    InvoiceEmpty,
    InvoiceLocked,
    NoRecipient,
    NotFound,
    OverCredit,
    PaymentRejected,
)
from ledger.mail import EmailOptions
from ledger.money import ZERO, line_amount
from ledger.totals import TaxMode, Totals, compute_totals
from ledger.values import UNSET, Unset


class InvoiceStatus(Enum):
    UNSENT = "unsent"
    SENT = "sent"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    VOID = "void"
    # Every line credited in full by credit notes (SPEC §15).
    CREDITED = "credited"


# Statuses that can be shown as "overdue" instead (SPEC §4).
DUE_STATUSES = (InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID)
# Issued invoices: only a credit note corrects them (SPEC §15); "overdue" is one of the first two.
CREDITABLE_STATUSES = (InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.PAID)


def is_overdue(status: InvoiceStatus, due_date: date, balance: Decimal, today: date) -> bool:
    """Past its due date with a balance left, while sent or partially paid (SPEC §4).

    The invoice list's SQL (`projections.invoice_list.OVERDUE`) repeats this rule; a test pins the
    two together. Due today is not overdue yet.
    """
    return status in DUE_STATUSES and due_date < today and balance > ZERO


class ItemType(Enum):
    SERVICE = "service"
    PRODUCT = "product"


@dataclass(frozen=True)
class LineItem:
    id: UUID
    position: int
    item_type: ItemType
    description: str
    quantity: Decimal
    unit: str | None
    unit_price: Decimal
    amount: Decimal
    import_id: UUID | None = None
    time_entry_ids: tuple[UUID, ...] = ()
    expense_ids: tuple[UUID, ...] = ()
    raw_seconds: int | None = None
    billed_seconds: int | None = None
    # The quantity of an imported time line was edited: it no longer follows its billed seconds.
    quantity_overridden: bool = False
    # The first and last day of what an imported line bills (None on manual lines, and on lines
    # imported before lines recorded their days).
    first_day: date | None = None
    last_day: date | None = None


@dataclass(frozen=True)
class LineChanges(Changes):
    """What editing a line may change (SPEC §6); its entries and seconds are never among them."""

    description: str | Unset = UNSET
    quantity: Decimal | Unset = UNSET
    unit: str | Unset | None = UNSET
    unit_price: Decimal | Unset = UNSET
    item_type: ItemType | Unset = UNSET


@dataclass(frozen=True)
class InvoiceChanges(Changes):
    """The details of an invoice (SPEC §4); its currency is captured once and never changes."""

    client_id: UUID | Unset = UNSET
    number: str | Unset = UNSET
    issue_date: date | Unset = UNSET
    due_date: date | Unset = UNSET
    subject: str | Unset = UNSET
    note: str | Unset = UNSET
    discount_percent: Decimal | Unset = UNSET
    tax_percent: Decimal | Unset = UNSET
    tax2_percent: Decimal | Unset = UNSET
    tax_mode: TaxMode | Unset = UNSET


def require_due_after_issue(issue_date: date, due_date: date) -> None:
    if due_date < issue_date:
        raise InvalidInput({"due_date": "must not be before the issue date"})


@dataclass(frozen=True)
class Payment:
    id: UUID
    amount: Decimal
    date: date
    note: str


@dataclass(frozen=True)
class QueuedEmail:
    """What a queued e-mail is, decided by the use case: addresses, text, options, the versions to render."""

    email_id: UUID
    from_name: str
    from_address: str
    reply_to: str | None
    to: list[str]
    cc: list[str]
    bcc: list[str]
    subject: str
    body: str
    options: EmailOptions
    client_version: int
    workspace_version: int


@dataclass(frozen=True)
class CreditedLine:
    """What one credit note took back of one line: a quantity and an amount, in the line's own
    direction (positive for an ordinary line, negative for a negative one)."""

    line_item_id: UUID
    quantity: Decimal
    amount: Decimal


def _sign(quantity: Decimal) -> Decimal:
    return Decimal(-1) if quantity < 0 else Decimal(1)


class Invoice(WorkspaceAggregate):
    # Version 2 added `credits` and `credit_note_ids` (credit notes, SPEC §15): a snapshot taken
    # before them is upcast on load.
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state.setdefault("credits", [])
        state.setdefault("credit_note_ids", [])

    class InvoiceCreated(Aggregate.Created):
        actor_id: UUID
        workspace_id: UUID
        client_id: UUID
        number: str
        currency: str
        issue_date: date
        due_date: date
        subject: str
        note: str
        discount_percent: Decimal
        tax_percent: Decimal
        tax2_percent: Decimal
        tax_mode: TaxMode

    @event(InvoiceCreated)
    def __init__(
        self,
        id: UUID,
        actor_id: UUID,
        workspace_id: UUID,
        client_id: UUID,
        number: str,
        currency: str,
        issue_date: date,
        due_date: date,
        subject: str,
        note: str,
        discount_percent: Decimal,
        tax_percent: Decimal,
        tax2_percent: Decimal,
        tax_mode: TaxMode,
    ) -> None:
        self.workspace_id = workspace_id
        self.client_id = client_id
        self.number = number
        self.currency = currency
        self.issue_date = issue_date
        self.due_date = due_date
        self.subject = subject
        self.note = note
        self.discount_percent = discount_percent
        self.tax_percent = tax_percent
        self.tax2_percent = tax2_percent
        self.tax_mode = tax_mode
        self.items: list[LineItem] = []
        self.payments: list[Payment] = []
        self.totals = Totals()
        self.status = InvoiceStatus.UNSENT
        self.void_reason: str | None = None
        self.deleted = False
        self.credits: list[CreditedLine] = []
        self.credit_note_ids: list[UUID] = []

    # Events: applying them only copies outcomes into state.

    class DetailsChanged(Aggregate.Event):
        class_version = 2
        actor_id: UUID
        changes: InvoiceChanges
        totals: Totals
        upcast_v1_v2 = staticmethod(upcast_changes(InvoiceChanges))

        def apply(self, invoice: "Invoice") -> None:
            for name, value in self.changes.items().items():
                setattr(invoice, name, value)
            invoice.totals = self.totals

    class ItemsImported(Aggregate.Event):
        actor_id: UUID
        import_id: UUID
        items: list[LineItem]
        totals: Totals

        def apply(self, invoice: "Invoice") -> None:
            invoice.items.extend(self.items)
            invoice.totals = self.totals

    class LineItemAdded(Aggregate.Event):
        actor_id: UUID
        item: LineItem
        totals: Totals

        def apply(self, invoice: "Invoice") -> None:
            invoice.items.append(self.item)
            invoice.totals = self.totals

    class LineItemEdited(Aggregate.Event):
        """`item` is the line as it is after the edit."""

        actor_id: UUID
        item: LineItem
        totals: Totals

        def apply(self, invoice: "Invoice") -> None:
            invoice.items = [self.item if i.id == self.item.id else i for i in invoice.items]
            invoice.totals = self.totals

    class LineItemRemoved(Aggregate.Event):
        actor_id: UUID
        item_id: UUID
        time_entry_ids: list[UUID]
        expense_ids: list[UUID]
        totals: Totals

        def apply(self, invoice: "Invoice") -> None:
            invoice.items = [i for i in invoice.items if i.id != self.item_id]
            invoice.totals = self.totals

    class ImportRemoved(Aggregate.Event):
        actor_id: UUID
        import_id: UUID
        item_ids: list[UUID]
        time_entry_ids: list[UUID]
        expense_ids: list[UUID]
        totals: Totals

        def apply(self, invoice: "Invoice") -> None:
            invoice.items = [i for i in invoice.items if i.import_id != self.import_id]
            invoice.totals = self.totals

    class InvoiceSent(Aggregate.Event):
        actor_id: UUID
        status: InvoiceStatus

        def apply(self, invoice: "Invoice") -> None:
            invoice.status = self.status

    class InvoiceReopened(Aggregate.Event):
        actor_id: UUID
        status: InvoiceStatus

        def apply(self, invoice: "Invoice") -> None:
            invoice.status = self.status

    class PaymentRecorded(Aggregate.Event):
        actor_id: UUID
        payment: Payment
        status: InvoiceStatus
        totals: Totals

        def apply(self, invoice: "Invoice") -> None:
            invoice.payments.append(self.payment)
            invoice.status = self.status
            invoice.totals = self.totals

    class PaymentDeleted(Aggregate.Event):
        actor_id: UUID
        payment_id: UUID
        status: InvoiceStatus
        totals: Totals

        def apply(self, invoice: "Invoice") -> None:
            invoice.payments = [p for p in invoice.payments if p.id != self.payment_id]
            invoice.status = self.status
            invoice.totals = self.totals

    class InvoiceVoided(Aggregate.Event):
        actor_id: UUID
        reason: str
        time_entry_ids: list[UUID]
        expense_ids: list[UUID]
        status: InvoiceStatus

        def apply(self, invoice: "Invoice") -> None:
            invoice.status = self.status
            invoice.void_reason = self.reason

    class InvoiceDeleted(Aggregate.Event):
        actor_id: UUID
        time_entry_ids: list[UUID]
        expense_ids: list[UUID]

        def apply(self, invoice: "Invoice") -> None:
            invoice.deleted = True

    # E-mails (SPEC §14). The invoice keeps no e-mail state (the outbox's table does): these
    # events are facts of its history, and applying them changes nothing.

    class EmailQueued(Aggregate.Event):
        """An e-mail decided: its text and addresses as sent, and what to attach, as it stands now.

        `attach_version` is the invoice's version to attach; `client_version` and `workspace_version`
        fix the client and the settings its PDF is rendered with, so every attempt sends the same.
        """

        actor_id: UUID
        workspace_id: UUID
        email_id: UUID
        from_name: str
        from_address: str
        reply_to: str | None
        to: list[str]
        cc: list[str]
        bcc: list[str]
        subject: str
        body: str
        options: EmailOptions
        attach_version: int
        client_version: int
        workspace_version: int

    class EmailDelivered(Aggregate.Event):
        """The SMTP server accepted the message; `actor_id` is who queued it."""

        actor_id: UUID
        email_id: UUID
        attempt: int
        message_id: str
        delivered_at: datetime

    class EmailFailed(Aggregate.Event):
        """An attempt failed; `next_attempt_at` is None when the outbox gave up."""

        actor_id: UUID
        email_id: UUID
        attempt: int
        error: str
        next_attempt_at: datetime | None

    class InvoiceCredited(Aggregate.Event):
        """A credit note took back `lines` (its total is `amount`); the entries of the lines it
        credited in full were released when it asked for that."""

        actor_id: UUID
        credit_note_id: UUID
        credit_note_number: str
        lines: list[CreditedLine]
        amount: Decimal
        time_entry_ids: list[UUID]
        expense_ids: list[UUID]
        status: InvoiceStatus
        totals: Totals

        def apply(self, invoice: "Invoice") -> None:
            invoice.credits.extend(self.lines)
            invoice.credit_note_ids.append(self.credit_note_id)
            invoice.status = self.status
            invoice.totals = self.totals

    # Rules.

    def require_exists(self) -> None:
        if self.deleted:
            raise NotFound(f"invoice {self.id} was deleted")

    def require_unsent(self) -> None:
        self.require_exists()
        if self.status is not InvoiceStatus.UNSENT:
            raise InvoiceLocked(f"invoice {self.number} is {self.status.value}: only unsent ones change")

    def require_status(self, *allowed: InvoiceStatus, action: str) -> None:
        self.require_exists()
        if self.status not in allowed:
            raise InvalidTransition(f"cannot {action} invoice {self.number}: it is {self.status.value}")

    def require_uncredited(self, action: str) -> None:
        """A credit note corrects the invoice as it was issued: it can no longer be reopened or voided."""
        if self.credit_note_ids:
            raise InvalidTransition(f"cannot {action} invoice {self.number}: credit notes correct it")

    # Queries.

    @property
    def time_entry_ids(self) -> list[UUID]:
        return [entry_id for item in self.items for entry_id in item.time_entry_ids]

    @property
    def expense_ids(self) -> list[UUID]:
        return [expense_id for item in self.items for expense_id in item.expense_ids]

    @property
    def service_period(self) -> tuple[date, date] | None:
        """The first and last day of everything the invoice bills, if its lines know them."""
        days = [day for item in self.items for day in (item.first_day, item.last_day) if day is not None]
        return (min(days), max(days)) if days else None

    @property
    def next_position(self) -> int:
        return max((item.position for item in self.items), default=0) + 1

    def credited_quantity(self, item_id: UUID) -> Decimal:
        """How much of the line credit notes took back, in the line's direction."""
        return sum((c.quantity for c in self.credits if c.line_item_id == item_id), ZERO)

    def credited_amount(self, item_id: UUID) -> Decimal:
        return sum((c.amount for c in self.credits if c.line_item_id == item_id), ZERO)

    def uncredited_quantity(self, item: LineItem) -> Decimal:
        """What is left to credit of a line, as a magnitude (never negative)."""
        return abs(item.quantity) - abs(self.credited_quantity(item.id))

    def item(self, item_id: UUID) -> LineItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise NotFound(f"invoice {self.number} has no line {item_id}")

    def items_of_import(self, import_id: UUID) -> list[LineItem]:
        items = [item for item in self.items if item.import_id == import_id]
        if not items:
            raise NotFound(f"invoice {self.number} has no import {import_id}")
        return items

    def display_status(self, today: date) -> str:
        """The status, shown as "overdue" when past due with a balance left (SPEC §4)."""
        if is_overdue(self.status, self.due_date, self.totals.balance, today):
            return "overdue"
        return self.status.value

    def _totals(
        self,
        items: Iterable[LineItem] | None = None,
        payments: Iterable[Payment] | None = None,
        **details: Any,
    ) -> Totals:
        def detail(name: str) -> Any:
            return details.get(name, getattr(self, name))

        return compute_totals(
            (item.amount for item in (self.items if items is None else items)),
            (p.amount for p in (self.payments if payments is None else payments)),
            discount_percent=detail("discount_percent"),
            tax_percent=detail("tax_percent"),
            tax2_percent=detail("tax2_percent"),
            tax_mode=detail("tax_mode"),
            credited=details.get("credited", self.totals.credited),
        )

    def _payment_status(self, totals: Totals, credits: Sequence[CreditedLine] | None = None) -> InvoiceStatus:
        """The status that payments and credit notes give (SPEC §4, §15): `credited` once every line
        is credited in full; else `paid` when nothing is left to pay, `sent` or `partially_paid`."""
        credits = self.credits if credits is None else credits
        if credits and all(_credited_in_full(item, credits) for item in self.items):
            return InvoiceStatus.CREDITED
        if totals.paid == ZERO and (totals.credited == ZERO or totals.balance > ZERO):
            return InvoiceStatus.SENT
        return InvoiceStatus.PAID if totals.balance <= ZERO else InvoiceStatus.PARTIALLY_PAID

    # Commands.

    def change_details(self, actor_id: UUID, changes: InvoiceChanges) -> None:
        self.require_unsent()
        require_due_after_issue(
            changes.get("issue_date", self.issue_date), changes.get("due_date", self.due_date)
        )
        changed = changes.differing_from(self)
        if changed:
            totals = self._totals(**changed.items())
            self.trigger_event(self.DetailsChanged, actor_id=actor_id, changes=changed, totals=totals)

    def import_items(self, actor_id: UUID, import_id: UUID, items: Sequence[LineItem]) -> None:
        self.require_unsent()
        totals = self._totals(items=[*self.items, *items])
        self.trigger_event(
            self.ItemsImported,
            actor_id=actor_id,
            import_id=import_id,
            items=list(items),
            totals=totals,
        )

    def add_item(self, actor_id: UUID, item: LineItem) -> None:
        self.require_unsent()
        item = replace(item, position=self.next_position)
        totals = self._totals(items=[*self.items, item])
        self.trigger_event(self.LineItemAdded, actor_id=actor_id, item=item, totals=totals)

    def edit_item(self, actor_id: UUID, item_id: UUID, changes: LineChanges) -> None:
        """Edit a line; the amount follows quantity × unit price, the linked entries stay as they are."""
        self.require_unsent()
        before = self.item(item_id)
        item = replace(before, **changes.items())
        # An imported time line keeps what was tracked and billed; its quantity now says otherwise.
        overridden = before.quantity_overridden or (
            before.billed_seconds is not None and item.quantity != before.quantity
        )
        item = replace(
            item, amount=line_amount(item.quantity, item.unit_price), quantity_overridden=overridden
        )
        if item != before:
            items = [item if i.id == item_id else i for i in self.items]
            totals = self._totals(items=items)
            self.trigger_event(self.LineItemEdited, actor_id=actor_id, item=item, totals=totals)

    def remove_item(self, actor_id: UUID, item_id: UUID) -> None:
        self.require_unsent()
        item = self.item(item_id)
        totals = self._totals(items=[i for i in self.items if i.id != item_id])
        self.trigger_event(
            self.LineItemRemoved,
            actor_id=actor_id,
            item_id=item_id,
            time_entry_ids=list(item.time_entry_ids),
            expense_ids=list(item.expense_ids),
            totals=totals,
        )

    def remove_import(self, actor_id: UUID, import_id: UUID) -> None:
        self.require_unsent()
        removed = self.items_of_import(import_id)
        totals = self._totals(items=[i for i in self.items if i.import_id != import_id])
        self.trigger_event(
            self.ImportRemoved,
            actor_id=actor_id,
            import_id=import_id,
            item_ids=[i.id for i in removed],
            time_entry_ids=[e for i in removed for e in i.time_entry_ids],
            expense_ids=[e for i in removed for e in i.expense_ids],
            totals=totals,
        )

    def send(self, actor_id: UUID) -> None:
        self.require_status(InvoiceStatus.UNSENT, action="send")
        if not self.items:
            raise InvoiceEmpty(f"invoice {self.number} has no lines: add or import some before sending it")
        self.trigger_event(self.InvoiceSent, actor_id=actor_id, status=InvoiceStatus.SENT)

    def queue_email(self, actor_id: UUID, email: "QueuedEmail") -> None:
        """Queue an e-mail of this invoice; an unsent one becomes sent (SPEC §14), a void one is refused."""
        self.require_exists()
        if self.status is InvoiceStatus.VOID:
            raise InvalidTransition(f"cannot e-mail invoice {self.number}: it is void")
        if not email.to:
            raise NoRecipient(
                f"nobody to e-mail invoice {self.number} to: the client has no e-mail, give `to`"
            )
        if self.status is InvoiceStatus.UNSENT:
            self.send(actor_id)
        self.trigger_event(
            self.EmailQueued,
            actor_id=actor_id,
            workspace_id=self.workspace_id,
            **vars(email),
            attach_version=self.version,
        )

    def record_email_delivered(
        self, actor_id: UUID, email_id: UUID, attempt: int, message_id: str, delivered_at: datetime
    ) -> None:
        """The outbox's outcome: recorded whatever the invoice's status is now (a fact is a fact)."""
        self.trigger_event(
            self.EmailDelivered,
            actor_id=actor_id,
            email_id=email_id,
            attempt=attempt,
            message_id=message_id,
            delivered_at=delivered_at,
        )

    def record_email_failed(
        self, actor_id: UUID, email_id: UUID, attempt: int, error: str, next_attempt_at: datetime | None
    ) -> None:
        self.trigger_event(
            self.EmailFailed,
            actor_id=actor_id,
            email_id=email_id,
            attempt=attempt,
            error=error,
            next_attempt_at=next_attempt_at,
        )

    def reopen(self, actor_id: UUID) -> None:
        self.require_status(InvoiceStatus.SENT, action="reopen")
        self.require_uncredited("reopen")
        self.trigger_event(self.InvoiceReopened, actor_id=actor_id, status=InvoiceStatus.UNSENT)

    def record_payment(self, actor_id: UUID, payment: Payment) -> None:
        self.require_status(InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID, action="record a payment on")
        if not ZERO < payment.amount <= self.totals.balance:
            raise PaymentRejected(
                f"a payment must be more than 0 and at most the balance {self.totals.balance}"
            )
        totals = self._totals(payments=[*self.payments, payment])
        self.trigger_event(
            self.PaymentRecorded,
            actor_id=actor_id,
            payment=payment,
            status=self._payment_status(totals),
            totals=totals,
        )

    def delete_payment(self, actor_id: UUID, payment_id: UUID) -> None:
        self.require_exists()
        if not any(p.id == payment_id for p in self.payments):
            raise NotFound(f"invoice {self.number} has no payment {payment_id}")
        totals = self._totals(payments=[p for p in self.payments if p.id != payment_id])
        self.trigger_event(
            self.PaymentDeleted,
            actor_id=actor_id,
            payment_id=payment_id,
            status=self._payment_status(totals),
            totals=totals,
        )

    def void(self, actor_id: UUID, reason: str) -> None:
        self.require_status(InvoiceStatus.UNSENT, InvoiceStatus.SENT, action="void")
        self.require_uncredited("void")
        self.trigger_event(
            self.InvoiceVoided,
            actor_id=actor_id,
            reason=reason,
            time_entry_ids=self.time_entry_ids,
            expense_ids=self.expense_ids,
            status=InvoiceStatus.VOID,
        )

    def delete(self, actor_id: UUID) -> None:
        self.require_status(InvoiceStatus.UNSENT, InvoiceStatus.VOID, action="delete")
        # A void invoice released its entries already.
        billing = self.status is InvoiceStatus.UNSENT
        self.trigger_event(
            self.InvoiceDeleted,
            actor_id=actor_id,
            time_entry_ids=self.time_entry_ids if billing else [],
            expense_ids=self.expense_ids if billing else [],
        )

    # Credit notes (SPEC §15).

    def require_creditable(self) -> None:
        """Only an issued invoice is corrected by a credit note; a fully credited one has nothing left."""
        self.require_status(*CREDITABLE_STATUSES, action="credit")

    def credit_lines(
        self, quantities: Sequence[tuple[UUID, Decimal]] | None
    ) -> list[tuple[LineItem, CreditedLine]]:
        """What a credit note takes back: each asked line's quantity (a magnitude), or with None every
        line's remainder. A line is never credited beyond its quantity (`over-credit`).

        A part of a line costs `round2(quantity × unit price)`; the part that completes a line takes
        what is left of its amount, so the credits of a line always add up to its amount exactly.
        """
        self.require_creditable()
        if quantities is None:
            quantities = [
                (item.id, left) for item in self.items if (left := self.uncredited_quantity(item)) > 0
            ]
        if len({item_id for item_id, _ in quantities}) != len(quantities):
            raise InvalidInput({"lines": "name each line at most once"})
        credited = []
        for index, (item_id, quantity) in enumerate(quantities):
            try:
                item = self.item(item_id)
            except NotFound:
                raise InvalidInput({f"lines.{index}.line_item_id": "not a line of this invoice"}) from None
            left = self.uncredited_quantity(item)
            if quantity > left:
                raise OverCredit(
                    f"line {item.position} of invoice {self.number} has {left} of {abs(item.quantity)} "
                    f"left to credit, not {quantity}"
                )
            signed = _sign(item.quantity) * quantity
            if quantity == left:
                amount = item.amount - self.credited_amount(item.id)
            else:
                amount = line_amount(signed, item.unit_price)
            credited.append((item, CreditedLine(item.id, signed, amount)))
        return credited

    def credit(
        self,
        actor_id: UUID,
        credit_note_id: UUID,
        credit_note_number: str,
        lines: Sequence[CreditedLine],
        amount: Decimal,
        release_entries: bool,
    ) -> None:
        """Record a credit note of `amount` (its total) taking back `lines` (from `credit_lines`);
        with `release_entries`, the entries of the lines it credits in full are given back."""
        self.require_creditable()
        credits = [*self.credits, *lines]
        completed = [self.item(c.line_item_id) for c in lines]
        completed = (
            [item for item in completed if _credited_in_full(item, credits)] if release_entries else []
        )
        totals = self._totals(credited=self.totals.credited + amount)
        self.trigger_event(
            self.InvoiceCredited,
            actor_id=actor_id,
            credit_note_id=credit_note_id,
            credit_note_number=credit_note_number,
            lines=list(lines),
            amount=amount,
            time_entry_ids=[e for item in completed for e in item.time_entry_ids],
            expense_ids=[e for item in completed for e in item.expense_ids],
            status=self._payment_status(totals, credits),
            totals=totals,
        )


def _credited_in_full(item: LineItem, credits: Sequence[CreditedLine]) -> bool:
    return sum((c.quantity for c in credits if c.line_item_id == item.id), ZERO) == item.quantity
