"""The ledger application: every use case of SPEC §2–§8 and §15 over one event store."""

from collections.abc import Callable
from datetime import datetime

from ledger.config import Settings, eventsourcing_env
from ledger.usecases.audit import AuditUseCases
from ledger.usecases.crediting import CreditingUseCases
from ledger.usecases.directory import DirectoryUseCases
from ledger.usecases.documents import DocumentUseCases
from ledger.usecases.emailing import EmailingUseCases
from ledger.usecases.history import HistoryUseCases
from ledger.usecases.importing import ImportingUseCases
from ledger.usecases.invoicing import InvoicingUseCases
from ledger.usecases.tracking import TrackingUseCases


class Ledger(
    EmailingUseCases,
    CreditingUseCases,
    DocumentUseCases,
    DirectoryUseCases,
    TrackingUseCases,
    InvoicingUseCases,
    ImportingUseCases,
    HistoryUseCases,
    AuditUseCases,
):
    """Load → decide → save: each use case records all of one decision in one transaction."""


def open_ledger(settings: Settings, clock: Callable[[], datetime] | None = None) -> Ledger:
    """The ledger on the configured database (tables are created when missing)."""
    return Ledger(env=eventsourcing_env(settings), clock=clock)
