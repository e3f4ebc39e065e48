"""Use cases of credit notes: issue one against an issued invoice, read it (SPEC §15).

Issuing saves, in one transaction, the workspace's `CreditNoteNumberAllocated`, the credit
note's `CreditNoteIssued`, the invoice's `InvoiceCredited` and, when asked, every released
entry's `Released`. A lost race (another credit note of the invoice, or another number taken
first) records nothing and is decided again on fresh state, so a line can never be credited
twice over and a number is never given twice.
"""

from dataclasses import dataclass
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from ledger.access import Actor
from ledger.billable import Billable, ReleaseReason
from ledger.client import Client
from ledger.commands import IssueCreditNote
from ledger.credit_note import CreditNote, CreditNoteLine, credit_note_totals
from ledger.errors import ConcurrentUpdate
from ledger.expense import Expense
from ledger.invoice import Invoice
from ledger.time_entry import TimeEntry
from ledger.usecases.base import ExpectedVersion
from ledger.usecases.documents import DocumentUseCases, LogoImage
from ledger.usecases.invoicing import NUMBER_ATTEMPTS
from ledger.views import ClientView, CreditNoteView
from ledger.workspace import WorkspaceSettings


@dataclass(frozen=True)
class CreditNoteInputs:
    """Everything a credit note's PDF is made from."""

    credit_note: CreditNoteView
    client: ClientView
    settings: WorkspaceSettings
    logo: LogoImage | None


class CreditingUseCases(DocumentUseCases):
    def credit_note_view(self, credit_note: CreditNote) -> CreditNoteView:
        labels = self._load_workspace(credit_note.workspace_id).settings.item_type_labels
        return CreditNoteView.of(credit_note, labels)

    def issue_credit_note(
        self,
        actor: Actor,
        invoice_id: UUID,
        command: IssueCreditNote,
        expected_version: ExpectedVersion = None,
    ) -> CreditNoteView:
        """Credit some lines of an issued invoice by quantity, or all that is left of it."""
        actor.require_manager()
        asked = None if command.all else [(line.line_item_id, line.quantity) for line in command.lines or ()]
        for _ in range(NUMBER_ATTEMPTS):
            invoice = self._invoice(actor, invoice_id, expected_version)
            credited = invoice.credit_lines(asked)
            workspace = self._workspace(actor)
            number = workspace.allocate_credit_note_number(
                actor.member_id, lambda n: self.index.invoice_with_number(actor.workspace_id, n) is not None
            )
            lines = [
                CreditNoteLine.of(uuid4(), position, item, taken)
                for position, (item, taken) in enumerate(credited, start=1)
            ]
            credit_note = CreditNote(
                id=uuid4(),
                actor_id=actor.member_id,
                workspace_id=actor.workspace_id,
                number=number,
                invoice_id=invoice.id,
                invoice_number=invoice.number,
                invoice_issue_date=invoice.issue_date,
                client_id=invoice.client_id,
                currency=invoice.currency,
                issue_date=self._today(workspace),
                reason=command.reason,
                items=lines,
                discount_percent=invoice.discount_percent,
                tax_percent=invoice.tax_percent,
                tax2_percent=invoice.tax2_percent,
                tax_mode=invoice.tax_mode,
                totals=credit_note_totals(invoice, lines),
                release_entries=command.release_entries,
            )
            invoice.credit(
                actor.member_id,
                credit_note.id,
                number,
                [taken for _, taken in credited],
                credit_note.totals.total,
                command.release_entries,
            )
            released = self._released(actor, invoice)
            view = self.credit_note_view(credit_note)
            try:
                self.save(workspace, credit_note, invoice, *released, answer=view)
            except IntegrityError:
                continue  # another credit note or number came first: decide again on fresh state
            return view
        raise ConcurrentUpdate("could not issue the credit note: try again")

    def _released(self, actor: Actor, invoice: Invoice) -> list[Aggregate]:
        """The entries the credit note just recorded gives back, each with its `Released` event."""
        credited = invoice.pending_events[-1]
        assert isinstance(credited, Invoice.InvoiceCredited)
        released: list[Aggregate] = []
        for cls, ids in ((TimeEntry, credited.time_entry_ids), (Expense, credited.expense_ids)):
            for entry_id in ids:
                entry: Billable = self._load(cls, entry_id, actor, include_deleted=True)
                entry.release(actor.member_id, invoice.id, ReleaseReason.CREDIT_NOTED)
                released.append(entry)
        return released

    def get_credit_note(self, actor: Actor, credit_note_id: UUID) -> CreditNoteView:
        actor.require_reader_of_all()
        return self.credit_note_view(self._load(CreditNote, credit_note_id, actor))

    def credit_note_document_inputs(self, actor: Actor, credit_note_id: UUID) -> CreditNoteInputs:
        """The credit note, its client, the settings and the logo, as they stand, for its PDF."""
        credit_note = self.get_credit_note(actor, credit_note_id)
        workspace = self._workspace(actor)
        client = ClientView.of(self._load(Client, credit_note.client_id, actor))
        return CreditNoteInputs(credit_note, client, workspace.settings, self._logo(workspace))
