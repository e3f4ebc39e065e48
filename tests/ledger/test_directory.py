"""Workspace, members, clients, projects and the rate hierarchy (SPEC §2, §9), on both backends."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from pydantic import ValidationError

from ledger.access import Actor
from ledger.application import Ledger
from ledger.billable import BillableKind
from ledger.commands import (
    ChangeClient,
    ChangeMember,
    ChangeProject,
    ChangeSettings,
    ChangeWorkspace,
    CreateWorkspace,
    EditTimeEntry,
    SetMemberRate,
)
from ledger.errors import InvalidInput, NotFound
from ledger.workspace import Rounding, RoundingMode
from support.refusals import event_count, refused_fields
from support.world import World, given_world

START = "2026-10-05T09:00:00+00:00"


def rated_world(
    ledger: Ledger, project_member: str | None, project: str | None, member: str | None
) -> tuple[World, Actor, UUID]:
    """A workspace at 100.00 whose member Mia logs on a project of a client, rates as given."""
    world = given_world(ledger, rate="100.00")
    mia = world.member("Mia", rate=member)
    project_id = world.project(world.client(), rate=project)
    if project_member is not None:
        ledger.set_project_member_rate(
            world.owner, project_id, mia.member_id, SetMemberRate(amount=project_member)
        )
    return world, mia, project_id


@pytest.mark.parametrize(
    ("project_member", "project", "member", "captured"),
    [
        ("150.00", "120.00", "80.00", "150.00"),
        (None, "120.00", "80.00", "120.00"),
        (None, None, "80.00", "80.00"),
        (None, None, None, "100.00"),
        ("150.00", None, None, "150.00"),
        (None, "0.00", "80.00", "0.00"),
    ],
    ids=["project-member", "project", "member", "workspace", "project-member-alone", "zero-is-set"],
)
def test_logging_time_captures_the_first_rate_set_of_project_member_project_member_workspace(
    ledger: Ledger, project_member: str | None, project: str | None, member: str | None, captured: str
) -> None:
    world, mia, project_id = rated_world(ledger, project_member, project, member)

    entry = ledger.get_time_entry(world.owner, world.log(project_id, START, 1800, member=mia))

    assert entry.hourly_rate == Decimal(captured)
    assert entry.amount == Decimal(captured) / 2


def test_a_project_member_rate_applies_only_to_that_member(ledger: Ledger) -> None:
    world, _, project_id = rated_world(ledger, "150.00", None, None)
    max_ = world.member("Max")

    entry = world.entry(world.log(project_id, START, 3600, member=max_))

    assert entry.hourly_rate == Decimal("100.00")


def test_changing_any_rate_later_never_rewrites_an_existing_entry(ledger: Ledger) -> None:
    world, mia, project_id = rated_world(ledger, None, None, None)
    entry_id = world.log(project_id, START, 3600, member=mia)

    ledger.edit_workspace(world.owner, ChangeWorkspace(hourly_rate="110.00"))
    ledger.edit_member(world.owner, mia.member_id, ChangeMember(hourly_rate="120.00"))
    ledger.edit_project(world.owner, project_id, ChangeProject(hourly_rate="130.00"))
    ledger.set_project_member_rate(world.owner, project_id, mia.member_id, SetMemberRate(amount="140.00"))

    entry = world.entry(entry_id)
    assert (entry.hourly_rate, entry.amount, entry.version) == (
        Decimal("100.00"),
        Decimal("100.00"),
        1,
    )
    assert world.entry(world.log(project_id, START, 3600, member=mia)).hourly_rate == Decimal("140.00")


def given_an_entry_then_a_new_project_rate(ledger: Ledger) -> tuple[World, UUID, UUID]:
    """An entry captured at 100.00, after which its project's rate becomes 200.00."""
    world = given_world(ledger, rate="100.00")
    project_id = world.project(world.client())
    entry_id = world.log(project_id, START, 3600)
    ledger.edit_project(world.owner, project_id, ChangeProject(hourly_rate="200.00"))
    return world, project_id, entry_id


def test_editing_only_the_description_keeps_the_captured_rate(ledger: Ledger) -> None:
    world, _, entry_id = given_an_entry_then_a_new_project_rate(ledger)

    entry = ledger.edit_time_entry(world.owner, entry_id, EditTimeEntry(description="design review"))

    assert (entry.description, entry.hourly_rate) == ("design review", Decimal("100.00"))


def test_editing_only_the_times_keeps_the_captured_rate_and_reprices_the_duration(ledger: Ledger) -> None:
    world, _, entry_id = given_an_entry_then_a_new_project_rate(ledger)
    entry = world.entry(entry_id)

    edited = ledger.edit_time_entry(
        world.owner, entry_id, EditTimeEntry(end=entry.start + (entry.end - entry.start) * 2)
    )

    assert (edited.duration_seconds, edited.hourly_rate, edited.amount) == (
        7200,
        Decimal("100.00"),
        Decimal("200.00"),
    )


def test_editing_the_billable_flag_resolves_the_rate_again(ledger: Ledger) -> None:
    world, _, entry_id = given_an_entry_then_a_new_project_rate(ledger)

    off = ledger.edit_time_entry(world.owner, entry_id, EditTimeEntry(billable=False))
    on = ledger.edit_time_entry(world.owner, entry_id, EditTimeEntry(billable=True))

    assert (off.hourly_rate, off.amount) == (Decimal("200.00"), Decimal("0"))
    assert (on.hourly_rate, on.amount) == (Decimal("200.00"), Decimal("200.00"))


def test_editing_the_project_resolves_the_rate_of_the_new_project(ledger: Ledger) -> None:
    world, _, entry_id = given_an_entry_then_a_new_project_rate(ledger)
    other = world.project(world.client("Acme"), "Audit", rate="90.00")

    entry = ledger.edit_time_entry(world.owner, entry_id, EditTimeEntry(project_id=other))

    assert (entry.project_id, entry.hourly_rate, entry.amount) == (
        other,
        Decimal("90.00"),
        Decimal("90.00"),
    )


def test_editing_the_member_resolves_the_rate_for_the_new_member(ledger: Ledger) -> None:
    world = given_world(ledger, rate="100.00")
    project_id = world.project(world.client())
    entry_id = world.log(project_id, START, 3600)
    mia = world.member("Mia", rate="70.00")

    entry = ledger.edit_time_entry(world.owner, entry_id, EditTimeEntry(member_id=mia.member_id))

    assert (entry.member_id, entry.hourly_rate) == (mia.member_id, Decimal("70.00"))


def test_another_workspaces_ids_are_not_found(ledger: Ledger) -> None:
    theirs = given_world(ledger)
    client_id = theirs.client()
    project_id = theirs.project(client_id)
    entry_id = theirs.log(project_id, START, 3600)
    category_id = theirs.category()
    invoice_id = theirs.invoice(client_id)
    mine = given_world(ledger)

    lookups: list[Callable[[], object]] = [
        lambda: ledger.get_client(mine.owner, client_id),
        lambda: ledger.get_project(mine.owner, project_id),
        lambda: ledger.get_member(mine.owner, theirs.owner.member_id),
        lambda: ledger.get_category(mine.owner, category_id),
        lambda: ledger.get_time_entry(mine.owner, entry_id),
        lambda: ledger.get_invoice(mine.owner, invoice_id),
        lambda: ledger.edit_client(mine.owner, client_id, ChangeClient(name="Mine now")),
        lambda: ledger.delete_entry(mine.owner, BillableKind.TIME_ENTRY, entry_id),
        lambda: ledger.delete_client(mine.owner, client_id),
        lambda: ledger.delete_project(mine.owner, project_id),
    ]
    for lookup in lookups:
        with pytest.raises(NotFound):
            lookup()


def test_referring_to_another_workspaces_project_is_invalid_input_naming_the_field(ledger: Ledger) -> None:
    theirs = given_world(ledger)
    their_project = theirs.project(theirs.client())
    mine = given_world(ledger)
    before = event_count(ledger)

    with pytest.raises(InvalidInput) as rejected:
        mine.log(their_project, START, 3600)

    assert set(rejected.value.errors) == {"project_id"}
    assert event_count(ledger) == before


def test_a_project_for_another_workspaces_client_is_invalid_input_naming_the_field(ledger: Ledger) -> None:
    theirs = given_world(ledger)
    their_client = theirs.client()
    mine = given_world(ledger)

    with pytest.raises(InvalidInput) as rejected:
        mine.project(their_client)

    assert set(rejected.value.errors) == {"client_id"}


def test_changing_settings_merges_nested_settings_field_by_field(ledger: Ledger) -> None:
    world = given_world(ledger)

    settings = ledger.change_settings(
        world.owner, ChangeSettings.model_validate({"due_days": 14, "rounding": {"minutes": 6}})
    )
    nearest = ledger.change_settings(
        world.owner, ChangeSettings.model_validate({"rounding": {"mode": RoundingMode.NEAREST}})
    )

    assert settings.due_days == 14
    assert settings.rounding == Rounding(minutes=6, mode=RoundingMode.UP)
    assert nearest.rounding == Rounding(minutes=6, mode=RoundingMode.NEAREST)
    assert ledger.get_settings(world.owner) == nearest


def test_a_changed_due_days_setting_gives_new_invoices_their_due_date(ledger: Ledger) -> None:
    world = given_world(ledger)
    ledger.change_settings(world.owner, ChangeSettings(due_days=14))

    invoice = world.invoice_view(world.invoice(world.client()))

    assert (invoice.due_date - invoice.issue_date).days == 14


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"number_padding": 0}, "number_padding"),
        ({"due_days": -1}, "due_days"),
        ({"due_days": "30"}, "due_days"),
        ({"rounding": {"minutes": 0}}, "rounding.minutes"),
        ({"default_tax_percent": "100.01"}, "default_tax_percent"),
        ({"default_tax_percent": "19.005"}, "default_tax_percent"),
        ({"colour": "blue"}, "colour"),
        ({"rounding": {"step": 5}}, "rounding.step"),
        ({"rounding": {"mode": "sideways"}}, "rounding.mode"),
        ({"invoice_approved_only": "yes"}, "invoice_approved_only"),
        ({"company": {"email": "not-an-email"}}, "company.email"),
        ({"company": {"country": "XX"}}, "company.country"),
    ],
)
def test_an_invalid_setting_is_refused_naming_the_field_and_records_nothing(
    ledger: Ledger, changes: dict[str, Any], field: str
) -> None:
    world = given_world(ledger)
    before = event_count(ledger)

    with pytest.raises(ValidationError) as rejected:
        ledger.change_settings(world.owner, ChangeSettings.model_validate(changes))

    assert refused_fields(rejected.value) == {field}
    assert event_count(ledger) == before
    assert ledger.get_settings(world.owner).due_days == 30


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"currency": "euro"}, "currency"),
        ({"currency": "XYZ"}, "currency"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"hourly_rate": "-1.00"}, "hourly_rate"),
        ({"owner": {"name": "Olga", "email": "not-an-email"}}, "owner.email"),
    ],
)
def test_signing_up_with_an_invalid_field_is_refused_naming_it(
    ledger: Ledger, fields: dict[str, Any], field: str
) -> None:
    signup: dict[str, Any] = {
        "name": "Initech",
        "currency": "EUR",
        "timezone": "UTC",
        "hourly_rate": "100.00",
        "owner": {"name": "Olga", "email": "olga@example.com"},
    } | fields
    before = event_count(ledger)

    with pytest.raises(ValidationError) as rejected:
        ledger.create_workspace(CreateWorkspace.model_validate(signup))

    assert refused_fields(rejected.value) == {field}
    assert event_count(ledger) == before


def test_a_category_with_a_unit_but_no_unit_price_is_refused_naming_the_unit_price(ledger: Ledger) -> None:
    world = given_world(ledger)

    with pytest.raises(InvalidInput) as rejected:
        world.category("Mileage", unit="km")

    assert set(rejected.value.errors) == {"unit_price"}


def test_a_client_with_a_malformed_currency_is_refused_naming_the_currency(ledger: Ledger) -> None:
    world = given_world(ledger)

    with pytest.raises(ValidationError) as rejected:
        world.client(currency="usd")

    assert refused_fields(rejected.value) == {"currency"}
