"""The outbox of one store: its table beside the read models, its worker, its figures.

`Outbox.open(settings, ledger, read_models)` creates the table and tracking row when missing and
builds the worker with the configured transport (`LEDGER_SMTP_URL`, else `.eml` files under
`LEDGER_OUTBOX_DIR`) and retry policy (`LEDGER_EMAIL_MAX_ATTEMPTS`).
"""

from datetime import datetime
from uuid import UUID

from ledger.application import Ledger
from ledger.config import Settings
from ledger.views import EmailView
from outbox.lock import worker_lock
from outbox.metrics import Family, OutboxCounters, OutboxStatus, families
from outbox.model import OutboxModel
from outbox.retry import RetryPolicy
from outbox.table import OutboxTable
from outbox.transport import Transport, transport_from_settings
from outbox.worker import OutboxWorker
from projections import ReadModels
from projections.tracking import install, live


class Outbox:
    """Queued e-mails of a store: the worker that delivers them, and what is known of them."""

    def __init__(self, table: OutboxTable, worker: OutboxWorker, counters: OutboxCounters) -> None:
        self.table = table
        self.worker = worker
        self.counters = counters

    @classmethod
    def open(
        cls,
        settings: Settings,
        ledger: Ledger,
        read_models: ReadModels,
        transport: Transport | None = None,
        policy: RetryPolicy | None = None,
    ) -> "Outbox":
        model = OutboxModel()
        install(read_models.store, model)
        table = OutboxTable(read_models.store, model)
        counters = OutboxCounters()
        worker = OutboxWorker(
            ledger,
            read_models,
            table,
            model,
            transport or transport_from_settings(settings.smtp_url, settings.outbox_dir),
            policy or RetryPolicy(max_attempts=settings.email_max_attempts),
            counters,
            lambda: worker_lock(settings, read_models.store),
        )
        return cls(table, worker, counters)

    def start(self) -> None:
        self.worker.start()

    def stop(self) -> None:
        self.worker.stop()

    def wake(self) -> None:
        self.worker.wake()

    def emails_of(self, invoice_id: UUID) -> list[EmailView]:
        """The invoice's e-mails, with every event recorded before the call followed (read your writes)."""
        self.worker.follow()
        return self.table.of_invoice(invoice_id)

    def status(self) -> OutboxStatus:
        counts = self.table.counts()
        return OutboxStatus(
            queued=counts.queued,
            sending=counts.sending,
            delivered=counts.delivered,
            failed=counts.failed,
            oldest_waiting_since=counts.oldest_waiting_since,
            position=live(self.table.store, OutboxModel.name).position,
            head=self.worker.follower.head(),
            worker_active=self.worker.active,
        )

    def metrics(self, now: datetime) -> list[Family]:
        """Every outbox metric for `/metrics`: see `outbox.metrics`."""
        return families(self.counters, self.status(), now)
