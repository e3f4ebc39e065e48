"""Use cases of tracked time and expenses: log, edit, approve, delete, mark by hand (SPEC §3, §7)."""

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from ledger.access import Actor
from ledger.billable import Billable, BillableKind
from ledger.category import ExpenseCategory
from ledger.commands import EditExpense, EditTimeEntry, LogTime, MarkInvoiced, RecordExpense
from ledger.errors import BulkMarkingRejected, InvalidInput, LedgerError, NotFound
from ledger.expense import Expense, ExpenseChanges, Pricing
from ledger.member import Member
from ledger.money import ZERO, cost_of_time
from ledger.project import Project, resolve_rate
from ledger.time_entry import TimeEntry, TimeEntryChanges, measure
from ledger.usecases.base import ExpectedVersion, LedgerBase
from ledger.views import ExpenseView, TimeEntryView

EntryView = TimeEntryView | ExpenseView
KINDS: dict[BillableKind, type[TimeEntry] | type[Expense]] = {
    BillableKind.TIME_ENTRY: TimeEntry,
    BillableKind.EXPENSE: Expense,
}


def entry_view(entry: Billable) -> EntryView:
    return TimeEntryView.of(entry) if isinstance(entry, TimeEntry) else ExpenseView.of(entry)  # type: ignore[arg-type]


class TrackingUseCases(LedgerBase):
    def _project_for_entry(self, actor: Actor, project_id: UUID, *, new: bool = True) -> Project:
        """The project an entry is logged on; a new entry needs one that is not archived."""
        try:
            project = self._load(Project, project_id, actor)
        except NotFound:
            raise InvalidInput({"project_id": "no such project in this workspace"}) from None
        if new:
            project.require_active()
        return project

    def _member_for_entry(self, actor: Actor, member_id: UUID | None) -> Member:
        member_id = member_id or actor.member_id
        actor.require_may_act_for(member_id)
        try:
            return self._load(Member, member_id, actor)
        except NotFound:
            raise InvalidInput({"member_id": "no such member in this workspace"}) from None

    def _entry(
        self, actor: Actor, kind: BillableKind, entry_id: UUID, expected_version: ExpectedVersion = None
    ) -> Billable:
        """Members see only their own entries: another's is as good as missing."""
        entry: Billable = self._load(KINDS[kind], entry_id, actor, expected_version=expected_version)
        if not actor.reads_everything and entry.member_id != actor.member_id:
            raise NotFound(f"{kind.label} {entry_id} not found")
        return entry

    # Time entries.

    def _time_outcomes(
        self,
        actor: Actor,
        project: Project,
        member: Member,
        start: datetime,
        end: datetime,
        billable: bool,
        rate: Decimal | None = None,
    ) -> TimeEntryChanges:
        """What a time entry derives from its inputs: day, duration, rate (unless kept), amount."""
        workspace = self._workspace(actor)
        day, seconds = measure(start, end, workspace.timezone)
        if rate is None:
            rate = resolve_rate(project, member.hourly_rate, workspace.hourly_rate, member.id)
        return TimeEntryChanges(
            client_id=project.client_id,
            day=day,
            duration_seconds=seconds,
            hourly_rate=rate,
            amount=cost_of_time(seconds, rate) if billable else ZERO,
        )

    def log_time(self, actor: Actor, command: LogTime) -> TimeEntryView:
        """Log time; the rate is resolved and captured now."""
        member = self._member_for_entry(actor, command.member_id)
        project = self._project_for_entry(actor, command.project_id)
        billable = project.billable if command.billable is None else command.billable
        outcomes = self._time_outcomes(actor, project, member, command.start, command.end, billable)
        entry = TimeEntry(
            id=uuid4(),
            actor_id=actor.member_id,
            workspace_id=actor.workspace_id,
            member_id=member.id,
            project_id=project.id,
            description=command.description,
            start=command.start,
            end=command.end,
            billable=billable,
            **outcomes.items(),
        )
        return self._answer(TimeEntryView.of(entry), entry)

    def get_time_entry(self, actor: Actor, entry_id: UUID) -> TimeEntryView:
        return TimeEntryView.of(self._entry(actor, BillableKind.TIME_ENTRY, entry_id))  # type: ignore[arg-type]

    def edit_time_entry(
        self, actor: Actor, entry_id: UUID, command: EditTimeEntry, expected_version: ExpectedVersion = None
    ) -> TimeEntryView:
        """Edit; the rate is resolved again when the project, member or billable flag changes."""
        entry = self._entry(actor, BillableKind.TIME_ENTRY, entry_id, expected_version)
        assert isinstance(entry, TimeEntry)
        actor.require_may_act_for(entry.member_id)
        entry.require_unlocked()
        given = command.given()
        member = self._member_for_entry(actor, given.get("member_id", entry.member_id))
        project_id = given.get("project_id", entry.project_id)
        project = self._project_for_entry(actor, project_id, new=project_id != entry.project_id)
        billable = given.get("billable", entry.billable)
        # SPEC §2: the rate is resolved again when the project, member or billable flag changes.
        rate_inputs = (member.id, project.id, billable)
        outcomes = self._time_outcomes(
            actor,
            project,
            member,
            given.get("start", entry.start),
            given.get("end", entry.end),
            billable,
            rate=None
            if rate_inputs != (entry.member_id, entry.project_id, entry.billable)
            else entry.hourly_rate,
        )
        entry.edit(actor.member_id, TimeEntryChanges(**given, **outcomes.items()))
        self._commit(entry)
        return TimeEntryView.of(entry)

    # Expenses.

    def _category_for_expense(self, actor: Actor, category_id: UUID) -> ExpenseCategory:
        try:
            category = self._load(ExpenseCategory, category_id, actor)
        except NotFound:
            raise InvalidInput({"category_id": "no such category in this workspace"}) from None
        category.require_active()
        return category

    def record_expense(self, actor: Actor, command: RecordExpense) -> ExpenseView:
        """Record an expense; a category with a unit prices it by quantity, captured now."""
        member = self._member_for_entry(actor, command.member_id)
        project = self._project_for_entry(actor, command.project_id)
        category = self._category_for_expense(actor, command.category_id)
        pricing = Pricing.of(category.unit, category.unit_price, command.quantity, command.amount)
        expense = Expense(
            id=uuid4(),
            actor_id=actor.member_id,
            workspace_id=actor.workspace_id,
            member_id=member.id,
            project_id=project.id,
            client_id=project.client_id,
            category_id=category.id,
            date=command.date,
            note=command.note,
            billable=project.billable if command.billable is None else command.billable,
            unit=pricing.unit,
            quantity=pricing.quantity,
            unit_price=pricing.unit_price,
            amount=pricing.amount,
        )
        return self._answer(ExpenseView.of(expense), expense)

    def get_expense(self, actor: Actor, expense_id: UUID) -> ExpenseView:
        return ExpenseView.of(self._entry(actor, BillableKind.EXPENSE, expense_id))  # type: ignore[arg-type]

    def edit_expense(
        self, actor: Actor, expense_id: UUID, command: EditExpense, expected_version: ExpectedVersion = None
    ) -> ExpenseView:
        """Edit; a new category prices the expense again, a new quantity at the captured unit price."""
        expense = self._entry(actor, BillableKind.EXPENSE, expense_id, expected_version)
        assert isinstance(expense, Expense)
        actor.require_may_act_for(expense.member_id)
        expense.require_unlocked()
        given = command.given()
        edited: dict[str, Any] = {name: given[name] for name in ("date", "note", "billable") if name in given}
        if "member_id" in given:
            edited["member_id"] = self._member_for_entry(actor, given["member_id"]).id
        if given.get("project_id", expense.project_id) != expense.project_id:
            project = self._project_for_entry(actor, given["project_id"])
            edited |= {"project_id": project.id, "client_id": project.client_id}
        if {"category_id", "quantity", "amount"} & given.keys():
            quantity = given.get("quantity", expense.quantity if expense.unit else None)
            amount = given.get("amount", None if expense.unit else expense.amount)
            category_id = given.get("category_id", expense.category_id)
            if category_id == expense.category_id:
                # Like a time entry's rate, the captured unit price stays until the category changes.
                pricing = Pricing.of(expense.unit, expense.unit_price, quantity, amount)
            else:
                category = self._category_for_expense(actor, category_id)
                pricing = Pricing.of(category.unit, category.unit_price, quantity, amount)
                edited["category_id"] = category.id
            edited |= vars(pricing)
        changes = ExpenseChanges(**edited)
        expense.edit(actor.member_id, changes)
        self._commit(expense)
        return ExpenseView.of(expense)

    # Both kinds.

    def delete_entry(
        self, actor: Actor, kind: BillableKind, entry_id: UUID, expected_version: ExpectedVersion = None
    ) -> None:
        """Delete a time entry or an expense, unless it is locked."""
        entry = self._entry(actor, kind, entry_id, expected_version)
        actor.require_may_act_for(entry.member_id)
        entry.delete(actor.member_id)
        self._commit(entry)

    def set_approval(
        self,
        actor: Actor,
        kind: BillableKind,
        entry_id: UUID,
        approved: bool,
        expected_version: ExpectedVersion = None,
    ) -> EntryView:
        """Approve, or withdraw the approval of, a time entry or an expense (managers only)."""
        actor.require_manager()
        entry = self._entry(actor, kind, entry_id, expected_version)
        if approved:
            entry.approve(actor.member_id)
        else:
            entry.withdraw_approval(actor.member_id)
        return self._answer(entry_view(entry), entry)

    def mark_invoiced(self, actor: Actor, kind: BillableKind, command: MarkInvoiced) -> list[EntryView]:
        """Mark entries invoiced or uninvoiced by hand: all of them, or none (SPEC §7)."""
        actor.require_manager()
        entries, failures = [], []
        for entry_id in dict.fromkeys(command.ids):
            try:
                entry = self._entry(actor, kind, entry_id)
                if command.invoiced:
                    entry.mark_invoiced(actor.member_id)
                else:
                    entry.mark_uninvoiced(actor.member_id)
                entries.append(entry)
            except LedgerError as error:
                failures.append((entry_id, error))
        if failures:
            raise BulkMarkingRejected(failures)
        return self._answer([entry_view(entry) for entry in entries], *entries)
