"""Use cases of invoices: create, edit, lines, send, pay, void, delete (SPEC §4, §6).

Whatever frees entries (removing a line or an import, voiding, deleting) saves the invoice's
event and every entry's `Released` event in one transaction.
"""

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from ledger.access import Actor
from ledger.billable import Billable, ReleaseReason
from ledger.client import Client
from ledger.errors import (
    ConcurrentUpdate,
    DuplicateNumber,
    InvalidInput,
    NotFound,
    RuleViolation,
)
from ledger.expense import Expense
from ledger.invoice import Invoice, ItemType, LineItem, Payment
from ledger.money import ZERO, round2
from ledger.time_entry import TimeEntry
from ledger.totals import TaxMode
from ledger.usecases.base import LedgerBase

# A lost attempt means another invoice took a number first, so a writer loses at most as often as
# others succeed meanwhile: allow for far more simultaneous creators than the API ever serves.
NUMBER_ATTEMPTS = 100
PERCENTS = ("discount_percent", "tax_percent", "tax2_percent")


def _check_percents(values: Mapping[str, Any]) -> None:
    errors = {
        name: "must be between 0 and 100"
        for name in PERCENTS
        if values.get(name) is not None and not ZERO <= values[name] <= 100
    }
    if errors:
        raise InvalidInput(errors)


def _check_line(quantity: Decimal | None, description: str | None) -> None:
    errors = {}
    if quantity is not None and quantity == ZERO:
        errors["quantity"] = "must not be zero"
    if description is not None and not description.strip():
        errors["description"] = "must not be empty"
    if errors:
        raise InvalidInput(errors)


class InvoicingUseCases(LedgerBase):
    def invoice_view(self, invoice: Invoice) -> dict[str, Any]:
        today = self._today(self.repository.get(invoice.workspace_id))
        view = invoice.as_dict()
        view["status"] = invoice.display_status(today)
        view["items"] = sorted(invoice.items, key=lambda item: item.position)
        return view

    def _invoice(self, actor: Actor, invoice_id: UUID) -> Invoice:
        actor.require_reader_of_all()
        return self._load(Invoice, invoice_id, actor)

    def create_invoice(
        self,
        actor: Actor,
        client_id: UUID,
        number: str | None = None,
        issue_date: date | None = None,
        due_date: date | None = None,
        subject: str = "",
        note: str = "",
        discount_percent: Decimal | None = None,
        tax_percent: Decimal | None = None,
        tax2_percent: Decimal | None = None,
        tax_mode: TaxMode | None = None,
    ) -> dict[str, Any]:
        """A draft for a client, in the client's currency, numbered by hand or by the sequence."""
        actor.require_manager()
        _check_percents(
            {"discount_percent": discount_percent, "tax_percent": tax_percent, "tax2_percent": tax2_percent}
        )
        try:
            client = self._load(Client, client_id, actor)
        except NotFound:
            raise InvalidInput({"client_id": "no such client in this workspace"}) from None
        if number is not None and not number.strip():
            raise InvalidInput({"number": "must not be empty"})
        for _ in range(NUMBER_ATTEMPTS):
            workspace = self._workspace(actor)
            defaults = workspace.settings
            issue = issue_date or self._today(workspace)

            def default(value: Any, setting: Any) -> Any:
                return setting if value is None else value

            fields = {
                "id": uuid4(),
                "actor_id": actor.member_id,
                "workspace_id": actor.workspace_id,
                "client_id": client.id,
                "currency": client.currency or workspace.currency,
                "issue_date": issue,
                "due_date": due_date or issue + timedelta(days=defaults.due_days),
                "subject": subject,
                "note": note,
                "discount_percent": default(discount_percent, defaults.default_discount_percent),
                "tax_percent": default(tax_percent, defaults.default_tax_percent),
                "tax2_percent": default(tax2_percent, defaults.default_tax2_percent),
                "tax_mode": default(tax_mode, defaults.default_tax_mode),
            }
            if number is not None:
                self._require_number_free(actor, number)
                invoice = Invoice(number=number, **fields)
                self._commit(invoice, conflict=DuplicateNumber(f"invoice number {number} is taken"))
                return self.invoice_view(invoice)
            allocated = workspace.allocate_invoice_number(
                actor.member_id,
                lambda n: self.index.invoice_with_number(actor.workspace_id, n) is not None,
            )
            invoice = Invoice(number=allocated, **fields)
            try:
                self.save(workspace, invoice)
            except IntegrityError:
                continue  # another invoice took the number first: allocate the next one
            return self.invoice_view(invoice)
        raise ConcurrentUpdate("could not allocate an invoice number: try again")

    def _require_number_free(self, actor: Actor, number: str) -> None:
        if self.index.invoice_with_number(actor.workspace_id, number) is not None:
            raise DuplicateNumber(f"invoice number {number} is taken (numbers are never reused)")

    def get_invoice(
        self,
        actor: Actor,
        invoice_id: UUID,
        *,
        version: int | None = None,
        as_of: datetime | None = None,
    ) -> dict[str, Any]:
        """The invoice now, at a version, or as it stood at an instant (SPEC §8)."""
        actor.require_reader_of_all()
        if as_of is not None:
            version = self._version_at(invoice_id, as_of)
        invoice = self._load(Invoice, invoice_id, actor, version=version)
        return self.invoice_view(invoice)

    def change_invoice_details(
        self, actor: Actor, invoice_id: UUID, changes: Mapping[str, Any]
    ) -> dict[str, Any]:
        actor.require_manager()
        _check_percents(changes)
        invoice = self._invoice(actor, invoice_id)
        changes = dict(changes)
        if "number" in changes and changes["number"] != invoice.number:
            self._require_number_free(actor, changes["number"])
        if "client_id" in changes and changes["client_id"] != invoice.client_id:
            if invoice.time_entry_ids or invoice.expense_ids:
                raise RuleViolation("the invoice bills its client's entries: remove the imports first")
            self._load(Client, changes["client_id"], actor)
        invoice.change_details(actor.member_id, changes)
        self._commit(invoice, conflict=self._number_conflict(changes))
        return self.invoice_view(invoice)

    @staticmethod
    def _number_conflict(changes: Mapping[str, Any]) -> ConcurrentUpdate | DuplicateNumber:
        if "number" in changes:
            return DuplicateNumber(f"invoice number {changes['number']} is taken")
        return ConcurrentUpdate("the invoice changed concurrently: reload and try again")

    # Lines.

    def add_item(
        self,
        actor: Actor,
        invoice_id: UUID,
        description: str,
        quantity: Decimal,
        unit_price: Decimal,
        item_type: ItemType = ItemType.SERVICE,
        unit: str | None = None,
    ) -> LineItem:
        """A manual line, billing no entries."""
        actor.require_manager()
        _check_line(quantity, description)
        invoice = self._invoice(actor, invoice_id)
        item = LineItem(
            id=uuid4(),
            position=0,
            item_type=item_type,
            description=description,
            quantity=quantity,
            unit=unit,
            unit_price=unit_price,
            amount=round2(quantity * unit_price),
        )
        invoice.add_item(actor.member_id, item)
        self._commit(invoice)
        return invoice.item(item.id)

    def edit_item(
        self, actor: Actor, invoice_id: UUID, item_id: UUID, changes: Mapping[str, Any]
    ) -> LineItem:
        """Edit a line; its entries stay invoiced, and the amount follows quantity × price."""
        actor.require_manager()
        _check_line(changes.get("quantity"), changes.get("description"))
        invoice = self._invoice(actor, invoice_id)
        invoice.edit_item(actor.member_id, item_id, dict(changes))
        self._commit(invoice)
        return invoice.item(item_id)

    def remove_item(self, actor: Actor, invoice_id: UUID, item_id: UUID) -> None:
        """Remove a line, releasing every entry and expense it billed."""
        actor.require_manager()
        invoice = self._invoice(actor, invoice_id)
        item = invoice.item(item_id)
        invoice.remove_item(actor.member_id, item_id)
        self._release_and_commit(
            actor, invoice, item.time_entry_ids, item.expense_ids, ReleaseReason.LINE_ITEM_REMOVED
        )

    def remove_import(self, actor: Actor, invoice_id: UUID, import_id: UUID) -> None:
        """Remove every line of one import, releasing what they billed."""
        actor.require_manager()
        invoice = self._invoice(actor, invoice_id)
        items = invoice.items_of_import(import_id)
        invoice.remove_import(actor.member_id, import_id)
        self._release_and_commit(
            actor,
            invoice,
            [e for item in items for e in item.time_entry_ids],
            [e for item in items for e in item.expense_ids],
            ReleaseReason.LINE_ITEM_REMOVED,
        )

    def _release_and_commit(
        self,
        actor: Actor,
        invoice: Invoice,
        time_entry_ids: Any,
        expense_ids: Any,
        reason: ReleaseReason,
    ) -> None:
        released: list[Aggregate] = []
        for cls, ids in ((TimeEntry, time_entry_ids), (Expense, expense_ids)):
            for entry_id in ids:
                entry: Billable = self._load(cls, entry_id, actor, include_deleted=True)
                entry.release(actor.member_id, invoice.id, reason)
                released.append(entry)
        self._commit(invoice, *released)

    # Life cycle.

    def send_invoice(self, actor: Actor, invoice_id: UUID) -> dict[str, Any]:
        actor.require_manager()
        invoice = self._invoice(actor, invoice_id)
        invoice.send(actor.member_id)
        self._commit(invoice)
        return self.invoice_view(invoice)

    def reopen_invoice(self, actor: Actor, invoice_id: UUID) -> dict[str, Any]:
        actor.require_manager()
        invoice = self._invoice(actor, invoice_id)
        invoice.reopen(actor.member_id)
        self._commit(invoice)
        return self.invoice_view(invoice)

    def void_invoice(self, actor: Actor, invoice_id: UUID, reason: str = "") -> dict[str, Any]:
        """Void an unsent or unpaid sent invoice; everything it billed is released."""
        actor.require_manager()
        invoice = self._invoice(actor, invoice_id)
        billed = invoice.time_entry_ids, invoice.expense_ids
        invoice.void(actor.member_id, reason)
        self._release_and_commit(actor, invoice, *billed, ReleaseReason.INVOICE_VOIDED)
        return self.invoice_view(invoice)

    def delete_invoice(self, actor: Actor, invoice_id: UUID) -> None:
        """Delete an unsent or void invoice; its number stays taken, its history stays."""
        actor.require_manager()
        invoice = self._invoice(actor, invoice_id)
        invoice.delete(actor.member_id)
        deleted = invoice.pending_events[-1]
        assert isinstance(deleted, Invoice.InvoiceDeleted)
        self._release_and_commit(
            actor,
            invoice,
            deleted.time_entry_ids,
            deleted.expense_ids,
            ReleaseReason.INVOICE_DELETED,
        )

    # Payments.

    def record_payment(
        self, actor: Actor, invoice_id: UUID, amount: Decimal, date: date, note: str = ""
    ) -> Payment:
        actor.require_manager()
        if amount != round2(amount):
            raise InvalidInput({"amount": "at most 2 decimals"})
        invoice = self._invoice(actor, invoice_id)
        payment = Payment(id=uuid4(), amount=amount, date=date, note=note)
        invoice.record_payment(actor.member_id, payment)
        self._commit(invoice)
        return payment

    def delete_payment(self, actor: Actor, invoice_id: UUID, payment_id: UUID) -> dict[str, Any]:
        actor.require_manager()
        invoice = self._invoice(actor, invoice_id)
        invoice.delete_payment(actor.member_id, payment_id)
        self._commit(invoice)
        return self.invoice_view(invoice)
