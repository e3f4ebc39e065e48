"""The outbox's promise across crashes: nothing lost, at most one more copy, the same Message-ID.

A worker "dies" here by an exception no code catches (the worker process would be gone); the real
SIGKILL of a `ledger outbox run` process is in `test_worker_process.py`.
"""

import threading
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from ledger.application import Ledger
from ledger.commands import RecordPayment
from ledger.config import Settings
from ledger.errors import ConcurrentUpdate
from ledger.mail import EmailStatus
from ledger.usecases.emailing import Delivered, Failed
from outbox import worker as worker_module
from outbox.lock import worker_lock
from outbox.message import OutgoingEmail
from outbox.service import Outbox
from outbox.smtp import SmtpTransport
from projections import ReadModels
from support.eventually import eventually
from support.mailing import an_invoice_to_mail, email_events, queue
from support.smtp_server import SmtpServer
from support.world import given_world

OpenOutbox = Callable[..., Outbox]


class WorkerDied(BaseException):
    """The process ended right here: nothing after this line ran."""


class DiesAfterTheServerAccepts:
    """Delivers over SMTP, then the worker dies before it can record anything."""

    def __init__(self, server: SmtpServer) -> None:
        self.smtp = SmtpTransport.from_url(server.url())

    def send(self, email: OutgoingEmail) -> None:
        self.smtp.send(email)
        raise WorkerDied


def test_a_worker_dying_between_the_servers_accept_and_the_record_is_followed_by_one_more_copy(
    ledger: Ledger, smtp_server: SmtpServer, open_outbox: OpenOutbox
) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world)
    email = queue(world, invoice_id)

    with pytest.raises(WorkerDied):
        open_outbox(DiesAfterTheServerAccepts(smtp_server)).worker.run_once()
    restarted = open_outbox(SmtpTransport.from_url(smtp_server.url()))
    [left] = restarted.emails_of(invoice_id)
    resent = restarted.worker.run_once()

    assert (left.status, resent) == (EmailStatus.SENDING, 1)
    ids = [received.message["Message-ID"] for received in smtp_server.received]
    assert ids == [f"<{email.id}@example.com>"] * 2
    assert [(kind, data.get("attempt")) for kind, data in email_events(world, invoice_id)] == [
        ("EmailQueued", None),
        ("EmailDelivered", 1),
    ]
    assert restarted.worker.run_once() == 0
    assert len(smtp_server.received) == 2


def test_a_worker_dying_after_recording_the_outcome_sends_nothing_again(
    ledger: Ledger, smtp_server: SmtpServer, open_outbox: OpenOutbox
) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world)
    email = queue(world, invoice_id)
    dead = open_outbox(SmtpTransport.from_url(smtp_server.url()))
    dead.worker.follow()
    [row] = dead.table.due(datetime.now(UTC), 10)
    # Claimed, delivered and recorded; the worker died before following its own outcome.
    assert dead.table.claim(row, datetime.now(UTC))
    message_id = f"<{email.id}@example.com>"
    ledger.record_email_outcome(
        invoice_id, Delivered(email.id, world.owner.member_id, 1, message_id, datetime.now(UTC))
    )

    restarted = open_outbox(SmtpTransport.from_url(smtp_server.url()))
    attempted = restarted.worker.run_once()

    assert attempted == 0
    assert smtp_server.received == []
    [listed] = restarted.emails_of(invoice_id)
    assert (listed.status, listed.message_id) == (EmailStatus.DELIVERED, message_id)


def test_a_worker_dying_after_claiming_before_sending_leaves_the_attempt_to_the_next(
    ledger: Ledger, smtp_server: SmtpServer, open_outbox: OpenOutbox
) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world)
    queue(world, invoice_id)
    dead = open_outbox(SmtpTransport.from_url(smtp_server.url()))
    dead.worker.follow()
    [row] = dead.table.due(datetime.now(UTC), 10)
    assert dead.table.claim(row, datetime.now(UTC))

    open_outbox(SmtpTransport.from_url(smtp_server.url())).worker.run_once()

    assert len(smtp_server.received) == 1
    assert [(kind, data.get("attempt")) for kind, data in email_events(world, invoice_id)][-1] == (
        "EmailDelivered",
        1,
    )


def test_outcomes_recorded_while_the_invoice_is_edited_concurrently_are_each_recorded_once(
    ledger: Ledger,
) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world, unit_price="100.00")
    email = queue(world, invoice_id)
    attempts = range(1, 31)
    payments = 0
    together = threading.Barrier(2)
    errors: list[BaseException] = []

    def record_outcomes() -> None:
        together.wait(10)
        try:
            for attempt in attempts:
                failure = Failed(email.id, world.owner.member_id, attempt, "451 busy", datetime.now(UTC))
                ledger.record_email_outcome(invoice_id, failure)
        except BaseException as error:  # surfaced by the assertion below
            errors.append(error)

    thread = threading.Thread(target=record_outcomes)
    thread.start()
    together.wait(10)
    while thread.is_alive() and payments < 30:
        try:
            payment = RecordPayment(amount="0.01", date=date(2026, 11, 2))
            ledger.record_payment(world.owner, invoice_id, payment)
            payments += 1
        except ConcurrentUpdate:
            pass  # the outcome won this round: a client would retry too
    thread.join(60)

    assert errors == []
    recorded = [data["attempt"] for kind, data in email_events(world, invoice_id) if kind == "EmailFailed"]
    assert recorded == list(attempts)
    assert world.invoice_view(invoice_id).paid == Decimal("0.01") * payments


def test_one_worker_sends_at_a_time_and_another_takes_over_when_it_stops(
    settings: Settings, ledger: Ledger, read_models: ReadModels
) -> None:
    with (
        worker_lock(settings, read_models.store) as first,
        worker_lock(settings, read_models.store) as second,
    ):
        assert (first, second) == (True, False)
    with worker_lock(settings, read_models.store) as later:
        assert later is True


def test_the_worker_thread_delivers_when_woken_and_stops_cleanly(
    ledger: Ledger, smtp_server: SmtpServer, open_outbox: OpenOutbox
) -> None:
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world)
    outbox = open_outbox(SmtpTransport.from_url(smtp_server.url()))
    outbox.start()
    try:
        queue(world, invoice_id, attach_pdf=False)
        outbox.wake()
        eventually(lambda: bool(smtp_server.received))
    finally:
        outbox.stop()

    assert not outbox.worker.running
    assert len(smtp_server.received) == 1


def test_on_postgres_a_worker_whose_poll_never_comes_is_woken_by_the_queuing_save(
    settings: Settings,
    ledger: Ledger,
    read_models: ReadModels,
    smtp_server: SmtpServer,
    open_outbox: OpenOutbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not settings.is_postgres:
        pytest.skip("SQLite has no NOTIFY: its worker polls")
    # With the fallback poll an hour away, only the save's NOTIFY can start the pass that sends.
    monkeypatch.setattr(worker_module, "IDLE_POLL_SECONDS", 3600.0)
    world = given_world(ledger)
    invoice_id = an_invoice_to_mail(world)
    assert read_models.waker.listening.wait(10)
    outbox = open_outbox(SmtpTransport.from_url(smtp_server.url()))
    outbox.start()
    try:
        eventually(lambda: outbox.worker.active)
        queue(world, invoice_id, attach_pdf=False)  # no outbox.wake(): as from another process
        eventually(lambda: bool(smtp_server.received))
    finally:
        outbox.stop()

    assert len(smtp_server.received) == 1
