"""How an import groups time into lines, through the use case (SPEC §5), on both backends."""

from decimal import Decimal
from uuid import UUID

from ledger.application import Ledger
from ledger.commands import SetMemberRate
from ledger.invoice import ItemType
from support.world import World, given_world, grouping


def given_a_project(world: World, rate: str | None = None) -> tuple[UUID, UUID]:
    client = world.client()
    return client, world.project(client, "Website", rate=rate)


def test_single_grouping_bills_all_hours_on_one_line_described_time(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    first = world.log(project, "2026-10-05T09:00:00+00:00", 5400)
    second = world.log(project, "2026-10-06T09:00:00+00:00", 1800, description="review")
    invoice = world.invoice(client)

    result = world.import_(invoice, time=grouping("single"))

    [line] = result.items
    assert (line.description, line.quantity, line.unit_price, line.amount) == (
        "Time",
        Decimal("2.0000"),
        Decimal("100.00"),
        Decimal("200.00"),
    )
    assert set(line.time_entry_ids) == {first, second}


def test_single_grouping_yields_one_line_per_rate(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    standard = world.project(client, "Website")
    premium = world.project(client, "Audit", rate="150.00")
    world.log(standard, "2026-10-05T09:00:00+00:00", 3600)
    world.log(premium, "2026-10-06T09:00:00+00:00", 3600)
    invoice = world.invoice(client)

    result = world.import_(invoice, time=grouping("single"))

    assert sorted((i.description, i.unit_price, i.amount) for i in result.items) == [
        ("Time", Decimal("100.00"), Decimal("100.00")),
        ("Time", Decimal("150.00"), Decimal("150.00")),
    ]


def test_detailed_grouping_describes_each_line_by_the_chosen_fields_in_order(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    world.log(project, "2026-10-06T09:00:00+00:00", 3600, description="design")
    world.log(project, "2026-10-05T09:00:00+00:00", 1800, description="kickoff")
    invoice = world.invoice(client)

    result = world.import_(invoice, time=grouping("detailed", detail_fields=("date", "description")))

    assert [(i.description, i.quantity) for i in result.items] == [
        ("2026-10-05 - kickoff", Decimal("0.5000")),
        ("2026-10-06 - design", Decimal("1.0000")),
    ]


def test_detailed_grouping_names_the_user_by_member_name(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    mia = world.member("Mia")
    world.log(project, "2026-10-05T09:00:00+00:00", 3600, description="design", member=mia)
    invoice = world.invoice(client)

    result = world.import_(invoice, time=grouping("detailed"))

    [line] = result.items
    assert line.description == "Website - design - Mia - 2026-10-05"


def test_grouping_by_user_then_by_date_gives_a_line_per_pair(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    mia = world.member("Mia")
    world.log(project, "2026-10-05T09:00:00+00:00", 3600, member=mia)
    world.log(project, "2026-10-05T14:00:00+00:00", 1800, member=mia)
    world.log(project, "2026-10-06T09:00:00+00:00", 900, member=mia)
    world.log(project, "2026-10-05T10:00:00+00:00", 2700)
    invoice = world.invoice(client)

    result = world.import_(invoice, time=grouping("grouped", "user", then_by="date"))

    assert [(i.description, i.quantity, len(i.time_entry_ids)) for i in result.items] == [
        ("Mia - 2026-10-05", Decimal("1.5000"), 2),
        ("Mia - 2026-10-06", Decimal("0.2500"), 1),
        ("Olga Owner - 2026-10-05", Decimal("0.7500"), 1),
    ]


def test_grouping_by_project_then_by_description_merges_equal_descriptions(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    world.log(project, "2026-10-05T09:00:00+00:00", 3600, description="design")
    world.log(project, "2026-10-06T09:00:00+00:00", 3600, description="design")
    world.log(project, "2026-10-07T09:00:00+00:00", 1800, description="hosting")
    invoice = world.invoice(client)

    result = world.import_(invoice, time=grouping("grouped", "project", then_by="description"))

    assert [(i.description, i.amount) for i in result.items] == [
        ("Website - design", Decimal("200.00")),
        ("Website - hosting", Decimal("50.00")),
    ]


def test_lines_never_mix_rates_of_members_on_one_project(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    mia, max_ = world.member("Mia"), world.member("Max")
    ledger.set_project_member_rate(world.owner, project, mia.member_id, SetMemberRate(amount="120.00"))
    ledger.set_project_member_rate(world.owner, project, max_.member_id, SetMemberRate(amount="80.00"))
    by_mia = world.log(project, "2026-10-05T09:00:00+00:00", 3600, member=mia)
    by_max = world.log(project, "2026-10-05T09:00:00+00:00", 5400, member=max_)
    invoice = world.invoice(client)

    result = world.import_(invoice, time=grouping("grouped", "project"))

    lines = sorted(result.items, key=lambda item: item.unit_price)
    assert [(i.description, i.quantity, i.unit_price, i.amount, i.time_entry_ids) for i in lines] == [
        ("Website", Decimal("1.5000"), Decimal("80.00"), Decimal("120.00"), [by_max]),
        ("Website", Decimal("1.0000"), Decimal("120.00"), Decimal("120.00"), [by_mia]),
    ]


def test_time_lines_are_services_billed_in_hours_at_the_rate(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world, rate="90.00")
    world.log(project, "2026-10-05T09:00:00+00:00", 4500)
    invoice = world.invoice(client)

    result = world.import_(invoice, time=grouping("grouped", "project"))

    [line] = result.items
    assert (line.item_type, line.unit, line.quantity, line.unit_price, line.amount) == (
        ItemType.SERVICE,
        "h",
        Decimal("1.2500"),
        Decimal("90.00"),
        Decimal("112.50"),
    )
    assert (line.raw_seconds, line.billed_seconds, line.expense_ids) == (4500, 4500, [])


def test_expense_lines_of_an_import_are_products(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    world.expense(project, world.category("Hotel"), amount="89.00")
    invoice = world.invoice(client)

    result = world.import_(invoice, include_expenses=True)

    assert [(i.item_type, i.description) for i in result.items] == [
        (ItemType.SERVICE, "Website - work - Olga Owner - 2026-10-05"),
        (ItemType.PRODUCT, "Hotel - Olga Owner - 2026-10-10"),
    ]


def test_the_import_answers_its_id_lines_counts_and_amount(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    world.log(project, "2026-10-06T09:00:00+00:00", 1800)
    world.expense(project, world.category(), amount="12.34")
    invoice = world.invoice(client)

    result = world.import_(invoice, include_expenses=True)

    assert set(type(result).model_fields) == {
        "import_id",
        "items",
        "time_entry_count",
        "expense_count",
        "amount",
    }
    assert (result.time_entry_count, result.expense_count) == (2, 1)
    assert [i.amount for i in result.items] == [Decimal("100.00"), Decimal("50.00"), Decimal("12.34")]
    assert result.amount == Decimal("162.34")
    assert {i.import_id for i in result.items} == {result.import_id}
    assert [i.position for i in result.items] == [1, 2, 3]


def test_the_invoice_holds_the_imported_lines_and_their_subtotal(ledger: Ledger) -> None:
    world = given_world(ledger)
    client, project = given_a_project(world)
    world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    world.log(project, "2026-10-06T09:00:00+00:00", 1800)
    invoice = world.invoice(client)

    result = world.import_(invoice)

    view = world.invoice_view(invoice)
    assert view.items == result.items
    assert view.subtotal == result.amount == Decimal("150.00")
