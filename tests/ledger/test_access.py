"""Who may read and write what: auditors, members and managers (SPEC §10), on both backends."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

import pytest

from ledger.access import Actor, Role
from ledger.application import Ledger
from ledger.billable import BillableKind
from ledger.commands import (
    AddLine,
    AddMember,
    ChangeProject,
    ChangeSettings,
    ChangeWorkspace,
    CreateClient,
    CreateInvoice,
    EditTimeEntry,
    LogTime,
    MarkInvoiced,
    RecordExpense,
    SetMemberRate,
    VoidInvoice,
)
from ledger.errors import Forbidden, NotFound
from ledger.workspace import RoundingMode
from support.world import World, at, given_world

START = "2026-10-05T09:00:00+00:00"


@dataclass
class Office:
    """A workspace with an auditor and two members, each with an entry and an expense, and an invoice."""

    world: World
    auditor: Actor
    mia: Actor
    max: Actor
    client_id: UUID
    project_id: UUID
    category_id: UUID
    invoice_id: UUID
    entries: dict[UUID, UUID]
    expenses: dict[UUID, UUID]

    @property
    def ledger(self) -> Ledger:
        return self.world.ledger

    @property
    def owner(self) -> Actor:
        return self.world.owner


def given_an_office(ledger: Ledger) -> Office:
    world = given_world(ledger)
    auditor, mia, max_ = world.member("Aud", Role.AUDITOR), world.member("Mia"), world.member("Max")
    client = world.client()
    project = world.project(client)
    category = world.category("Hotel")
    entries = {m.member_id: world.log(project, START, 3600, member=m) for m in (mia, max_)}
    expenses = {m.member_id: world.expense(project, category, amount="50.00", member=m) for m in (mia, max_)}
    invoice = world.invoice(client)
    ledger.add_item(
        world.owner, invoice, AddLine(description="Consulting", quantity="1", unit_price="100.00")
    )
    return Office(world, auditor, mia, max_, client, project, category, invoice, entries, expenses)


def test_an_auditor_reads_everything(ledger: Ledger) -> None:
    office = given_an_office(ledger)
    auditor, mia = office.auditor, office.mia.member_id

    assert ledger.get_time_entry(auditor, office.entries[mia]).member_id == mia
    assert ledger.get_expense(auditor, office.expenses[mia]).member_id == mia
    assert ledger.get_invoice(auditor, office.invoice_id).number == "INV-0001"
    assert ledger.get_settings(auditor).due_days == 30
    assert ledger.get_member(auditor, mia).name == "Mia"
    assert [e.type for e in ledger.history(auditor, "invoice", office.invoice_id)] == [
        "InvoiceCreated",
        "LineItemAdded",
    ]
    assert len(ledger.history(auditor, "time-entry", office.entries[mia])) == 1


TIME, EXPENSE = BillableKind.TIME_ENTRY, BillableKind.EXPENSE
WRITES: dict[str, Callable[[Office, Actor], object]] = {
    "log-time": lambda o, a: o.ledger.log_time(
        a, LogTime(project_id=o.project_id, start=at(START), end=at(START) + timedelta(hours=1))
    ),
    "record-expense": lambda o, a: o.ledger.record_expense(
        a,
        RecordExpense(
            project_id=o.project_id, category_id=o.category_id, date=date(2026, 10, 5), amount="5.00"
        ),
    ),
    "edit-entry": lambda o, a: o.ledger.edit_time_entry(
        a, o.entries[o.mia.member_id], EditTimeEntry(description="x")
    ),
    "delete-expense": lambda o, a: o.ledger.delete_entry(a, EXPENSE, o.expenses[o.mia.member_id]),
    "approve": lambda o, a: o.ledger.set_approval(a, TIME, o.entries[o.mia.member_id], True),
    "mark-invoiced": lambda o, a: o.ledger.mark_invoiced(
        a, TIME, MarkInvoiced(ids=[o.entries[o.mia.member_id]], invoiced=True)
    ),
    "create-client": lambda o, a: o.ledger.create_client(a, CreateClient(name="Acme")),
    "edit-project": lambda o, a: o.ledger.edit_project(a, o.project_id, ChangeProject(name="Renamed")),
    "member-rate": lambda o, a: o.ledger.set_project_member_rate(
        a, o.project_id, o.mia.member_id, SetMemberRate(amount="1.00")
    ),
    "add-member": lambda o, a: o.ledger.add_member(
        a, AddMember(name="Eve", email="eve@example.com", role=Role.OWNER)
    ),
    "change-settings": lambda o, a: o.ledger.change_settings(
        a, ChangeSettings.model_validate({"rounding": {"mode": RoundingMode.DOWN}})
    ),
    "edit-workspace": lambda o, a: o.ledger.edit_workspace(a, ChangeWorkspace(name="Mine")),
    "create-invoice": lambda o, a: o.ledger.create_invoice(a, CreateInvoice(client_id=o.client_id)),
    "add-item": lambda o, a: o.ledger.add_item(
        a, o.invoice_id, AddLine(description="Extra", quantity="1", unit_price="1.00")
    ),
    "send-invoice": lambda o, a: o.ledger.send_invoice(a, o.invoice_id),
    "void-invoice": lambda o, a: o.ledger.void_invoice(a, o.invoice_id, VoidInvoice(reason="mine")),
    "delete-invoice": lambda o, a: o.ledger.delete_invoice(a, o.invoice_id),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_an_auditor_writes_nothing(ledger: Ledger, write: Callable[[Office, Actor], object]) -> None:
    office = given_an_office(ledger)
    before = ledger.recorder.max_notification_id()

    with pytest.raises(Forbidden):
        write(office, office.auditor)

    assert ledger.recorder.max_notification_id() == before


def test_a_member_reads_their_own_entries_and_history(ledger: Ledger) -> None:
    office = given_an_office(ledger)
    mia = office.mia

    assert ledger.get_time_entry(mia, office.entries[mia.member_id]).member_id == mia.member_id
    assert ledger.get_expense(mia, office.expenses[mia.member_id]).amount == Decimal("50.00")
    assert [e.type for e in ledger.history(mia, "time-entry", office.entries[mia.member_id])] == [
        "TimeEntryLogged"
    ]


def test_another_members_entries_are_not_found_to_a_member(ledger: Ledger) -> None:
    office = given_an_office(ledger)
    mia, theirs = office.mia, office.max.member_id

    for read in (
        lambda: ledger.get_time_entry(mia, office.entries[theirs]),
        lambda: ledger.get_expense(mia, office.expenses[theirs]),
        lambda: ledger.edit_time_entry(mia, office.entries[theirs], EditTimeEntry(description="mine now")),
        lambda: ledger.delete_entry(mia, EXPENSE, office.expenses[theirs]),
        lambda: ledger.history(mia, "time-entry", office.entries[theirs]),
        lambda: ledger.history(mia, "expense", office.expenses[theirs]),
    ):
        with pytest.raises(NotFound):
            read()


def test_a_member_may_not_read_invoices_settings_or_other_members(ledger: Ledger) -> None:
    office = given_an_office(ledger)
    mia = office.mia

    for read in (
        lambda: ledger.get_invoice(mia, office.invoice_id),
        lambda: ledger.history(mia, "invoice", office.invoice_id),
        lambda: ledger.get_settings(mia),
        lambda: ledger.get_member(mia, office.max.member_id),
    ):
        with pytest.raises(Forbidden):
            read()


def test_a_member_reads_clients_projects_categories_and_themselves(ledger: Ledger) -> None:
    office = given_an_office(ledger)
    mia = office.mia

    assert ledger.get_client(mia, office.client_id).name == "Globex"
    assert ledger.get_project(mia, office.project_id).name == "Website"
    assert ledger.get_category(mia, office.category_id).name == "Hotel"
    assert ledger.get_member(mia, mia.member_id).name == "Mia"


MANAGER_WRITES = (
    "approve",
    "mark-invoiced",
    "create-client",
    "change-settings",
    "create-invoice",
    "add-item",
)


@pytest.mark.parametrize("write", [WRITES[name] for name in MANAGER_WRITES], ids=MANAGER_WRITES)
def test_a_member_may_not_manage(ledger: Ledger, write: Callable[[Office, Actor], object]) -> None:
    office = given_an_office(ledger)
    before = ledger.recorder.max_notification_id()

    with pytest.raises(Forbidden):
        write(office, office.mia)

    assert ledger.recorder.max_notification_id() == before


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_an_admin_may_do_every_write(ledger: Ledger, write: Callable[[Office, Actor], object]) -> None:
    office = given_an_office(ledger)
    admin = office.world.member("Ada", Role.ADMIN)
    before = ledger.recorder.max_notification_id()

    write(office, admin)

    assert ledger.recorder.max_notification_id() != before
