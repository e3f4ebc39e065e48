"""`ReadModels`: every read model on one database, the projector that keeps them current, and
the queries beside each read model that the API answers lists and reports with."""

from datetime import UTC, datetime
from typing import Any

from eventsourcing.application import Application

from ledger.config import Settings
from projections.credit_note_list import CreditNoteList, CreditNoteListQueries
from projections.directory import Directory, DirectoryQueries
from projections.expense_report import ExpenseReport, ExpenseReportQueries
from projections.invoice_list import InvoiceList, InvoiceListQueries
from projections.invoiced_status import InvoicedStatus
from projections.readmodel import ReadModel
from projections.runner import Progress, Projector, events_channel
from projections.store import ReadStore
from projections.time_report import TimeReport, TimeReportQueries
from projections.tracking import Generation, install, live, outdated
from projections.waker import Waker

# A model whose position has not moved for this long is idle: it processes 0 events per second.
IDLE_SECONDS = 10


def current_rate(g: Generation, now: datetime) -> int:
    """Events per second of the latest batch, or 0 once the model has been idle for a while."""
    if not g.updated_at or (now - datetime.fromisoformat(g.updated_at)).total_seconds() > IDLE_SECONDS:
        return 0
    return g.rate


def all_models() -> list[ReadModel]:
    return [Directory(), InvoicedStatus(), TimeReport(), ExpenseReport(), InvoiceList(), CreditNoteList()]


class ReadModels:
    """The read side of the ledger: run it (`start`, `catch_up`), and query it (`time_report` ...)."""

    def __init__(
        self, store: ReadStore, app: Application[Any], models: list[ReadModel], waker: Waker | None = None
    ) -> None:
        self.store = store
        self.models = {model.name: model for model in models}
        self.waker = waker or Waker(None)
        self.projector = Projector(store, app, models, self.waker)
        self.time_report = TimeReportQueries(store, self.models)
        self.expense_report = ExpenseReportQueries(store, self.models)
        self.invoice_list = InvoiceListQueries(store, self.models)
        self.credit_note_list = CreditNoteListQueries(store, self.models)
        self.directory = DirectoryQueries(store, self.models)

    @classmethod
    def open(cls, settings: Settings, app: Application[Any]) -> "ReadModels":
        """The read models of the database in `settings`, their tables created if missing.

        A model whose live tables were built by an older version of its code (a store of an
        earlier release) is rebuilt here, before anything reads it: this blocks until done.
        """
        store = ReadStore.open(settings)
        models = all_models()
        for model in models:
            install(store, model)
        waker = Waker(
            settings.database_url if settings.is_postgres and settings.listen else None, [events_channel(app)]
        )
        waker.start()
        read_models = cls(store, app, models, waker)
        for model in outdated(store, models):
            read_models.projector.rebuild(model)
        return read_models

    def start(self) -> None:
        self.projector.start()

    def stop(self) -> None:
        self.projector.stop()

    def close(self) -> None:
        self.stop()
        self.waker.stop()
        self.store.close()

    def catch_up(self) -> int:
        return self.projector.catch_up()

    def wait_until_current(self, timeout: float) -> None:
        self.projector.wait_until_current(timeout)

    def rebuild(self, name: str, progress: Progress | None = None) -> int:
        return self.projector.rebuild(self.models[name], progress)

    def status(self) -> list[dict[str, Any]]:
        """Per model: position, head, lag, events per second, and the version of its live tables."""
        head, now = self.projector.head(), datetime.now(UTC)
        rows = []
        for name in self.models:
            g = live(self.store, name)
            rows.append(
                {
                    "name": name,
                    "position": g.position,
                    "head": head,
                    "lag": max(head - g.position, 0),
                    "events_per_second": current_rate(g, now),
                    "version": g.version,
                }
            )
        return rows
