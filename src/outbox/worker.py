"""The outbox worker: follows the event log into its table, sends what is due, records each outcome.

One attempt, in order (docs/design.md, "E-mail outbox", walks through every crash window):
1. claim the e-mail in the table (`sending`, with the attempt's number), committed before sending;
2. build the message (attachments as the invoice stood when queued) and hand it to the transport;
3. record `EmailDelivered` or `EmailFailed` on the invoice (optimistic concurrency, retried);
4. follow the log, which moves the row on from `sending`.
A worker that dies between 1 and 3 leaves the row `sending`; the next worker to take the lock
follows the log first (so an outcome already recorded is seen), then sends those rows again, as the
same attempt with the same Message-ID: at most once more.
"""

import logging
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime

from ledger.application import Ledger
from ledger.usecases.emailing import Delivered, Failed, Outcome
from outbox.attachments import expenses_csv, invoice_pdf
from outbox.errors import DeliveryFailure, InvalidEmail, PermanentFailure, TransientFailure
from outbox.message import Attachment, OutgoingEmail, make_message_id
from outbox.metrics import OutboxCounters
from outbox.model import OutboxModel
from outbox.retry import RetryPolicy, stable_draw
from outbox.table import OutboxRow, OutboxTable
from outbox.transport import Transport
from projections import ReadModels
from projections.runner import Projector, events_channel

log = logging.getLogger(__name__)

BATCH_SIZE = 50
IDLE_POLL_SECONDS = 1.0
LOCK_RETRY_SECONDS = 2.0
STOP_SECONDS = 60.0


class OutboxWorker:
    """Delivers queued e-mails; `run_once` is one pass, `start` runs passes in a thread until `stop`."""

    def __init__(
        self,
        ledger: Ledger,
        read_models: ReadModels,
        table: OutboxTable,
        model: OutboxModel,
        transport: Transport,
        policy: RetryPolicy,
        counters: OutboxCounters,
        lock: Callable[[], AbstractContextManager[bool]],
    ) -> None:
        self.ledger = ledger
        self.read_models = read_models
        self.table = table
        self.transport = transport
        self.policy = policy
        self.counters = counters
        self.lock = lock
        self.follower = Projector(table.store, ledger, [model])
        # Outcomes sent but not yet recorded (the store was unreachable): recorded before anything else.
        self._unrecorded: list[tuple[OutboxRow, Outcome]] = []
        self._wake = threading.Event()
        # On PostgreSQL every save NOTIFYs: a queued e-mail wakes the worker in any process at once.
        read_models.waker.subscribe(events_channel(ledger), self._wake)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.active = False
        self.error: BaseException | None = None

    def now(self) -> datetime:
        return self.ledger.clock()

    def follow(self) -> int:
        """Apply new events to the outbox's table, exactly once; the number of events read."""
        return self.follower.catch_up()

    def run_once(self) -> int:
        """One pass: record what is unrecorded, follow the log, attempt everything due. Attempts made."""
        while self._unrecorded:
            row, outcome = self._unrecorded[0]
            self.ledger.record_email_outcome(row.invoice_id, outcome)
            self._unrecorded.pop(0)
        self.follow()
        # Only the lock's holder runs passes, and an attempt of its own is never left `sending`
        # across passes unless it failed before anything was sent or recorded: a row still `sending`
        # now has no outcome anywhere, so it is sent (again) as the same attempt.
        attempted = sum(self._attempt(row) for row in self.table.unfinished())
        while not self._stop.is_set():
            made = sum(self._attempt(row) for row in self.table.due(self.now(), BATCH_SIZE))
            if not made:
                break
            attempted += made
        return attempted

    def _attempt(self, row: OutboxRow) -> int:
        if self._stop.is_set() or not self.table.claim(row, self.now()):
            return 0
        outcome = self._deliver(row)
        try:
            self.ledger.record_email_outcome(row.invoice_id, outcome)
        except Exception:
            self._unrecorded.append((row, outcome))
            raise
        self.follow()
        return 1

    def _deliver(self, row: OutboxRow) -> Outcome:
        """Send the e-mail once; the outcome to record, never raised (but for the store failing)."""
        cancelled = self.ledger.email_cancelled(row.invoice_id)
        if cancelled is not None:
            self.counters.attempted("cancelled")
            return Failed(row.id, row.actor_id, row.attempt, cancelled, None)
        failure: DeliveryFailure
        try:
            email = self._compose(row)
        except InvalidEmail as invalid:
            failure = PermanentFailure(f"the message cannot be written: {invalid}")
        except Exception as unexpected:
            # A message that cannot be prepared must not stop the outbox: it is retried, then given up.
            log.exception("preparing e-mail %s failed", row.id)
            failure = TransientFailure(f"the message could not be prepared ({type(unexpected).__name__})")
        else:
            started = time.perf_counter()
            try:
                self.transport.send(email)
            except DeliveryFailure as refused:
                failure = refused
            else:
                self.counters.attempted("delivered")
                return Delivered(row.id, row.actor_id, row.attempt, email.message_id, self.now())
            finally:
                self.counters.sent(time.perf_counter() - started)
        draw = stable_draw(str(row.id), row.attempt)
        retry_at = self.policy.next_attempt_at(failure, self.now(), row.attempt, draw)
        reason = str(failure)
        if retry_at is None and isinstance(failure, TransientFailure):
            reason += f" (no attempt left of {self.policy.max_attempts})"
        self.counters.attempted("retry" if retry_at is not None else "failed")
        return Failed(row.id, row.actor_id, row.attempt, reason, retry_at)

    def _compose(self, row: OutboxRow) -> OutgoingEmail:
        attachments: list[Attachment] = []
        if row.attach_pdf or row.attach_expenses:
            documents = self.ledger.email_documents(
                row.invoice_id, row.attach_version, row.client_version, row.workspace_version
            )
            if row.attach_pdf:
                started = time.perf_counter()
                fingerprint = self.ledger.event_fingerprint(row.invoice_id, row.attach_version)
                attachments.append(invoice_pdf(documents, fingerprint))
                self.counters.rendered(time.perf_counter() - started)
            if row.attach_expenses:
                attachments.append(expenses_csv(self.read_models, documents, row.workspace_id))
        return OutgoingEmail(
            message_id=make_message_id(row.id, row.from_address.rpartition("@")[2]),
            from_address=row.from_address,
            from_name=row.from_name,
            reply_to=row.reply_to,
            to=row.to,
            cc=row.cc,
            bcc=row.bcc,
            subject=row.subject,
            body=row.body,
            # The queueing instant, not now: every attempt writes the same message.
            date=row.created_at,
            attachments=tuple(attachments),
        )

    # Running in the background: in-process under `ledger serve`, or `ledger outbox run`.

    def wake(self) -> None:
        """Look for work now rather than at the next poll (after a queueing, or a store notification)."""
        self._wake.set()

    def _pause(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def run_forever(self) -> None:
        """Take the outbox's lock (waiting while another worker holds it), then send until stopped."""
        while not self._stop.is_set():
            with self.lock() as held:
                self.active = held
                if held:
                    self._serve()
            self.active = False
            if not self._stop.is_set():
                self._pause(LOCK_RETRY_SECONDS)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                attempted = self.run_once()
                self.error = None
            except Exception as error:
                log.exception("outbox pass failed; trying again")
                self.error = error
                attempted = 0
            if not attempted:
                self._pause(IDLE_POLL_SECONDS)

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self.run_forever, name="outbox", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop after the attempt in progress (bounded by the transport's timeout)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=STOP_SECONDS)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def join(self, timeout: float) -> None:
        if self._thread is not None:
            self._thread.join(timeout)
