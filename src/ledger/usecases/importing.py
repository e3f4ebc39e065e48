"""Importing time and expenses into an invoice (SPEC §5): the heart of the ledger.

Candidates come from the side-table index written with the events; all of them are then
loaded from one query and each is checked on its own aggregate, so a stale candidate is never
billed. The invoice's `ItemsImported` and every entry's `Invoiced` event are saved together: a
racing import of the same entry fails on the entry's version and records nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

from ledger.access import Actor
from ledger.billable import Billable, BillableKind
from ledger.category import ExpenseCategory
from ledger.client import Client
from ledger.commands import ImportItems
from ledger.errors import EntryAlreadyInvoiced, InvalidInput, NotFound, NothingToImport, ProjectNotOfClient
from ledger.expense import Expense
from ledger.grouping import DraftLine, ExpenseCandidate, TimeCandidate, group_expenses, group_time
from ledger.invoice import Invoice, LineItem
from ledger.loading import collector_paused
from ledger.member import Member
from ledger.money import ZERO
from ledger.project import Project
from ledger.time_entry import TimeEntry
from ledger.usecases.base import ExpectedVersion, LedgerBase
from ledger.views import ImportView, LineView


@dataclass
class _Names:
    """Names of projects, members and categories, each loaded once per import."""

    app: LedgerBase
    actor: Actor
    loaded: dict[UUID, Any] = field(default_factory=dict)

    def __call__(self, cls: type, aggregate_id: UUID) -> str:
        if aggregate_id not in self.loaded:
            self.loaded[aggregate_id] = self.app._load(cls, aggregate_id, self.actor).name
        return str(self.loaded[aggregate_id])


class ImportingUseCases(LedgerBase):
    def import_items(
        self, actor: Actor, invoice_id: UUID, command: ImportItems, expected_version: ExpectedVersion = None
    ) -> ImportView:
        """Bill every eligible entry and expense of the range on new lines of the invoice."""
        with collector_paused():
            return self._import_items(actor, invoice_id, command, expected_version)

    def _import_items(
        self, actor: Actor, invoice_id: UUID, command: ImportItems, expected_version: ExpectedVersion
    ) -> ImportView:
        actor.require_manager()
        invoice = self._load(Invoice, invoice_id, actor, expected_version=expected_version)
        invoice.require_unsent()
        self._load(Client, invoice.client_id, actor).require_active()
        workspace = self._workspace(actor)
        project_ids = self._projects_to_import(actor, invoice, command.project_ids)
        approved_only = workspace.settings.invoice_approved_only
        names = _Names(self, actor)

        def candidates(cls: type[Billable], kind: BillableKind) -> list[Any]:
            ids = self.index.eligible_ids(
                actor.workspace_id, kind, project_ids, command.date_from, command.date_to, approved_only
            )
            # The index only proposes; the aggregate decides.
            return [
                entry
                for entry in self._load_many(cls, ids, actor)
                if entry.is_eligible(approved_only)
                and entry.project_id in project_ids
                and command.date_from <= entry.billing_day <= command.date_to
            ]

        entries: list[TimeEntry] = (
            candidates(TimeEntry, BillableKind.TIME_ENTRY) if command.include_time else []
        )
        expenses: list[Expense] = (
            candidates(Expense, BillableKind.EXPENSE) if command.include_expenses else []
        )
        if not entries and not expenses:
            raise NothingToImport("no billable, uninvoiced time or expenses in that range")

        rounding = workspace.settings.rounding if command.round_time else None
        drafts = [
            *group_time([self._time_candidate(e, names) for e in entries], command.time, rounding),
            *group_expenses([self._expense_candidate(e, names) for e in expenses], command.expenses),
        ]
        import_id = uuid4()
        first = invoice.next_position
        labels = workspace.settings.item_type_labels
        items, lines = [], []
        # Each line and its answer in one pass (an import may have 11,000 lines).
        for n, draft in enumerate(drafts):
            item = self._line(draft, import_id, first + n)
            items.append(item)
            lines.append(LineView.of(item, labels, dry_run=command.dry_run))
        result = ImportView(
            import_id=None if command.dry_run else import_id,
            items=lines,
            time_entry_count=len(entries),
            expense_count=len(expenses),
            amount=sum((i.amount for i in items), ZERO),
        )
        if command.dry_run:
            return result
        invoice.import_items(actor.member_id, import_id, items)
        by_id = {e.id: e for e in [*entries, *expenses]}
        for item in items:
            for entry_id in (*item.time_entry_ids, *item.expense_ids):
                by_id[entry_id].invoice(actor.member_id, invoice.id, item.id, import_id)
        taken = EntryAlreadyInvoiced(
            "another request billed some of these entries first: import again to take the rest"
        )
        return self._answer(result, invoice, *entries, *expenses, conflict=taken)

    def _projects_to_import(
        self, actor: Actor, invoice: Invoice, project_ids: Sequence[UUID] | None
    ) -> list[UUID]:
        """The projects named, each of the invoice's client and not archived; or all its active ones."""
        if project_ids is None:
            projects = [
                self._load(Project, p, actor)
                for p in self.index.project_ids_of_client(actor.workspace_id, invoice.client_id)
            ]
            return [project.id for project in projects if not project.archived]
        for project_id in project_ids:
            try:
                project = self._load(Project, project_id, actor)
            except NotFound:
                raise InvalidInput({"project_ids": f"no project {project_id} in this workspace"}) from None
            if project.client_id != invoice.client_id:
                raise ProjectNotOfClient(f"project {project.name} is not of the invoice's client")
            project.require_active()
        return list(project_ids)

    @staticmethod
    def _time_candidate(entry: TimeEntry, names: _Names) -> TimeCandidate:
        return TimeCandidate(
            id=entry.id,
            project_id=entry.project_id,
            project=names(Project, entry.project_id),
            member_id=entry.member_id,
            user=names(Member, entry.member_id),
            description=entry.description,
            start=entry.start,
            day=entry.day,
            seconds=entry.duration_seconds,
            rate=entry.hourly_rate,
        )

    @staticmethod
    def _expense_candidate(expense: Expense, names: _Names) -> ExpenseCandidate:
        return ExpenseCandidate(
            id=expense.id,
            category_id=expense.category_id,
            category=names(ExpenseCategory, expense.category_id),
            project_id=expense.project_id,
            project=names(Project, expense.project_id),
            member_id=expense.member_id,
            user=names(Member, expense.member_id),
            note=expense.note,
            date=expense.date,
            unit=expense.unit,
            quantity=expense.quantity,
            unit_price=expense.unit_price,
            amount=expense.amount,
        )

    @staticmethod
    def _line(draft: DraftLine, import_id: UUID, position: int) -> LineItem:
        return LineItem(
            id=uuid4(),
            position=position,
            item_type=draft.item_type,
            description=draft.description,
            quantity=draft.quantity,
            unit=draft.unit,
            unit_price=draft.unit_price,
            amount=draft.amount,
            import_id=import_id,
            time_entry_ids=draft.time_entry_ids,
            expense_ids=draft.expense_ids,
            raw_seconds=draft.raw_seconds,
            billed_seconds=draft.billed_seconds,
            first_day=draft.first_day,
            last_day=draft.last_day,
        )
