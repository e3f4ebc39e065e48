"""The operators' and auditors' commands (SPEC §11), each run as `ledger` runs: a process of its own."""

import json
import re
import signal
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID
from zoneinfo import ZoneInfo

import httpx
import pytest

from ledger.application import Ledger
from ledger.commands import AddLine, ChangeWorkspace, RecordPayment
from ledger.config import Settings
from projections.read_models import IDLE_SECONDS, all_models
from projections.store import ReadStore
from support.world import World, given_world

pytestmark = pytest.mark.slow

RunLedger = Callable[..., subprocess.CompletedProcess[str]]


def sent_and_paid(world: World) -> UUID:
    """INV-0001 in Berlin time: created, a line added, sent, 50.00 paid."""
    world.ledger.edit_workspace(world.owner, ChangeWorkspace(timezone="Europe/Berlin"))
    invoice: UUID = world.invoice(world.client("Globex Corporation"))
    world.ledger.add_item(
        world.owner, invoice, AddLine(description="Consulting", quantity="2", unit_price="100")
    )
    world.ledger.send_invoice(world.owner, invoice)
    world.ledger.record_payment(world.owner, invoice, RecordPayment(amount="50.00", date=date(2026, 11, 20)))
    return invoice


def table_rows(out: str) -> list[list[str]]:
    """The cells of each body row of a table `ledger history` printed."""
    return [
        [cell.strip() for cell in line.strip("│").split("│")]
        for line in out.splitlines()
        if line.startswith("│")
    ]


def test_history_of_an_invoice_by_number_is_a_table_people_read(
    ledger: Ledger, run_ledger: RunLedger
) -> None:
    world = given_world(ledger)
    invoice = sent_and_paid(world)
    first = ledger.history(world.owner, "invoice", invoice)[0].recorded_at

    result = run_ledger("history", "invoice", "INV-0001")

    assert result.returncode == 0, result.stderr
    assert f"invoice INV-0001 ({invoice})" in result.stdout
    assert "recorded (Europe/Berlin)" in result.stdout
    rows = table_rows(result.stdout)
    assert [(row[0], row[2], row[3]) for row in rows] == [
        ("1", "InvoiceCreated", "Olga Owner"),
        ("2", "LineItemAdded", "Olga Owner"),
        ("3", "InvoiceSent", "Olga Owner"),
        ("4", "PaymentRecorded", "Olga Owner"),
    ]
    berlin = first.astimezone(ZoneInfo("Europe/Berlin"))
    assert rows[0][1] == berlin.strftime("%Y-%m-%d %H:%M:%S")
    assert rows[0][4].startswith("INV-0001 for Globex Corporation in EUR")
    assert rows[1][4] == "Consulting: 2 × 100 = 200.00; total 200.00"
    assert rows[3][4] == "50.00 paid on 2026-11-20; partially_paid"
    assert "\\u" not in result.stdout and "{" not in result.stdout


def test_history_json_is_one_object_per_event(ledger: Ledger, run_ledger: RunLedger) -> None:
    world = given_world(ledger)
    invoice = sent_and_paid(world)

    result = run_ledger("history", "invoice", str(invoice), "--json")

    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(e["version"], e["type"], e["actor"]) for e in events] == [
        (1, "InvoiceCreated", "Olga Owner"),
        (2, "LineItemAdded", "Olga Owner"),
        (3, "InvoiceSent", "Olga Owner"),
        (4, "PaymentRecorded", "Olga Owner"),
    ]
    assert events[3]["data"]["payment"]["amount"] == "50.00"
    assert events[0]["recorded_at"].endswith(("+01:00", "+02:00"))


def test_history_as_of_an_instant_stops_there_and_gives_the_state_then(
    ledger: Ledger, run_ledger: RunLedger
) -> None:
    world = given_world(ledger)
    invoice = sent_and_paid(world)
    added = ledger.history(world.owner, "invoice", invoice)[1].recorded_at

    result = run_ledger("history", "invoice", "INV-0001", "--json", "--as-of", added.isoformat())

    assert result.returncode == 0, result.stderr
    *events, last = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["type"] for e in events] == ["InvoiceCreated", "LineItemAdded"]
    assert (last["state"]["version"], last["state"]["status"], last["state"]["payments"]) == (2, "unsent", [])


def test_history_of_a_time_entry_shows_it_billed_and_released(ledger: Ledger, run_ledger: RunLedger) -> None:
    world = given_world(ledger)
    client = world.client()
    entry = world.log(world.project(client), "2026-10-05T09:00:00+00:00", 3600)
    invoice = world.invoice(client)
    world.import_(invoice)
    ledger.delete_invoice(world.owner, invoice)

    result = run_ledger("history", "time-entry", str(entry))

    assert result.returncode == 0, result.stderr
    rows = table_rows(result.stdout)
    assert [row[2] for row in rows] == ["TimeEntryLogged", "Invoiced", "Released"]
    assert rows[2][4] == f"released from invoice {str(invoice)[:8]} (invoice-deleted)"


def test_history_of_a_number_no_invoice_has_exits_1_saying_so(ledger: Ledger, run_ledger: RunLedger) -> None:
    given_world(ledger)

    result = run_ledger("history", "invoice", "INV-0999")

    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "ledger history: no invoice numbered INV-0999\n"


def test_a_number_in_two_workspaces_needs_the_workspace(ledger: Ledger, run_ledger: RunLedger) -> None:
    first, second = given_world(ledger), given_world(ledger)
    for world in (first, second):
        world.invoice(world.client())

    ambiguous = run_ledger("history", "invoice", "INV-0001")
    chosen = run_ledger(
        "history", "invoice", "INV-0001", "--workspace", str(second.owner.workspace_id), "--json"
    )

    assert ambiguous.returncode == 1
    assert "INV-0001 numbers invoices in 2 workspaces: name one with --workspace" in ambiguous.stderr
    assert chosen.returncode == 0, chosen.stderr
    assert json.loads(chosen.stdout.splitlines()[0])["data"]["workspace_id"] == str(second.owner.workspace_id)


@pytest.mark.parametrize(
    "command",
    [["history", "invoice", "INV-0001"], ["projections", "status"], ["projections", "rebuild", "--all"]],
)
def test_commands_that_read_a_store_never_create_one_and_say_where_they_looked(
    ledger_exe: Path, tmp_path: Path, command: list[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PATH": "/usr/bin:/bin", "LEDGER_DATABASE_URL": "sqlite:///./ledger.db"}

    result = subprocess.run(
        [str(ledger_exe), *command], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 1
    assert f"no ledger store at {elsewhere / 'ledger.db'} (no such file" in result.stderr
    assert list(elsewhere.iterdir()) == []


@pytest.mark.postgres
def test_a_postgres_schema_without_a_store_is_named_too(ledger_exe: Path, postgres_url: str) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "LEDGER_DATABASE_URL": postgres_url,
        "LEDGER_DATABASE_SCHEMA": "nothing_here",
    }

    result = subprocess.run(
        [str(ledger_exe), "projections", "status"], env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 1
    assert "no ledger store in schema nothing_here of postgresql://" in result.stderr


def status_rows(out: str) -> dict[str, list[int]]:
    return {line.split()[0]: [int(n) for n in line.split()[1:5]] for line in out.splitlines()[1:]}


def test_projections_status_rebuild_and_status_again(ledger: Ledger, run_ledger: RunLedger) -> None:
    sent_and_paid(given_world(ledger))
    head = ledger.recorder.max_notification_id()
    names = [model.name for model in all_models()]

    before = run_ledger("projections", "status")
    rebuilt = run_ledger("projections", "rebuild", "--all")
    after = run_ledger("projections", "status")

    assert before.returncode == rebuilt.returncode == after.returncode == 0
    assert status_rows(before.stdout) == {name: [0, head, head, 0] for name in names}
    # Not a terminal: no progress bars, a line per model rebuilt.
    assert rebuilt.stderr.splitlines() == [f"{name}: rebuilt up to event {head}" for name in names]
    assert {name: row[:3] for name, row in status_rows(after.stdout).items()} == {
        n: [head, head, 0] for n in names
    }


def test_status_shows_no_events_per_second_once_the_read_models_are_idle(
    settings: Settings, ledger: Ledger, run_ledger: RunLedger
) -> None:
    sent_and_paid(given_world(ledger))
    assert run_ledger("projections", "rebuild", "--all").returncode == 0
    # The last batch moved its position more than ten seconds ago.
    store = ReadStore.open(settings)
    try:
        with store.transaction() as tx:
            long_ago = datetime.now(UTC) - timedelta(seconds=IDLE_SECONDS + 5)
            tx.execute("UPDATE rm_tracking SET rate = 5000, updated_at = ?", (long_ago.isoformat(),))
    finally:
        store.close()

    result = run_ledger("projections", "status")

    assert [row[3] for row in status_rows(result.stdout).values()] == [0] * len(all_models())


def test_projections_run_is_a_worker_that_stops_on_sigterm(
    ledger: Ledger, ledger_exe: Path, ledger_env: dict[str, str], tmp_path: Path
) -> None:
    sent_and_paid(given_world(ledger))
    head = ledger.recorder.max_notification_id()
    worker = subprocess.Popen(
        [str(ledger_exe), "projections", "run"],
        cwd=tmp_path,
        env=ledger_env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert worker.stderr is not None
        assert worker.stderr.readline().startswith("projecting directory, invoiced_status")
        deadline = time.monotonic() + 60
        status = ""
        while time.monotonic() < deadline:
            command = [str(ledger_exe), "projections", "status"]
            status = subprocess.run(
                command, cwd=tmp_path, env=ledger_env, capture_output=True, text=True, timeout=60
            ).stdout
            if all(row[0] == head for row in status_rows(status).values()):
                break
            time.sleep(0.5)
        assert all(row[0] == head for row in status_rows(status).values()), status
    finally:
        worker.send_signal(signal.SIGTERM)
        code = worker.wait(timeout=60)
    assert code == 0


def test_serve_prints_the_url_it_really_serves_and_the_demos_curl(
    run_ledger: RunLedger, ledger_exe: Path, ledger_env: dict[str, str], tmp_path: Path
) -> None:
    demo = run_ledger("demo")
    assert demo.returncode == 0, demo.stderr
    server = subprocess.Popen(
        [str(ledger_exe), "serve", "--port", "0"],
        cwd=tmp_path,
        env=ledger_env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        banner = [server.stdout.readline() for _ in range(3)]
        url = re.match(r"ledger: serving (http://127\.0\.0\.1:\d+); ", banner[0])
        curl = re.match(r'  curl -H "X-Api-Key: (\S+)" (\S+)', banner[2])
        assert url and curl, banner
        assert curl.group(2).startswith(url.group(1) + "/v1/workspaces/")
        deadline, answer = time.monotonic() + 60, None
        while answer is None and time.monotonic() < deadline:
            try:
                answer = httpx.get(curl.group(2), headers={"X-Api-Key": curl.group(1)}, timeout=5)
            except httpx.TransportError:
                time.sleep(0.2)
        assert answer is not None and answer.status_code == 200
        assert answer.json()["items"][0]["number"] == "INV-0001"
    finally:
        server.terminate()
        server.wait(timeout=30)
