"""`ledger check`: a ledger that kept its promises is clean; each broken promise is named."""

from collections.abc import Callable
from decimal import Decimal
from uuid import uuid4

import pytest

from api.cli import main
from ledger.application import Ledger
from ledger.config import Settings
from ledger.invoice import Invoice, ItemType, LineItem
from ledger.time_entry import TimeEntry
from projections import ReadModels
from projections.check import Findings, check_ledger, check_read_models
from projections.queries import live_tables
from support.world import World, given_world


def checked(ledger: Ledger, read_models: ReadModels | None = None) -> Findings:
    findings = Findings()
    check_ledger(ledger, findings)
    if read_models is not None:
        check_read_models(read_models.projector, list(read_models.models.values()), findings)
    return findings


def test_a_ledger_where_everything_happened_is_clean_read_models_included(
    ledger: Ledger, read_models: ReadModels, busy: Callable[[Ledger], World]
) -> None:
    busy(ledger)
    read_models.catch_up()

    findings = checked(ledger, read_models)

    assert findings.problems == []
    assert findings.counted["invoices"] > 0 and findings.counted["entries and expenses"] > 0


def test_an_entry_invoiced_without_a_line_is_named(ledger: Ledger) -> None:
    world = given_world(ledger)
    entry_id = world.log(world.project(world.client()), "2026-10-05T09:00:00+00:00", 3600)
    entry: TimeEntry = ledger.repository.get(entry_id)
    # Recorded behind the use cases' back: an entry invoiced on a line no invoice has.
    entry.invoice(world.owner.member_id, uuid4(), uuid4(), uuid4())
    ledger.save(entry)

    findings = checked(ledger)

    assert [p for p in findings.problems if str(entry_id) in p and "no live line" in p]


def test_a_line_whose_amount_is_not_quantity_times_price_is_named(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice: Invoice = ledger.repository.get(world.invoice(world.client()))
    wrong = LineItem(
        id=uuid4(),
        position=0,
        item_type=ItemType.SERVICE,
        description="Setup",
        quantity=Decimal("2"),
        unit=None,
        unit_price=Decimal("10.00"),
        amount=Decimal("25.00"),
    )
    invoice.add_item(world.owner.member_id, wrong)
    ledger.save(invoice)

    findings = checked(ledger)

    assert [p for p in findings.problems if str(wrong.id) in p]


def test_a_read_model_row_that_a_rebuild_would_not_write_is_named(
    ledger: Ledger, read_models: ReadModels, busy: Callable[[Ledger], World]
) -> None:
    busy(ledger)
    read_models.catch_up()
    model = read_models.models["invoice_list"]
    table = live_tables(read_models.store, [model])["invoices"]
    with read_models.store.transaction() as tx:
        tx.execute(f"UPDATE {table} SET number = 'FORGED'")

    findings = checked(ledger, read_models)

    assert [p for p in findings.problems if p.startswith("read model invoice_list")]


def test_the_command_exits_1_naming_the_problem_and_0_when_clean(
    settings: Settings, ledger: Ledger, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LEDGER_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("LEDGER_DATABASE_SCHEMA", settings.database_schema)
    world = given_world(ledger)
    entry_id = world.log(world.project(world.client()), "2026-10-05T09:00:00+00:00", 3600)
    assert main(["check"]) == 0
    entry: TimeEntry = ledger.repository.get(entry_id)
    entry.invoice(world.owner.member_id, uuid4(), uuid4(), uuid4())
    ledger.save(entry)

    assert main(["check"]) == 1
    assert f"time entry {entry_id} is invoiced" in capsys.readouterr().out
