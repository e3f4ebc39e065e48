"""Use cases of invoices: create, edit, lines, send, pay, void, delete (SPEC §4, §6).

Whatever frees entries (removing a line or an import, voiding, deleting) saves the invoice's
event and every entry's `Released` event in one transaction.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from ledger.access import Actor
from ledger.billable import Billable, ReleaseReason
from ledger.client import Client
from ledger.commands import AddLine, ChangeInvoice, CreateInvoice, EditLine, RecordPayment, VoidInvoice
from ledger.errors import ConcurrentUpdate, DuplicateNumber, InvalidInput, NotFound, RuleViolation
from ledger.expense import Expense
from ledger.invoice import Invoice, InvoiceChanges, LineChanges, LineItem, Payment, require_due_after_issue
from ledger.money import line_amount
from ledger.time_entry import TimeEntry
from ledger.usecases.answering import NO_ANSWER
from ledger.usecases.base import ExpectedVersion, LedgerBase
from ledger.views import InvoiceView, LineView, PaymentView

# A lost attempt means another invoice took a number first, so a writer loses at most as often as
# others succeed meanwhile: allow for far more simultaneous creators than the API ever serves.
NUMBER_ATTEMPTS = 100


class InvoicingUseCases(LedgerBase):
    def invoice_view(self, invoice: Invoice) -> InvoiceView:
        """The invoice with its lines labelled, its status judged against today in the workspace."""
        workspace = self._load_workspace(invoice.workspace_id)
        return InvoiceView.of(invoice, workspace.settings.item_type_labels, self._today(workspace))

    def _line_view(self, invoice: Invoice, item_id: UUID) -> LineView:
        labels = self._load_workspace(invoice.workspace_id).settings.item_type_labels
        return LineView.of(invoice.item(item_id), labels)

    def _invoice(self, actor: Actor, invoice_id: UUID, expected_version: ExpectedVersion = None) -> Invoice:
        actor.require_reader_of_all()
        return self._load(Invoice, invoice_id, actor, expected_version=expected_version)

    def _client_for_invoice(self, actor: Actor, client_id: UUID) -> Client:
        """The client an invoice is for; archived clients take no new invoices (SPEC §12)."""
        try:
            client = self._load(Client, client_id, actor)
        except NotFound:
            raise InvalidInput({"client_id": "no such client in this workspace"}) from None
        client.require_active()
        return client

    def create_invoice(self, actor: Actor, command: CreateInvoice) -> InvoiceView:
        """A draft for a client, in the client's currency, numbered by hand or by the sequence."""
        actor.require_manager()
        client = self._client_for_invoice(actor, command.client_id)
        for _ in range(NUMBER_ATTEMPTS):
            workspace = self._workspace(actor)
            defaults = workspace.settings
            issue = command.issue_date or self._today(workspace)
            due = command.due_date or issue + timedelta(days=defaults.due_days)
            require_due_after_issue(issue, due)

            def default(value: Any, setting: Any) -> Any:
                return setting if value is None else value

            fields = {
                "id": uuid4(),
                "actor_id": actor.member_id,
                "workspace_id": actor.workspace_id,
                "client_id": client.id,
                "currency": client.currency or workspace.currency,
                "issue_date": issue,
                "due_date": due,
                "subject": command.subject,
                "note": command.note,
                "discount_percent": default(command.discount_percent, defaults.default_discount_percent),
                "tax_percent": default(command.tax_percent, defaults.default_tax_percent),
                "tax2_percent": default(command.tax2_percent, defaults.default_tax2_percent),
                "tax_mode": default(command.tax_mode, defaults.default_tax_mode),
            }
            if command.number is not None:
                self._require_number_free(actor, command.number)
                invoice = Invoice(number=command.number, **fields)
                taken = DuplicateNumber(f"invoice number {command.number} is taken")
                return self._answer(self.invoice_view(invoice), invoice, conflict=taken)
            allocated = workspace.allocate_invoice_number(
                actor.member_id,
                lambda n: self.index.invoice_with_number(actor.workspace_id, n) is not None,
            )
            invoice = Invoice(number=allocated, **fields)
            view = self.invoice_view(invoice)
            try:
                # A lost attempt rolls back whole, its answer included: only the save that counts answers.
                self.save(workspace, invoice, answer=view)
            except IntegrityError:
                continue  # another invoice took the number first: allocate the next one
            return view
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
    ) -> InvoiceView:
        """The invoice now, at a version, or as it stood at an instant (SPEC §8)."""
        actor.require_reader_of_all()
        if as_of is not None:
            version = self._version_at(invoice_id, as_of)
        invoice = self._load(Invoice, invoice_id, actor, version=version)
        if version is not None and invoice.version != version:
            raise NotFound(f"invoice {invoice_id} has no version {version} yet")
        return self.invoice_view(invoice)

    def change_invoice_details(
        self, actor: Actor, invoice_id: UUID, command: ChangeInvoice, expected_version: ExpectedVersion = None
    ) -> InvoiceView:
        actor.require_manager()
        invoice = self._invoice(actor, invoice_id, expected_version)
        changes = InvoiceChanges(**command.given()).differing_from(invoice)
        number = changes.get("number", None)
        if number is not None:
            self._require_number_free(actor, number)
        client_id = changes.get("client_id", None)
        if client_id is not None:
            if invoice.time_entry_ids or invoice.expense_ids:
                raise RuleViolation("the invoice bills its client's entries: remove the imports first")
            self._client_for_invoice(actor, client_id)
        invoice.change_details(actor.member_id, changes)
        conflict = DuplicateNumber(f"invoice number {number} is taken") if number is not None else None
        self._commit(invoice, conflict=conflict)
        return self.invoice_view(invoice)

    # Lines.

    def add_item(
        self, actor: Actor, invoice_id: UUID, command: AddLine, expected_version: ExpectedVersion = None
    ) -> LineView:
        """A manual line, billing no entries."""
        actor.require_manager()
        invoice = self._invoice(actor, invoice_id, expected_version)
        item = LineItem(
            id=uuid4(),
            position=0,
            item_type=command.item_type,
            description=command.description,
            quantity=command.quantity,
            unit=command.unit,
            unit_price=command.unit_price,
            amount=line_amount(command.quantity, command.unit_price),
        )
        invoice.add_item(actor.member_id, item)
        return self._answer(self._line_view(invoice, item.id), invoice)

    def edit_item(
        self,
        actor: Actor,
        invoice_id: UUID,
        item_id: UUID,
        command: EditLine,
        expected_version: ExpectedVersion = None,
    ) -> LineView:
        """Edit a line; its entries stay invoiced, and the amount follows quantity × price."""
        actor.require_manager()
        invoice = self._invoice(actor, invoice_id, expected_version)
        invoice.edit_item(actor.member_id, item_id, LineChanges(**command.given()))
        self._commit(invoice)
        return self._line_view(invoice, item_id)

    def remove_item(
        self, actor: Actor, invoice_id: UUID, item_id: UUID, expected_version: ExpectedVersion = None
    ) -> None:
        """Remove a line, releasing every entry and expense it billed."""
        actor.require_manager()
        invoice = self._invoice(actor, invoice_id, expected_version)
        item = invoice.item(item_id)
        invoice.remove_item(actor.member_id, item_id)
        self._release_and_commit(
            actor, invoice, item.time_entry_ids, item.expense_ids, ReleaseReason.LINE_ITEM_REMOVED
        )

    def remove_import(
        self, actor: Actor, invoice_id: UUID, import_id: UUID, expected_version: ExpectedVersion = None
    ) -> None:
        """Remove every line of one import, releasing what they billed."""
        actor.require_manager()
        invoice = self._invoice(actor, invoice_id, expected_version)
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
        time_entry_ids: Iterable[UUID],
        expense_ids: Iterable[UUID],
        reason: ReleaseReason,
        answer: object = NO_ANSWER,
    ) -> None:
        released: list[Aggregate] = []
        for cls, ids in ((TimeEntry, time_entry_ids), (Expense, expense_ids)):
            for entry_id in ids:
                entry: Billable = self._load(cls, entry_id, actor, include_deleted=True)
                entry.release(actor.member_id, invoice.id, reason)
                released.append(entry)
        self._commit(invoice, *released, answer=answer)

    # Life cycle.

    def send_invoice(
        self, actor: Actor, invoice_id: UUID, expected_version: ExpectedVersion = None
    ) -> InvoiceView:
        actor.require_manager()
        invoice = self._invoice(actor, invoice_id, expected_version)
        invoice.send(actor.member_id)
        return self._answer(self.invoice_view(invoice), invoice)

    def reopen_invoice(
        self, actor: Actor, invoice_id: UUID, expected_version: ExpectedVersion = None
    ) -> InvoiceView:
        actor.require_manager()
        invoice = self._invoice(actor, invoice_id, expected_version)
        invoice.reopen(actor.member_id)
        return self._answer(self.invoice_view(invoice), invoice)

    def void_invoice(
        self, actor: Actor, invoice_id: UUID, command: VoidInvoice, expected_version: ExpectedVersion = None
    ) -> InvoiceView:
        """Void an unsent or unpaid sent invoice; everything it billed is released."""
        actor.require_manager()
        invoice = self._invoice(actor, invoice_id, expected_version)
        billed = invoice.time_entry_ids, invoice.expense_ids
        invoice.void(actor.member_id, command.reason)
        view = self.invoice_view(invoice)
        self._release_and_commit(actor, invoice, *billed, ReleaseReason.INVOICE_VOIDED, answer=view)
        return view

    def delete_invoice(
        self, actor: Actor, invoice_id: UUID, expected_version: ExpectedVersion = None
    ) -> None:
        """Delete an unsent or void invoice; its number stays taken, its history stays."""
        actor.require_manager()
        invoice = self._invoice(actor, invoice_id, expected_version)
        invoice.delete(actor.member_id)
        deleted = invoice.pending_events[-1]
        assert isinstance(deleted, Invoice.InvoiceDeleted)
        self._release_and_commit(
            actor, invoice, deleted.time_entry_ids, deleted.expense_ids, ReleaseReason.INVOICE_DELETED
        )

    # Payments.

    def record_payment(
        self, actor: Actor, invoice_id: UUID, command: RecordPayment, expected_version: ExpectedVersion = None
    ) -> PaymentView:
        actor.require_manager()
        invoice = self._invoice(actor, invoice_id, expected_version)
        payment = Payment(id=uuid4(), amount=command.amount, date=command.date, note=command.note)
        invoice.record_payment(actor.member_id, payment)
        return self._answer(PaymentView.of(payment), invoice)

    def delete_payment(
        self, actor: Actor, invoice_id: UUID, payment_id: UUID, expected_version: ExpectedVersion = None
    ) -> InvoiceView:
        actor.require_manager()
        invoice = self._invoice(actor, invoice_id, expected_version)
        invoice.delete_payment(actor.member_id, payment_id)
        self._commit(invoice)
        return self.invoice_view(invoice)
