"""The outbox as operators run it: `ledger outbox run` killed mid-delivery, `ledger outbox status`,
and `ledger serve` delivering in-process to `./outbox/` with no mail server configured."""

import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from ledger.application import Ledger, open_ledger
from ledger.config import Settings
from support.eventually import eventually
from support.mailing import an_invoice_to_mail, email_events, queue
from support.smtp_server import running_smtp_server
from support.world import World, given_world

pytestmark = pytest.mark.slow


@contextmanager
def outbox_worker(exe: Path, env: dict[str, str], cwd: Path, name: str) -> Iterator[subprocess.Popen[bytes]]:
    """`ledger outbox run` in a process of its own; stopped (or killed) when the block ends."""
    log = cwd / f"{name}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(exe), "outbox", "run"], cwd=cwd, env=env, stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=15)
        print(f"--- {name} ---\n{log.read_text()}")


@pytest.fixture
def store(settings: Settings) -> Iterator[Ledger]:
    ledger = open_ledger(settings)
    yield ledger
    ledger.close()


def delivered(world: World, invoice_id: object) -> list[dict[str, object]]:
    return [data for kind, data in email_events(world, invoice_id) if kind == "EmailDelivered"]  # type: ignore[arg-type]


def test_a_worker_killed_between_the_servers_accept_and_the_record_sends_once_more_with_the_same_id(
    store: Ledger, ledger_exe: Path, ledger_env: dict[str, str], tmp_path: Path
) -> None:
    world = given_world(store)
    invoice_id = an_invoice_to_mail(world)
    with running_smtp_server() as server:
        env = {**ledger_env, "LEDGER_SMTP_URL": server.url(timeout=60)}
        # The server takes the message, then keeps the worker waiting for its goodbye (QUIT).
        server.handler.stall_quit_next()
        email = queue(world, invoice_id)
        with outbox_worker(ledger_exe, env, tmp_path, "killed") as killed:
            eventually(lambda: server.handler.stalled_quits == 1, timeout=60)
            killed.send_signal(signal.SIGKILL)
            killed.wait(timeout=15)
        accepted_before_the_kill = len(server.received)
        recorded_before_the_kill = delivered(world, invoice_id)
        server.handler.release_quits()
        with outbox_worker(ledger_exe, env, tmp_path, "restarted") as restarted:
            eventually(lambda: bool(delivered(world, invoice_id)), timeout=60)
            restarted.send_signal(signal.SIGTERM)
            stopped = restarted.wait(timeout=30)
        received = server.received

    assert (accepted_before_the_kill, recorded_before_the_kill, stopped) == (1, [], 0)
    message_id = f"<{email.id}@example.com>"
    assert [message.message["Message-ID"] for message in received] == [message_id, message_id]
    assert [(kind, data.get("attempt")) for kind, data in email_events(world, invoice_id)] == [
        ("EmailQueued", None),
        ("EmailDelivered", 1),
    ]
    assert delivered(world, invoice_id)[0]["message_id"] == message_id


def test_outbox_status_tells_where_the_emails_stand(
    store: Ledger, ledger_exe: Path, ledger_env: dict[str, str], tmp_path: Path
) -> None:
    world = given_world(store)
    queue(world, an_invoice_to_mail(world), attach_pdf=False)
    queue(world, an_invoice_to_mail(world), attach_pdf=False)

    status = subprocess.run(
        [str(ledger_exe), "outbox", "status"],
        cwd=tmp_path,
        env=ledger_env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    assert lines[0].split() == ["queued", "sending", "delivered", "failed"]
    assert lines[1].split() == ["2", "0", "0", "0"]
    assert lines[2].startswith("oldest waiting: since ")
    assert lines[3].startswith("position ")


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_outbox_status_on_a_store_that_does_not_exist_names_where_it_looked(
    ledger_exe: Path, ledger_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**ledger_env, "LEDGER_DATABASE_URL": f"sqlite:///{tmp_path / 'nowhere.db'}"}

    status = subprocess.run(
        [str(ledger_exe), "outbox", "status"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert status.returncode == 1
    assert str(tmp_path / "nowhere.db") in status.stderr
    assert not (tmp_path / "nowhere.db").exists()


def test_ledger_serve_delivers_in_process_to_eml_files_without_a_mail_server(
    server: str, tmp_path: Path
) -> None:
    http = httpx.Client(base_url=server, timeout=30)
    signup = {
        "name": "Initech",
        "currency": "EUR",
        "timezone": "UTC",
        "hourly_rate": "100.00",
        "owner": {"name": "Olga Owner", "email": "olga@example.com"},
    }
    owner = http.post("/v1/workspaces", json=signup).json()
    http.headers["X-Api-Key"] = owner["api_key"]
    base = f"/v1/workspaces/{owner['id']}"
    client = http.post(f"{base}/clients", json={"name": "Globex", "email": "ap@globex.example"}).json()
    invoice = http.post(f"{base}/invoices", json={"client_id": client["id"]}).json()
    line = {"description": "Setup", "quantity": "1", "unit_price": "10.00"}
    assert http.post(f"{base}/invoices/{invoice['id']}/items", json=line).status_code == 201

    queued = http.post(f"{base}/invoices/{invoice['id']}/emails")

    assert queued.status_code == 202
    listed = f"{base}/invoices/{invoice['id']}/emails"
    eventually(lambda: http.get(listed).json()["items"][0]["status"] == "delivered", timeout=60)
    [eml] = list((tmp_path / "outbox").glob("*.eml"))
    assert eml.name == f"{queued.json()['id']}@example.com.eml"
