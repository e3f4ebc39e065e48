"""The workspace: defaults, settings (SPEC §9, §13) and the number sequences of invoices and credit notes."""

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.domain import Aggregate, event

from ledger.aggregate import Changes, WorkspaceAggregate, upcast_changes
from ledger.formats import PercentOut
from ledger.money import ZERO
from ledger.totals import TaxMode
from ledger.values import UNSET, Unset


class RoundingMode(Enum):
    UP = "up"
    DOWN = "down"
    NEAREST = "nearest"


@dataclass(frozen=True)
class Rounding:
    minutes: int = 15
    mode: RoundingMode = RoundingMode.UP


@dataclass(frozen=True)
class ItemTypeLabels:
    service: str = "Service"
    product: str = "Product"


@dataclass(frozen=True)
class PdfOptions:
    hide_item_type: bool = False
    hide_quantity: bool = False
    hide_unit_price: bool = False


@dataclass(frozen=True)
class Company:
    """Who bills (the seller of an e-invoice)."""

    name: str = ""
    address: str = ""
    email: str | None = None
    vat_id: str | None = None
    registration_id: str | None = None
    country: str | None = None
    city: str | None = None
    postal_code: str | None = None
    iban: str | None = None
    bic: str | None = None

    def __post_init__(self) -> None:
        # Settings recorded before e-mails were optional said "" for none.
        if self.email == "":
            object.__setattr__(self, "email", None)


@dataclass(frozen=True)
class WorkspaceSettings:
    rounding: Rounding = Rounding()
    invoice_approved_only: bool = False
    number_prefix: str = "INV-"
    number_padding: int = 4
    due_days: int = 30
    default_tax_percent: PercentOut = ZERO
    default_tax2_percent: PercentOut = ZERO
    default_tax_mode: TaxMode = TaxMode.SIMPLE
    default_discount_percent: PercentOut = ZERO
    item_type_labels: ItemTypeLabels = ItemTypeLabels()
    pdf: PdfOptions = PdfOptions()
    company: Company = Company()
    # Credit notes have a sequence of their own, padded like invoice numbers (SPEC §15).
    credit_note_prefix: str = "CN-"
    # Why lines at a tax rate of 0 are exempt from VAT (BT-120 of an e-invoice, SPEC §16).
    vat_exemption_reason: str | None = None

    def updated(self, changes: Mapping[str, Any]) -> "WorkspaceSettings":
        """These settings with `changes` (already valid values) merged in, nested ones field by field."""
        merged: WorkspaceSettings = _merge(self, changes)
        return merged


def _merge(value: Any, changes: Mapping[str, Any]) -> Any:
    merged = {
        name: _merge(getattr(value, name), new) if isinstance(new, Mapping) else new
        for name, new in changes.items()
    }
    return dataclasses.replace(value, **merged)


@dataclass(frozen=True)
class WorkspaceChanges(Changes):
    name: str | Unset = UNSET
    currency: str | Unset = UNSET
    timezone: str | Unset = UNSET
    hourly_rate: Decimal | Unset = UNSET


class Workspace(WorkspaceAggregate):
    """A tenant: its people, clients and invoices all hang off it."""

    # Version 2 added `credit_note_counter`: a snapshot taken before it is upcast on load.
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state.setdefault("credit_note_counter", 0)

    class WorkspaceCreated(Aggregate.Created):
        actor_id: UUID
        name: str
        currency: str
        timezone: str
        hourly_rate: Decimal
        settings: WorkspaceSettings

    @event(WorkspaceCreated)
    def __init__(
        self,
        id: UUID,
        actor_id: UUID,
        name: str,
        currency: str,
        timezone: str,
        hourly_rate: Decimal,
        settings: WorkspaceSettings,
    ) -> None:
        self.workspace_id = id
        self.name = name
        self.currency = currency
        self.timezone = timezone
        self.hourly_rate = hourly_rate
        self.settings = settings
        self.invoice_counter = 0
        self.credit_note_counter = 0

    class Edited(WorkspaceAggregate.Edited):
        class_version = 2
        changes: WorkspaceChanges
        upcast_v1_v2 = staticmethod(upcast_changes(WorkspaceChanges))

    class SettingsChanged(Aggregate.Event):
        actor_id: UUID
        settings: WorkspaceSettings

        def apply(self, workspace: "Workspace") -> None:
            workspace.settings = self.settings

    class InvoiceNumberAllocated(Aggregate.Event):
        """The sequence moved on; `counter` is never handed out again."""

        actor_id: UUID
        number: str
        counter: int

        def apply(self, workspace: "Workspace") -> None:
            workspace.invoice_counter = self.counter

    class CreditNoteNumberAllocated(Aggregate.Event):
        """The credit notes' sequence moved on; `counter` is never handed out again."""

        actor_id: UUID
        number: str
        counter: int

        def apply(self, workspace: "Workspace") -> None:
            workspace.credit_note_counter = self.counter

    def edit(self, actor_id: UUID, changes: WorkspaceChanges) -> None:
        self._edit(actor_id, changes)

    def change_settings(self, actor_id: UUID, settings: WorkspaceSettings) -> None:
        if settings != self.settings:
            self.trigger_event(self.SettingsChanged, actor_id=actor_id, settings=settings)

    def today(self, now: datetime) -> date:
        """The date it is at `now` in the workspace's time zone: what due dates are judged by."""
        return now.astimezone(ZoneInfo(self.timezone)).date()

    def allocate_invoice_number(self, actor_id: UUID, is_taken: Callable[[str], bool]) -> str:
        """The next number of the sequence, skipping any taken by hand."""
        number, counter = self._next_number(self.settings.number_prefix, self.invoice_counter, is_taken)
        self.trigger_event(self.InvoiceNumberAllocated, actor_id=actor_id, number=number, counter=counter)
        return number

    def allocate_credit_note_number(self, actor_id: UUID, is_taken: Callable[[str], bool]) -> str:
        """The next number of the credit notes' sequence, skipping any number a document already has."""
        prefix = self.settings.credit_note_prefix
        number, counter = self._next_number(prefix, self.credit_note_counter, is_taken)
        self.trigger_event(self.CreditNoteNumberAllocated, actor_id=actor_id, number=number, counter=counter)
        return number

    def _next_number(self, prefix: str, counter: int, is_taken: Callable[[str], bool]) -> tuple[str, int]:
        while True:
            counter += 1
            number = f"{prefix}{counter:0{self.settings.number_padding}d}"
            if not is_taken(number):
                return number, counter
