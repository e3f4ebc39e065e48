"""Use cases of tracked time and expenses: log, edit, approve, delete, mark by hand (SPEC §3, §7)."""

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from ledger.access import Actor
from ledger.billable import Billable
from ledger.category import ExpenseCategory
from ledger.errors import ArchivedCategory, BulkMarkingRejected, InvalidInput, LedgerError, NotFound
from ledger.expense import Expense, price, priced
from ledger.member import Member
from ledger.money import ZERO, cost_of_time
from ledger.project import Project, resolve_rate
from ledger.time_entry import TimeEntry, measure
from ledger.usecases.base import LedgerBase


class TrackingUseCases(LedgerBase):
    def _project_for_entry(self, actor: Actor, project_id: UUID) -> Project:
        try:
            return self._load(Project, project_id, actor)
        except NotFound:
            raise InvalidInput({"project_id": "no such project in this workspace"}) from None

    def _member_for_entry(self, actor: Actor, member_id: UUID | None) -> Member:
        member_id = member_id or actor.member_id
        actor.require_may_act_for(member_id)
        try:
            return self._load(Member, member_id, actor)
        except NotFound:
            raise InvalidInput({"member_id": "no such member in this workspace"}) from None

    def _owned(self, actor: Actor, entry: Billable) -> Billable:
        """Members see only their own entries: another's is as good as missing."""
        if not actor.reads_everything and entry.member_id != actor.member_id:
            raise NotFound(f"{entry.kind} {entry.id} not found")
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
    ) -> dict[str, Any]:
        """What a time entry derives from its inputs: day, duration, rate (unless kept), amount."""
        workspace = self._workspace(actor)
        day, seconds = measure(start, end, workspace.timezone)
        if rate is None:
            rate = resolve_rate(project, member.hourly_rate, workspace.hourly_rate, member.id)
        return {
            "client_id": project.client_id,
            "day": day,
            "duration_seconds": seconds,
            "hourly_rate": rate,
            "amount": cost_of_time(seconds, rate) if billable else ZERO,
        }

    def log_time(
        self,
        actor: Actor,
        project_id: UUID,
        start: datetime,
        end: datetime,
        description: str = "",
        member_id: UUID | None = None,
        billable: bool | None = None,
    ) -> dict[str, Any]:
        """Log time; the rate is resolved and captured now."""
        member = self._member_for_entry(actor, member_id)
        project = self._project_for_entry(actor, project_id)
        billable = project.billable if billable is None else billable
        entry = TimeEntry(
            id=uuid4(),
            actor_id=actor.member_id,
            workspace_id=actor.workspace_id,
            member_id=member.id,
            project_id=project.id,
            description=description,
            start=start,
            end=end,
            billable=billable,
            **self._time_outcomes(actor, project, member, start, end, billable),
        )
        self.save(entry)
        return entry.as_dict()

    def get_time_entry(self, actor: Actor, entry_id: UUID) -> dict[str, Any]:
        return self._owned(actor, self._load(TimeEntry, entry_id, actor)).as_dict()

    def edit_time_entry(self, actor: Actor, entry_id: UUID, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Edit; the rate is resolved again when the project, member or billable flag changes."""
        entry = self._owned(actor, self._load(TimeEntry, entry_id, actor))
        assert isinstance(entry, TimeEntry)
        actor.require_may_act_for(entry.member_id)
        entry.require_unlocked()
        fields = ("project_id", "member_id", "description", "start", "end", "billable")
        merged = {name: changes.get(name, getattr(entry, name)) for name in fields}
        member = self._member_for_entry(actor, merged["member_id"])
        project = self._project_for_entry(actor, merged["project_id"])
        rate_inputs_changed = any(
            merged[name] != getattr(entry, name) for name in ("project_id", "member_id", "billable")
        )
        outcomes = self._time_outcomes(
            actor,
            project,
            member,
            merged["start"],
            merged["end"],
            merged["billable"],
            rate=None if rate_inputs_changed else entry.hourly_rate,
        )
        entry.edit(actor.member_id, **merged, **outcomes)
        self._commit(entry)
        return entry.as_dict()

    # Expenses.

    def record_expense(
        self,
        actor: Actor,
        project_id: UUID,
        category_id: UUID,
        date: date,
        quantity: Decimal | None = None,
        amount: Decimal | None = None,
        note: str = "",
        member_id: UUID | None = None,
        billable: bool | None = None,
    ) -> dict[str, Any]:
        """Record an expense; a category with a unit prices it by quantity, captured now."""
        member = self._member_for_entry(actor, member_id)
        project = self._project_for_entry(actor, project_id)
        category = self._category_for_expense(actor, category_id)
        expense = Expense(
            id=uuid4(),
            actor_id=actor.member_id,
            workspace_id=actor.workspace_id,
            member_id=member.id,
            project_id=project.id,
            client_id=project.client_id,
            category_id=category.id,
            date=date,
            note=note,
            billable=project.billable if billable is None else billable,
            **price(category, quantity, amount),
        )
        self.save(expense)
        return expense.as_dict()

    def _category_for_expense(self, actor: Actor, category_id: UUID) -> ExpenseCategory:
        try:
            category = self._load(ExpenseCategory, category_id, actor)
        except NotFound:
            raise InvalidInput({"category_id": "no such category in this workspace"}) from None
        if category.archived:
            raise ArchivedCategory(f"category {category.name} is archived: it takes no new expenses")
        return category

    def get_expense(self, actor: Actor, expense_id: UUID) -> dict[str, Any]:
        return self._owned(actor, self._load(Expense, expense_id, actor)).as_dict()

    def edit_expense(self, actor: Actor, expense_id: UUID, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Edit; a new category prices the expense again, a new quantity at the captured unit price."""
        expense = self._owned(actor, self._load(Expense, expense_id, actor))
        assert isinstance(expense, Expense)
        actor.require_may_act_for(expense.member_id)
        expense.require_unlocked()
        edited = {name: changes[name] for name in ("date", "note", "billable") if name in changes}
        if "member_id" in changes:
            edited["member_id"] = self._member_for_entry(actor, changes["member_id"]).id
        if "project_id" in changes:
            project = self._project_for_entry(actor, changes["project_id"])
            edited |= {"project_id": project.id, "client_id": project.client_id}
        if {"category_id", "quantity", "amount"} & set(changes):
            quantity = changes.get("quantity", expense.quantity if expense.unit else None)
            amount = changes.get("amount", None if expense.unit else expense.amount)
            category_id = changes.get("category_id", expense.category_id)
            if category_id == expense.category_id:
                # Like a time entry's rate, the captured unit price stays until the category changes.
                edited |= priced(expense.unit, expense.unit_price, quantity, amount)
            else:
                category = self._category_for_expense(actor, category_id)
                edited |= {"category_id": category.id, **price(category, quantity, amount)}
        expense.edit(actor.member_id, **edited)
        self._commit(expense)
        return expense.as_dict()

    # Both kinds.

    def _entry(self, actor: Actor, kind: str, entry_id: UUID) -> Billable:
        cls: type[Billable] = TimeEntry if kind == "time" else Expense
        return self._owned(actor, self._load(cls, entry_id, actor))

    def delete_entry(self, actor: Actor, kind: str, entry_id: UUID) -> None:
        """Delete a time entry ("time") or an expense ("expense"), unless it is locked."""
        entry = self._entry(actor, kind, entry_id)
        actor.require_may_act_for(entry.member_id)
        entry.delete(actor.member_id)
        self._commit(entry)

    def set_approval(self, actor: Actor, kind: str, entry_id: UUID, approved: bool) -> dict[str, Any]:
        """Approve, or withdraw the approval of, a time entry or an expense (managers only)."""
        actor.require_manager()
        entry = self._entry(actor, kind, entry_id)
        if approved:
            entry.approve(actor.member_id)
        else:
            entry.withdraw_approval(actor.member_id)
        self._commit(entry)
        return entry.as_dict()

    def mark_invoiced(
        self, actor: Actor, kind: str, entry_ids: list[UUID], invoiced: bool
    ) -> list[dict[str, Any]]:
        """Mark entries invoiced or uninvoiced by hand: all of them, or none (SPEC §7)."""
        actor.require_manager()
        entries, failures = [], []
        for entry_id in dict.fromkeys(entry_ids):
            try:
                entry = self._entry(actor, kind, entry_id)
                if invoiced:
                    entry.mark_invoiced(actor.member_id)
                else:
                    entry.mark_uninvoiced(actor.member_id)
                entries.append(entry)
            except LedgerError as error:
                failures.append((entry_id, error))
        if failures:
            raise BulkMarkingRejected(failures)
        self._commit(*entries)
        return [entry.as_dict() for entry in entries]
