"""`ReadModels`: every read model on one database, the projector that keeps them current, and
the queries the API answers lists and reports with."""

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import Application

from ledger.config import Settings
from projections.directory import Directory
from projections.expense_report import ExpenseReport
from projections.invoice_list import InvoiceList
from projections.invoiced_status import InvoicedStatus
from projections.lists import Lists
from projections.queries import InvoiceFilters, ReportFilters
from projections.readmodel import ReadModel
from projections.reports import Reports
from projections.runner import Progress, Projector
from projections.store import ReadStore
from projections.time_report import TimeReport
from projections.tracking import install, live


def all_models() -> list[ReadModel]:
    return [Directory(), InvoicedStatus(), TimeReport(), ExpenseReport(), InvoiceList()]


class ReadModels:
    """The read side of the ledger."""

    def __init__(self, store: ReadStore, app: Application[Any], models: list[ReadModel]) -> None:
        self.store = store
        self.models = {model.name: model for model in models}
        self.projector = Projector(store, app, models)
        self.reports = Reports(store, models)
        self.lists = Lists(store, models)

    @classmethod
    def open(cls, settings: Settings, app: Application[Any]) -> "ReadModels":
        """The read models of the database in `settings`, their tables created if missing."""
        store = ReadStore.open(settings)
        models = all_models()
        for model in models:
            install(store, model)
        return cls(store, app, models)

    # Running.

    def start(self) -> None:
        self.projector.start()

    def stop(self) -> None:
        self.projector.stop()

    def close(self) -> None:
        self.stop()
        self.store.close()

    def catch_up(self) -> int:
        return self.projector.catch_up()

    def wait_until_current(self, timeout: float) -> None:
        self.projector.wait_until_current(timeout)

    def rebuild(self, name: str, progress: Progress | None = None) -> int:
        return self.projector.rebuild(self.models[name], progress)

    def status(self) -> list[dict[str, Any]]:
        head = self.projector.head()
        rows = []
        for name in self.models:
            g = live(self.store, name)
            rows.append(
                {
                    "name": name,
                    "position": g.position,
                    "head": head,
                    "lag": max(head - g.position, 0),
                    "events_per_second": g.rate,
                }
            )
        return rows

    # Queries.

    def time_report(
        self, workspace_id: UUID, filters: ReportFilters, page: int = 1, page_size: int = 50
    ) -> Any:
        return self.reports.time_report(workspace_id, filters, page, page_size)

    def expense_report(
        self, workspace_id: UUID, filters: ReportFilters, page: int = 1, page_size: int = 50
    ) -> Any:
        return self.reports.expense_report(workspace_id, filters, page, page_size)

    def time_report_csv(self, workspace_id: UUID, filters: ReportFilters) -> str:
        return self.reports.time_report_csv(workspace_id, filters)

    def expense_report_csv(self, workspace_id: UUID, filters: ReportFilters) -> str:
        return self.reports.expense_report_csv(workspace_id, filters)

    def invoices(
        self, workspace_id: UUID, filters: InvoiceFilters, page: int = 1, page_size: int = 50, *, today: date
    ) -> Any:
        return self.lists.invoices(workspace_id, filters, page, page_size, today=today)

    def invoices_csv(self, workspace_id: UUID, filters: InvoiceFilters, today: date) -> str:
        return self.lists.invoices_csv(workspace_id, filters, today)

    def members(self, workspace_id: UUID, page: int = 1, page_size: int = 50) -> Any:
        return self.lists.directory("members", workspace_id, page, page_size)

    def clients(self, workspace_id: UUID, page: int = 1, page_size: int = 50) -> Any:
        return self.lists.directory("clients", workspace_id, page, page_size)

    def projects(self, workspace_id: UUID, page: int = 1, page_size: int = 50) -> Any:
        return self.lists.directory("projects", workspace_id, page, page_size)

    def categories(self, workspace_id: UUID, page: int = 1, page_size: int = 50) -> Any:
        return self.lists.directory("categories", workspace_id, page, page_size)
