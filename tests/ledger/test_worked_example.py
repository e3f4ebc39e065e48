"""SPEC's worked example, end to end through the use cases, on both backends."""

from decimal import Decimal

from ledger.application import Ledger
from support.world import given_world, grouping


def test_importing_detailed_bills_each_entry_on_its_own_line(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    project = world.project(client)
    world.log(project, "2026-10-05T09:00:00+00:00", 1 * 3600 + 15 * 60 + 45)
    world.log(project, "2026-10-06T09:00:00+00:00", 2 * 3600 + 45 * 60 + 30)
    world.log(project, "2026-10-07T09:00:00+00:00", 59 * 60 + 50)
    invoice = world.invoice(client)

    result = world.import_(invoice, time=grouping("detailed"))

    assert [(i.quantity, i.amount) for i in result.items] == [
        (Decimal("1.2625"), Decimal("126.25")),
        (Decimal("2.7583"), Decimal("275.83")),
        (Decimal("0.9972"), Decimal("99.72")),
    ]
    assert world.invoice_view(invoice).subtotal == Decimal("501.80")


def test_importing_grouped_by_project_bills_the_hours_on_one_line_rounded_once(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    project = world.project(client)
    for day, seconds in (("05", 4545), ("06", 9930), ("07", 3590)):
        world.log(project, f"2026-10-{day}T09:00:00+00:00", seconds)
    invoice = world.invoice(client)

    result = world.import_(invoice, time=grouping("grouped", "project"))

    [line] = result.items
    assert (line.description, line.quantity, line.unit_price, line.amount) == (
        "Website",
        Decimal("5.0181"),
        Decimal("100.00"),
        Decimal("501.81"),
    )
    assert (line.raw_seconds, line.billed_seconds) == (18065, 18065)
