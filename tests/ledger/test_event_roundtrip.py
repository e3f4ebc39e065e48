"""Every event type survives the store: decoded as recorded, encoded back to the same bytes.

Event classes and their stored form are a contract (STYLE: "a test encodes and decodes every
event type"). One scenario drives the use cases until every event of every aggregate has been
recorded; the stored notifications are then decoded and encoded again, compared with the events
as they were recorded, and every aggregate is reloaded and compared with what the use cases said.
"""

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate, DomainEventProtocol
from eventsourcing.persistence import Recording

from ledger.access import Actor, Role
from ledger.aggregate import WorkspaceAggregate
from ledger.application import Ledger
from ledger.invoice import Invoice, ItemType
from ledger.plain import plain
from ledger.totals import TaxMode
from ledger.workspace import RoundingMode, Workspace
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
    "Workspace": ["WorkspaceCreated", "Edited", "SettingsChanged", "InvoiceNumberAllocated"],
    "Member": ["MemberAdded", "Edited"],
    "Client": ["ClientCreated", "Edited"],
    "Project": ["ProjectCreated", "Edited", "MemberRateSet"],
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
    ],
}
# The library's own bases, which every aggregate class re-declares but none records.
LIBRARY_BASES = {"Event", "Created"}
# Inherited from WorkspaceAggregate but never triggered: an invoice's details change by DetailsChanged.
NEVER_RECORDED = {"Invoice.Edited"}


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


class Journal:
    """The latest state the use cases returned for each aggregate, by id."""

    def __init__(self) -> None:
        self.states: dict[UUID, dict[str, Any]] = {}

    def __call__(self, state: dict[str, Any]) -> dict[str, Any]:
        self.states[state["id"]] = state
        return state

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

    def directory(self) -> dict[str, Any]:
        """Members, a client, a project with member rates, two categories; the settings returned."""
        ledger, owner, journal = self.ledger, self.world.owner, self.journal
        journal(ledger.edit_member(owner, owner.member_id, {"email": "olga@initech.example"}))
        settings = ledger.change_settings(
            owner,
            {
                "rounding": {"minutes": 6, "mode": RoundingMode.NEAREST},
                "number_prefix": "GLX-",
                "default_tax_percent": Decimal("19.00"),
                "company": {"name": "Initech", "email": "bill@initech.example"},
            },
        )
        mia = journal(ledger.add_member(owner, "Mia", "mia@example.com", Role.MEMBER, Decimal("80.00")))
        self.mia = dataclasses.replace(owner, member_id=mia["id"], role=Role.MEMBER)
        journal(ledger.edit_member(owner, mia["id"], {"name": "Mia Muster", "hourly_rate": Decimal("85.00")}))
        client = ledger.create_client(owner, "Globex", email="ap@globex.example", currency="USD")
        self.client = journal(client)["id"]
        journal(ledger.edit_client(owner, self.client, {"address": "1 Globex Way", "currency": "CHF"}))
        project = ledger.create_project(owner, "Website", self.client, True, Decimal("120.00"))
        self.project = journal(project)["id"]
        journal(ledger.edit_project(owner, self.project, {"name": "Website relaunch"}))
        journal(ledger.set_project_member_rate(owner, self.project, mia["id"], Decimal("150.00")))
        journal(ledger.set_project_member_rate(owner, self.project, owner.member_id, Decimal("130.00")))
        journal(ledger.set_project_member_rate(owner, self.project, owner.member_id, None))
        self.km = journal(ledger.create_category(owner, "Mileage", "km", Decimal("0.30")))["id"]
        journal(ledger.edit_category(owner, self.km, {"name": "Car mileage"}))
        self.travel = journal(ledger.create_category(owner, "Travel"))["id"]
        return settings

    def log(self, day: int, seconds: int, actor: Actor | None = None) -> UUID:
        start = at(f"2026-10-{day:02d}T09:00:00+00:00")
        end = start + timedelta(seconds=seconds)
        entry = self.ledger.log_time(actor or self.world.owner, self.project, start, end, "Design")
        return self.journal(entry)["id"]  # type: ignore[no-any-return]

    def spend(
        self, day: int, category_id: UUID, quantity: Decimal | None = None, amount: Decimal | None = None
    ) -> UUID:
        expense = self.ledger.record_expense(
            self.world.owner, self.project, category_id, date(2026, 10, day), quantity, amount, "Client visit"
        )
        return self.journal(expense)["id"]  # type: ignore[no-any-return]

    def tracking(self) -> None:
        """Entries and expenses edited, approved and withdrawn, marked and unmarked, deleted."""
        ledger, owner, journal = self.ledger, self.world.owner, self.journal
        self.kept = {
            "time": [self.log(5, 4545), self.log(6, 9930, self.mia), self.log(7, 3590)],
            "expense": [
                self.spend(8, self.km, quantity=Decimal("120.5")),
                self.spend(9, self.travel, amount=Decimal("45.50")),
                self.spend(10, self.km, quantity=Decimal("3")),
            ],
        }
        dropped = {"time": self.log(8, 600), "expense": self.spend(11, self.travel, amount=Decimal("9.90"))}
        journal(ledger.edit_category(owner, self.travel, {"archived": True}))
        changes = {"end": at("2026-10-05T10:30:00+00:00"), "description": "Design review"}
        journal(ledger.edit_time_entry(owner, self.kept["time"][0], changes))
        journal(ledger.edit_expense(owner, self.kept["expense"][0], {"quantity": Decimal("130.25")}))
        for kind, kept in self.kept.items():
            journal(ledger.set_approval(owner, kind, kept[0], True))
            journal(ledger.set_approval(owner, kind, kept[0], False))
            for invoiced in (True, False):
                [marked] = ledger.mark_invoiced(owner, kind, [kept[2]], invoiced)
                journal(marked)
            ledger.delete_entry(owner, kind, dropped[kind])
            journal.deleted(dropped[kind])

    def invoicing(self) -> None:
        """One invoice through its whole life, one deleted while unsent, one left partly paid."""
        ledger, owner, journal, world = self.ledger, self.world.owner, self.journal, self.world
        voided = journal(ledger.create_invoice(owner, self.client))
        journal(
            ledger.change_invoice_details(
                owner,
                voided["id"],
                {
                    "subject": "October",
                    "due_date": voided["issue_date"] + timedelta(days=45),
                    "discount_percent": Decimal("5"),
                    "tax2_percent": Decimal("2.5"),
                    "tax_mode": TaxMode.COMPOUND,
                },
            )
        )
        first = world.import_(
            voided["id"], include_expenses=True, round_time=True, time=grouping("grouped", "project", "user")
        )
        item = ledger.add_item(owner, voided["id"], "Hosting", Decimal(1), Decimal("49.00"), ItemType.PRODUCT)
        ledger.edit_item(owner, voided["id"], item.id, {"quantity": Decimal("3"), "unit": "month"})
        ledger.remove_item(owner, voided["id"], first["items"][0].id)
        ledger.remove_import(owner, voided["id"], first["import_id"])
        world.import_(voided["id"], include_expenses=True)
        journal(ledger.send_invoice(owner, voided["id"]))
        journal(ledger.reopen_invoice(owner, voided["id"]))
        journal(ledger.send_invoice(owner, voided["id"]))
        payment = ledger.record_payment(owner, voided["id"], Decimal("100.00"), date(2026, 11, 2), "Wire")
        journal(ledger.delete_payment(owner, voided["id"], payment.id))
        journal(ledger.void_invoice(owner, voided["id"], "Wrong address"))
        ledger.delete_invoice(owner, voided["id"])
        journal.deleted(voided["id"])

        deleted = journal(ledger.create_invoice(owner, self.client, number="GLX-2026-10"))["id"]
        world.import_(deleted, include_expenses=True)
        journal(ledger.change_invoice_details(owner, deleted, {"note": "Superseded"}))
        ledger.delete_invoice(owner, deleted)
        journal.deleted(deleted)

        paid = journal(ledger.create_invoice(owner, self.client))["id"]
        world.import_(paid, include_expenses=True, time=grouping("detailed"))
        ledger.send_invoice(owner, paid)
        ledger.record_payment(owner, paid, Decimal("50.00"), date(2026, 11, 3))
        second = ledger.record_payment(owner, paid, Decimal("25.00"), date(2026, 11, 4), "Cheque")
        journal(ledger.delete_payment(owner, paid, second.id))

    def finish(self) -> None:
        """Last touches, so that every aggregate's latest state is one a use case returned."""
        ledger, owner = self.ledger, self.world.owner
        for kind, kept in self.kept.items():
            for entry_id in kept:
                self.journal(ledger.set_approval(owner, kind, entry_id, True))
        changes = {"name": "Initech AG", "timezone": "Europe/Berlin", "hourly_rate": Decimal("95.50")}
        self.journal(ledger.edit_workspace(owner, changes))


def drive_every_event_type(world: World, journal: Journal) -> dict[str, Any]:
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


def test_every_aggregate_reloads_to_the_state_the_use_cases_returned(ledger: Ledger) -> None:
    world, journal = given_world(ledger), Journal()
    settings = drive_every_event_type(world, journal)

    notifications = ledger.recorder.select_notifications(start=None, limit=10_000)

    assert {n.originator_id for n in notifications} == set(journal.states)
    for aggregate_id, returned in journal.states.items():
        reloaded: WorkspaceAggregate = ledger.repository.get(aggregate_id)
        state = ledger.invoice_view(reloaded) if isinstance(reloaded, Invoice) else reloaded.as_dict()
        # Views add to the state (an API key) or leave some out (the workspace's settings).
        shared = returned.keys() & state.keys()
        assert {name: state[name] for name in shared} == {name: returned[name] for name in shared}
        assert reloaded.version == sum(1 for n in notifications if n.originator_id == aggregate_id)
    workspace: Workspace = ledger.repository.get(world.owner.workspace_id)
    assert plain(workspace.settings) == settings
    assert workspace.invoice_counter == 2
