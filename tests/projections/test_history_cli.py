"""`ledger history` and `ledger projections ...`: the operators' commands, run as the CLI runs them."""

import argparse
import json
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from ledger.application import Ledger
from ledger.commands import AddLine, IssueCreditNote, RecordPayment
from ledger.config import Settings
from projections.cli import add_commands
from support.world import World, given_world


@pytest.fixture(autouse=True)
def environment(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands read their settings from the environment, as `ledger` does."""
    monkeypatch.setenv("LEDGER_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("LEDGER_DATABASE_SCHEMA", settings.database_schema)


def ledger_command(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="ledger")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.handler(args)  # type: ignore[no-any-return]


def printed_events(out: str) -> list[tuple[int, str]]:
    """(version, type) of each event line of `ledger history`."""
    return [(int(line.split()[0][1:]), line.split()[2]) for line in out.splitlines() if line.startswith("v")]


def sent_and_paid(world: World) -> UUID:
    invoice: UUID = world.invoice(world.client())
    world.ledger.add_item(
        world.owner, invoice, AddLine(description="Consulting", quantity="2", unit_price="100")
    )
    world.ledger.send_invoice(world.owner, invoice)
    payment = RecordPayment(amount="50.00", date=world.ledger.clock().date())
    world.ledger.record_payment(world.owner, invoice, payment)
    return invoice


def test_history_prints_every_event_of_an_invoice_oldest_first(
    ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    invoice = sent_and_paid(given_world(ledger))

    code = ledger_command("history", "invoice", str(invoice))

    out = capsys.readouterr().out
    assert code == 0
    assert printed_events(out) == [
        (1, "InvoiceCreated"),
        (2, "LineItemAdded"),
        (3, "InvoiceSent"),
        (4, "PaymentRecorded"),
    ]
    assert "state as of" not in out


def test_history_as_of_an_instant_stops_there_and_prints_the_state_then(
    ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    world = given_world(ledger)
    invoice = sent_and_paid(world)
    added = ledger.history(world.owner, "invoice", invoice)[1].recorded_at

    code = ledger_command("history", "invoice", str(invoice), "--as-of", added.isoformat())

    out = capsys.readouterr().out
    assert code == 0
    assert printed_events(out) == [(1, "InvoiceCreated"), (2, "LineItemAdded")]
    state = json.loads(out.split(f"state as of {added.isoformat()}:\n", 1)[1])
    assert (state["version"], state["status"], state["payments"]) == (2, "unsent", [])


def test_history_as_of_before_the_invoice_existed_exits_1_saying_so(
    ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    world = given_world(ledger)
    invoice = sent_and_paid(world)
    before = ledger.history(world.owner, "invoice", invoice)[0].recorded_at - timedelta(seconds=1)

    code = ledger_command("history", "invoice", str(invoice), "--as-of", before.isoformat())

    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert captured.err == f"ledger history: {invoice} did not exist at {before.isoformat()}\n"


def test_history_of_an_unknown_invoice_exits_1(ledger: Ledger, capsys: pytest.CaptureFixture[str]) -> None:
    missing = uuid4()

    code = ledger_command("history", "invoice", str(missing))

    assert code == 1
    assert capsys.readouterr().err == f"ledger history: invoice {missing} not found\n"


def test_history_of_a_time_entry_shows_it_billed_and_released(
    ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    world = given_world(ledger)
    client = world.client()
    entry = world.log(world.project(client), "2026-10-05T09:00:00+00:00", 3600)
    invoice = world.invoice(client)
    world.import_(invoice)
    ledger.delete_invoice(world.owner, invoice)

    ledger_command("history", "time-entry", str(entry))

    out = capsys.readouterr().out
    assert printed_events(out) == [(1, "TimeEntryLogged"), (2, "Invoiced"), (3, "Released")]
    released = json.loads(out.splitlines()[-1])
    assert (released["invoice_id"], released["reason"]) == (str(invoice), "invoice-deleted")


def rows_of_status(out: str) -> dict[str, list[Any]]:
    return {line.split()[0]: [int(n) for n in line.split()[1:4]] for line in out.splitlines()[1:]}


def test_projections_status_and_rebuild_report_positions_against_the_head(
    ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    sent_and_paid(given_world(ledger))
    head = ledger.recorder.max_notification_id()

    ledger_command("projections", "status")
    before = rows_of_status(capsys.readouterr().out)
    assert ledger_command("projections", "rebuild", "--all") == 0
    capsys.readouterr()
    ledger_command("projections", "status")
    after = rows_of_status(capsys.readouterr().out)

    names = [
        "directory",
        "invoiced_status",
        "time_report",
        "expense_report",
        "invoice_list",
        "credit_note_list",
    ]
    assert before == {name: [0, head, head] for name in names}
    assert after == {name: [head, head, 0] for name in names}


def test_history_replays_a_credit_note_and_the_invoice_it_corrects(
    ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    world = given_world(ledger)
    invoice = sent_and_paid(world)
    note = ledger.issue_credit_note(world.owner, invoice, IssueCreditNote(reason="Wrong rate", all=True))

    codes = [
        ledger_command("history", kind, str(id))
        for kind, id in (("credit-note", note.id), ("invoice", invoice))
    ]

    out = capsys.readouterr().out
    assert codes == [0, 0]
    assert printed_events(out)[0] == (1, "CreditNoteIssued")
    assert printed_events(out)[-1] == (5, "InvoiceCredited")
