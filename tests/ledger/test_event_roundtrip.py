"""Every event type survives the store: decoded as recorded, encoded back to the same bytes.

Event classes and their stored form are a contract (STYLE: "a test encodes and decodes every
event type"). One scenario drives the use cases until every event of every aggregate has been
recorded; the stored notifications are then decoded and encoded again, compared with the events
as they were recorded, and every aggregate is reloaded and compared with what the use cases said.
"""

import dataclasses
import json
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar, get_args, get_origin, get_type_hints
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from eventsourcing.domain import Aggregate, DomainEventProtocol
from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, Recording, UUIDAsHex

from documents.email_text import placeholder_values
from ledger.access import Actor, Role
from ledger.aggregate import Changes, WorkspaceAggregate
from ledger.application import Ledger
from ledger.billable import BillableKind
from ledger.category import ExpenseCategory
from ledger.client import Client
from ledger.commands import (
    AddLine,
    AddMember,
    ChangeCategory,
    ChangeClient,
    ChangeInvoice,
    ChangeMember,
    ChangeProject,
    ChangeSettings,
    ChangeWorkspace,
    CreateCategory,
    CreateClient,
    CreateInvoice,
    CreateProject,
    EditExpense,
    EditLine,
    EditTimeEntry,
    IssueCreditNote,
    LogTime,
    MarkInvoiced,
    QueueEmail,
    RecordExpense,
    RecordPayment,
    SetMemberRate,
    VoidInvoice,
)
from ledger.credit_note import CreditNote
from ledger.expense import Expense
from ledger.invoice import Invoice, InvoiceChanges, ItemType, LineChanges
from ledger.member import Member
from ledger.project import Project
from ledger.time_entry import TimeEntry
from ledger.totals import TaxMode
from ledger.transcodings import register_domain_transcodings
from ledger.usecases.emailing import Delivered, Failed
from ledger.values import Unset
from ledger.views import (
    CategoryView,
    ClientView,
    ExpenseView,
    MemberView,
    ProjectView,
    TimeEntryView,
    Versioned,
    WorkspaceView,
)
from ledger.workspace import Workspace, WorkspaceSettings
from support.images import tiny_png
from support.world import World, at, given_world, grouping

Event = DomainEventProtocol[UUID]
BILLABLE_EVENTS = [
    "Edited",
    "Approved",
    "ApprovalWithdrawn",
    "Invoiced",
    "Released",
    "MarkedInvoiced",
    "MarkedUninvoiced",
    "Deleted",
]
# Every event type that can be recorded, by aggregate: the stored contract (SPEC §8).
EXPECTED_EVENTS = {
    "Workspace": [
        "WorkspaceCreated",
        "Edited",
        "SettingsChanged",
        "LogoChanged",
        "InvoiceNumberAllocated",
        "CreditNoteNumberAllocated",
    ],
    "Member": ["MemberAdded", "Edited"],
    "Client": ["ClientCreated", "Edited", "ClientDeleted"],
    "Project": ["ProjectCreated", "Edited", "MemberRateSet", "ProjectDeleted"],
    "ExpenseCategory": ["ExpenseCategoryCreated", "Edited"],
    "TimeEntry": ["TimeEntryLogged", *BILLABLE_EVENTS],
    "Expense": ["ExpenseRecorded", *BILLABLE_EVENTS],
    "Invoice": [
        "InvoiceCreated",
        "DetailsChanged",
        "ItemsImported",
        "LineItemAdded",
        "LineItemEdited",
        "LineItemRemoved",
        "ImportRemoved",
        "InvoiceSent",
        "InvoiceReopened",
        "PaymentRecorded",
        "PaymentDeleted",
        "InvoiceVoided",
        "InvoiceDeleted",
        "EmailQueued",
        "EmailDelivered",
        "EmailFailed",
        "InvoiceCredited",
    ],
    "CreditNote": ["CreditNoteIssued"],
}
# The library's own bases, which every aggregate class re-declares but none records.
LIBRARY_BASES = {"Event", "Created"}
# Inherited from WorkspaceAggregate but never triggered: an invoice's details change by DetailsChanged,
# and a credit note never changes.
NEVER_RECORDED = {"Invoice.Edited", "CreditNote.Edited"}


def event_classes_of(aggregate: type[Aggregate]) -> set[str]:
    """The qualified names of the event classes nested in `aggregate`, inherited copies included."""
    return {
        f"{aggregate.__name__}.{name}"
        for name, value in vars(aggregate).items()
        if isinstance(value, type) and issubclass(value, Aggregate.Event) and name not in LIBRARY_BASES
    }


def aggregate_classes(base: type[WorkspaceAggregate] = WorkspaceAggregate) -> set[type[WorkspaceAggregate]]:
    """Every concrete aggregate class: the leaves below `WorkspaceAggregate` (Billable is a base)."""
    leaves = set()
    for cls in base.__subclasses__():
        if cls.__module__.startswith("ledger."):
            leaves |= aggregate_classes(cls) if cls.__subclasses__() else {cls}
    return leaves


def expected_event_names() -> set[str]:
    return {f"{aggregate}.{name}" for aggregate, names in EXPECTED_EVENTS.items() for name in names}


def test_the_expected_events_are_every_event_class_of_every_aggregate() -> None:
    """A new event class fails here until it is listed, and then the round trip must record it."""
    aggregates = aggregate_classes()
    introspected = set().union(*(event_classes_of(aggregate) for aggregate in aggregates))

    assert {aggregate.__name__ for aggregate in aggregates} == set(EXPECTED_EVENTS)
    assert introspected - NEVER_RECORDED == expected_event_names()


V = TypeVar("V", bound=Versioned)
TIME, EXPENSE = BillableKind.TIME_ENTRY, BillableKind.EXPENSE


class Journal:
    """The latest view the use cases returned for each aggregate, as plain fields, by id."""

    def __init__(self) -> None:
        self.states: dict[UUID, dict[str, Any]] = {}

    def __call__(self, view: V) -> V:
        state = view.model_dump()
        self.states[state["id"]] = state
        return view

    def deleted(self, aggregate_id: UUID) -> None:
        """Deleting returns nothing: it records one more event and marks the aggregate deleted."""
        state = self.states[aggregate_id]
        self.states[aggregate_id] = {**state, "deleted": True, "version": state["version"] + 1}


@dataclasses.dataclass
class Scenario:
    """One workspace driven through every use case that records something."""

    world: World
    journal: Journal

    @property
    def ledger(self) -> Ledger:
        return self.world.ledger

    def directory(self) -> WorkspaceSettings:
        """Members, clients, a project with member rates, two categories; the settings returned."""
        ledger, owner, journal = self.ledger, self.world.owner, self.journal
        journal(ledger.edit_member(owner, owner.member_id, ChangeMember(email="olga@initech.example")))
        settings = ledger.change_settings(
            owner,
            ChangeSettings.model_validate(
                {
                    "rounding": {"minutes": 6, "mode": "nearest"},
                    "number_prefix": "GLX-",
                    "default_tax_percent": "19.00",
                    "company": {"name": "Initech", "email": "bill@initech.example", "country": "DE"},
                    "locale": "de_DE",
                    "labels": {"invoice": "Faktura", "draft": "Entwurf"},
                    "pdf": {"hide_item_type": True, "quantity_format": "hm"},
                    "email": {
                        "subject_template": "Rechnung {invoice_number}",
                        "reply_to": "ar@initech.example",
                    },
                    "credit_note_prefix": "GLX-CN-",
                    "vat_exemption_reason": "Exempt under Article 132 of Directive 2006/112/EC",
                }
            ),
        )
        # A logo put, then replaced: both events name their bytes by hash.
        ledger.change_logo(owner, "image/svg+xml", b'<svg xmlns="http://www.w3.org/2000/svg"/>')
        settings = ledger.change_logo(owner, "image/png", tiny_png())
        mia = journal(
            ledger.add_member(owner, AddMember(name="Mia", email="mia@example.com", hourly_rate="80.00"))
        )
        self.mia = dataclasses.replace(owner, member_id=mia.id, role=Role.MEMBER)
        journal(ledger.edit_member(owner, mia.id, ChangeMember(name="Mia Muster", hourly_rate="85.00")))
        client = ledger.create_client(
            owner,
            CreateClient(
                name="Globex",
                email="ap@globex.example",
                currency="USD",
                country="US",
                cc_emails=["cc@globex.example"],
            ),
        )
        self.client = journal(client).id
        changes = ChangeClient(
            address="1 Globex Way", currency="CHF", cc_emails=[], vat_id="CHE-123", archived=True
        )
        journal(ledger.edit_client(owner, self.client, changes))
        journal(ledger.edit_client(owner, self.client, ChangeClient(archived=False, email=None)))
        project = ledger.create_project(
            owner, CreateProject(name="Website", client_id=self.client, hourly_rate="120.00")
        )
        self.project = journal(project).id
        journal(
            ledger.edit_project(owner, self.project, ChangeProject(name="Website relaunch", archived=True))
        )
        journal(ledger.edit_project(owner, self.project, ChangeProject(archived=False)))
        journal(ledger.set_project_member_rate(owner, self.project, mia.id, SetMemberRate(amount="150.00")))
        journal(
            ledger.set_project_member_rate(
                owner, self.project, owner.member_id, SetMemberRate(amount="130.00")
            )
        )
        journal(
            ledger.set_project_member_rate(owner, self.project, owner.member_id, SetMemberRate(amount=None))
        )
        self.km = journal(
            ledger.create_category(owner, CreateCategory(name="Mileage", unit="km", unit_price="0.30"))
        ).id
        journal(ledger.edit_category(owner, self.km, ChangeCategory(name="Car mileage")))
        self.travel = journal(ledger.create_category(owner, CreateCategory(name="Travel"))).id
        # A client and a project nothing refers to, deleted.
        spare = journal(ledger.create_client(owner, CreateClient(name="Initrode"))).id
        unused = journal(ledger.create_project(owner, CreateProject(name="Spare", client_id=spare))).id
        ledger.delete_project(owner, unused)
        journal.deleted(unused)
        ledger.delete_client(owner, spare)
        journal.deleted(spare)
        return settings

    def log(self, day: int, seconds: int, actor: Actor | None = None) -> UUID:
        start = at(f"2026-10-{day:02d}T09:00:00+00:00")
        end = start + timedelta(seconds=seconds)
        command = LogTime(project_id=self.project, start=start, end=end, description="Design")
        return self.journal(self.ledger.log_time(actor or self.world.owner, command)).id

    def spend(
        self, day: int, category_id: UUID, quantity: str | None = None, amount: str | None = None
    ) -> UUID:
        command = RecordExpense(
            project_id=self.project,
            category_id=category_id,
            date=date(2026, 10, day),
            quantity=quantity,
            amount=amount,
            note="Client visit",
        )
        return self.journal(self.ledger.record_expense(self.world.owner, command)).id

    def tracking(self) -> None:
        """Entries and expenses edited, approved and withdrawn, marked and unmarked, deleted."""
        ledger, owner, journal = self.ledger, self.world.owner, self.journal
        self.kept = {
            TIME: [self.log(5, 4545), self.log(6, 9930, self.mia), self.log(7, 3590)],
            EXPENSE: [
                self.spend(8, self.km, quantity="120.5"),
                self.spend(9, self.travel, amount="45.50"),
                self.spend(10, self.km, quantity="3"),
            ],
        }
        dropped = {TIME: self.log(8, 600), EXPENSE: self.spend(11, self.travel, amount="9.90")}
        journal(ledger.edit_category(owner, self.travel, ChangeCategory(archived=True)))
        changes = EditTimeEntry(end=at("2026-10-05T10:30:00+00:00"), description="Design review")
        journal(ledger.edit_time_entry(owner, self.kept[TIME][0], changes))
        journal(ledger.edit_expense(owner, self.kept[EXPENSE][0], EditExpense(quantity="130.25")))
        for kind, kept in self.kept.items():
            journal(ledger.set_approval(owner, kind, kept[0], True))
            journal(ledger.set_approval(owner, kind, kept[0], False))
            for invoiced in (True, False):
                [marked] = ledger.mark_invoiced(owner, kind, MarkInvoiced(ids=[kept[2]], invoiced=invoiced))
                journal(marked)
            ledger.delete_entry(owner, kind, dropped[kind])
            journal.deleted(dropped[kind])

    def invoicing(self) -> None:
        """One invoice through its whole life, one deleted while unsent, one left partly paid."""
        ledger, owner, journal, world = self.ledger, self.world.owner, self.journal, self.world
        voided = journal(ledger.create_invoice(owner, CreateInvoice(client_id=self.client)))
        journal(
            ledger.change_invoice_details(
                owner,
                voided.id,
                ChangeInvoice(
                    subject="October",
                    due_date=voided.issue_date + timedelta(days=45),
                    discount_percent="5",
                    tax2_percent="2.5",
                    tax_mode=TaxMode.COMPOUND,
                ),
            )
        )
        first = world.import_(
            voided.id, include_expenses=True, round_time=True, time=grouping("grouped", "project", "user")
        )
        hosting = AddLine(description="Hosting", quantity="1", unit_price="49.00", item_type=ItemType.PRODUCT)
        item = ledger.add_item(owner, voided.id, hosting)
        ledger.edit_item(owner, voided.id, item.id, EditLine(quantity="3", unit="month"))
        # An imported time line's quantity edited: the line keeps its seconds, marked overridden.
        ledger.edit_item(owner, voided.id, first.items[0].id, EditLine(quantity="1.5"))
        ledger.remove_item(owner, voided.id, first.items[0].id)
        ledger.remove_import(owner, voided.id, first.import_id)
        world.import_(voided.id, include_expenses=True)
        journal(ledger.send_invoice(owner, voided.id))
        journal(ledger.reopen_invoice(owner, voided.id))
        journal(ledger.send_invoice(owner, voided.id))
        payment = ledger.record_payment(
            owner, voided.id, RecordPayment(amount="100.00", date=date(2026, 11, 2), note="Wire")
        )
        journal(ledger.delete_payment(owner, voided.id, payment.id))
        journal(ledger.void_invoice(owner, voided.id, VoidInvoice(reason="Wrong address")))
        ledger.delete_invoice(owner, voided.id)
        journal.deleted(voided.id)

        command = CreateInvoice(client_id=self.client, number="GLX-2026-10")
        deleted = journal(ledger.create_invoice(owner, command)).id
        world.import_(deleted, include_expenses=True)
        journal(
            ledger.change_invoice_details(
                owner, deleted, ChangeInvoice(note="Superseded", number="GLX-2026-10b")
            )
        )
        ledger.delete_invoice(owner, deleted)
        journal.deleted(deleted)

        paid = journal(ledger.create_invoice(owner, CreateInvoice(client_id=self.client))).id
        world.import_(paid, include_expenses=True, time=grouping("detailed"))
        ledger.send_invoice(owner, paid)
        ledger.record_payment(owner, paid, RecordPayment(amount="50.00", date=date(2026, 11, 3)))
        second = ledger.record_payment(
            owner, paid, RecordPayment(amount="25.00", date=date(2026, 11, 4), note="Cheque")
        )
        journal(ledger.delete_payment(owner, paid, second.id))
        # E-mailed twice: the first delivered at its second attempt, the second refused for good.
        command = QueueEmail(to=["ap@globex.example"], send_me_a_copy=True, attach_expenses=True)
        first, second = (ledger.queue_email(owner, paid, command, placeholder_values) for _ in range(2))
        retry_at = at("2026-11-05T10:02:00+00:00")
        for outcome in (
            Failed(first.id, owner.member_id, 1, "451 4.3.0 try again later", retry_at),
            Delivered(first.id, owner.member_id, 2, f"<{first.id}@initech.example>", retry_at),
            Failed(second.id, owner.member_id, 1, "550 5.1.1 no such mailbox", None),
        ):
            ledger.record_email_outcome(paid, outcome)
        journal(ledger.get_invoice(owner, paid))
        # Credit notes: part of a line, then the rest of the invoice, giving its entries back.
        first_line = world.invoice_view(paid).items[0]
        part = {"line_item_id": first_line.id, "quantity": "0.5"}
        journal(
            ledger.issue_credit_note(
                owner, paid, IssueCreditNote(reason="Half an hour too many", lines=[part])
            )
        )
        rest = IssueCreditNote(reason="Billed to the wrong project", all=True, release_entries=True)
        journal(ledger.issue_credit_note(owner, paid, rest))
        journal(world.invoice_view(paid))

    def finish(self) -> None:
        """Last touches, so that every aggregate's latest state is one a use case returned."""
        ledger, owner = self.ledger, self.world.owner
        for kind, kept in self.kept.items():
            for entry_id in kept:
                self.journal(ledger.set_approval(owner, kind, entry_id, True))
        changes = ChangeWorkspace(name="Initech AG", timezone="Europe/Berlin", hourly_rate="95.50")
        self.journal(ledger.edit_workspace(owner, changes))


def drive_every_event_type(world: World, journal: Journal) -> WorkspaceSettings:
    """Run the use cases so that each event type is recorded at least once; the settings returned."""
    scenario = Scenario(world, journal)
    settings = scenario.directory()
    scenario.tracking()
    scenario.invoicing()
    scenario.finish()
    return settings


@pytest.fixture
def recorded(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[int, Event]]:
    """Each domain event as it was recorded, by notification id (the library's `_notify` hook)."""
    events: dict[int, Event] = {}
    notify: Callable[[list[Recording[UUID]]], None] = ledger._notify

    def remember(recordings: list[Recording[UUID]]) -> None:
        events.update((r.notification.id, r.domain_event) for r in recordings)
        notify(recordings)

    monkeypatch.setattr(ledger, "_notify", remember)
    yield events


def assert_same(decoded: Any, original: Any, path: str) -> None:
    """Equal value *and* type, all the way down: Decimal digits, offsets, tuples, enums."""
    assert type(decoded) is type(original), f"{path}: {type(decoded)} is not {type(original)}"
    if isinstance(original, Decimal):
        assert decoded.as_tuple() == original.as_tuple(), f"{path}: {decoded} is not {original}"
    elif isinstance(original, datetime):
        assert decoded.isoformat() == original.isoformat(), f"{path}: {decoded} is not {original}"
    elif dataclasses.is_dataclass(original):
        for field in dataclasses.fields(original):
            assert_same(getattr(decoded, field.name), getattr(original, field.name), f"{path}.{field.name}")
    elif isinstance(original, dict):
        assert decoded.keys() == original.keys(), path
        for key, value in original.items():
            assert_same(decoded[key], value, f"{path}[{key!r}]")
    elif isinstance(original, list | tuple):
        assert len(decoded) == len(original), path
        for n, (left, right) in enumerate(zip(decoded, original, strict=True)):
            assert_same(left, right, f"{path}[{n}]")
    else:
        assert decoded == original, f"{path}: {decoded!r} != {original!r}"


def test_every_event_type_decodes_as_recorded_and_encodes_back_to_the_same_bytes(
    ledger: Ledger, recorded: dict[int, Event]
) -> None:
    world = given_world(ledger)
    drive_every_event_type(world, Journal())

    notifications = ledger.recorder.select_notifications(start=None, limit=10_000)

    assert [n.id for n in notifications] == sorted(recorded)
    seen = set()
    for notification in notifications:
        event = ledger.mapper.to_domain_event(notification)
        name = type(event).__qualname__
        seen.add(name)
        assert vars(event).keys() == vars(recorded[notification.id]).keys(), name
        assert_same(event, recorded[notification.id], name)
        again = ledger.mapper.to_stored_event(event)
        assert (again.topic, again.state) == (notification.topic, notification.state), name
        assert (again.originator_id, again.originator_version) == (
            notification.originator_id,
            notification.originator_version,
        )
    assert seen == expected_event_names()


VIEWS: dict[type[WorkspaceAggregate], Callable[[Any], Versioned]] = {
    Workspace: WorkspaceView.of,
    Member: MemberView.of,
    Client: ClientView.of,
    Project: ProjectView.of,
    ExpenseCategory: CategoryView.of,
    TimeEntry: TimeEntryView.of,
    Expense: ExpenseView.of,
}


def test_every_aggregate_reloads_to_the_state_the_use_cases_returned(ledger: Ledger) -> None:
    world, journal = given_world(ledger), Journal()
    settings = drive_every_event_type(world, journal)

    notifications = ledger.recorder.select_notifications(start=None, limit=10_000)

    assert {n.originator_id for n in notifications} == set(journal.states)
    for aggregate_id, returned in journal.states.items():
        reloaded: WorkspaceAggregate = ledger.repository.get(aggregate_id)
        if isinstance(reloaded, Invoice):
            view: Versioned = ledger.invoice_view(reloaded)
        elif isinstance(reloaded, CreditNote):
            view = ledger.credit_note_view(reloaded)
        else:
            view = VIEWS[type(reloaded)](reloaded)
        state = view.model_dump() | {"deleted": getattr(reloaded, "deleted", False)}
        # Views add to the state (an API key) or leave some out (the workspace's settings).
        shared = returned.keys() & state.keys()
        assert {name: state[name] for name in shared} == {name: returned[name] for name in shared}
        assert reloaded.version == sum(1 for n in notifications if n.originator_id == aggregate_id)
    workspace: Workspace = ledger.repository.get(world.owner.workspace_id)
    assert workspace.settings == settings
    assert (workspace.invoice_counter, workspace.credit_note_counter) == (2, 2)


# Typed change sets: every field of every one survives the store.

SAMPLES: dict[type, Any] = {
    str: "Sample text",
    UUID: UUID("6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11"),
    Decimal: Decimal("12.50"),
    bool: True,
    int: 42,
    date: date(2026, 10, 5),
    datetime: datetime(2026, 10, 5, 9, 30, tzinfo=ZoneInfo("Europe/Berlin")),
    tuple: ("ap@globex.example", "cc@globex.example"),
}


def sample(annotation: Any) -> Any:
    """A value of a change set field's type, whatever else (unset, null) it allows."""
    [kind] = [arg for arg in get_args(annotation) if arg not in (Unset, type(None))]
    origin = get_origin(kind) or kind
    if isinstance(origin, type) and issubclass(origin, Enum):
        return list(origin)[-1]
    return SAMPLES[origin]


def changes_classes(base: type[Changes] = Changes) -> set[type[Changes]]:
    return {cls for sub in base.__subclasses__() for cls in (sub, *changes_classes(sub))}


STORED_CHANGES = changes_classes() - {LineChanges}


def domain_transcoder() -> JSONTranscoder:
    """The ledger's transcoder, as its application registers it."""
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)
    register_domain_transcodings(transcoder)
    return transcoder


def changes_of(event: type[Aggregate.Event]) -> Any:
    return get_type_hints(event)["changes"]


def test_every_edited_event_carries_its_aggregates_own_change_set_and_upcasts_the_open_dict() -> None:
    """A new aggregate fails here until its edits are typed; a new change set until it is tested below.
    (`LineChanges` is what a line edit may change; the event records the edited line.)"""
    # A credit note is never edited: its one event is its issue.
    edited = {
        aggregate: aggregate.Edited
        for aggregate in aggregate_classes()
        if aggregate not in (Invoice, CreditNote)
    }
    edited[Invoice] = Invoice.DetailsChanged

    assert {changes_of(event) for event in edited.values()} == STORED_CHANGES
    for aggregate, event in edited.items():
        name = {"ExpenseCategory": "Category"}.get(aggregate.__name__, aggregate.__name__)
        assert changes_of(event).__name__ == f"{name}Changes"
        assert (event.class_version, callable(event.upcast_v1_v2)) == (2, True), aggregate.__name__


@pytest.mark.parametrize(
    "changes_type", sorted(STORED_CHANGES, key=lambda c: c.__name__), ids=lambda c: c.__name__
)
def test_every_field_of_every_typed_change_set_decodes_as_recorded(changes_type: type[Changes]) -> None:
    transcoder = domain_transcoder()
    every_field = changes_type(**{f.name: sample(f.type) for f in dataclasses.fields(changes_type)})
    nothing = changes_type()

    decoded = transcoder.decode(transcoder.encode({"full": every_field, "empty": nothing}))

    assert every_field.items().keys() == {f.name for f in dataclasses.fields(changes_type)}
    assert_same(decoded["full"], every_field, changes_type.__name__)
    assert_same(decoded["empty"], nothing, changes_type.__name__)
    assert (bool(decoded["full"]), bool(decoded["empty"])) == (True, False)


def test_a_change_set_stores_only_the_fields_it_sets() -> None:
    transcoder = domain_transcoder()

    stored = transcoder.encode(InvoiceChanges(subject="October", due_date=date(2026, 11, 30)))

    assert json.loads(stored) == {
        "_type_": "invoice_changes",
        "_data_": {"subject": "October", "due_date": {"_type_": "date_iso", "_data_": "2026-11-30"}},
    }
