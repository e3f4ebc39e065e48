"""The service period of an invoice: the first and last day of what its lines bill (SPEC §13, §16)."""

from ledger.application import Ledger
from ledger.commands import AddLine
from support.world import expense_grouping, given_world, grouping


def test_the_service_period_runs_from_the_first_to_the_last_billed_day(ledger: Ledger) -> None:
    world = given_world(ledger)
    client = world.client()
    project = world.project(client)
    world.log(project, "2026-10-05T09:00:00+00:00", 3600)
    world.log(project, "2026-10-20T09:00:00+00:00", 3600)
    world.expense(project, world.category(), "2026-10-28", amount="12.00")
    invoice = world.invoice(client)

    world.import_(
        invoice, include_expenses=True, time=grouping("single"), expenses=expense_grouping("single")
    )

    period = world.invoice_view(invoice).service_period
    assert period is not None
    assert (period.start.isoformat(), period.end.isoformat()) == ("2026-10-05", "2026-10-28")


def test_an_invoice_of_manual_lines_has_no_service_period(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())

    ledger.add_item(world.owner, invoice, AddLine(description="Hosting", quantity="1", unit_price="49.00"))

    assert world.invoice_view(invoice).service_period is None
