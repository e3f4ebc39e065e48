"""The workspace: defaults, settings (SPEC §9, §13), its logo, and the number sequences of invoices
and credit notes."""

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
from ledger.mail import DEFAULT_BODY, DEFAULT_SUBJECT
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


class QuantityFormat(Enum):
    """How the PDF shows hours: `7.50 h` or `7:30` (SPEC §13)."""

    DECIMAL = "decimal"
    HM = "hm"


@dataclass(frozen=True)
class PdfOptions:
    hide_item_type: bool = False
    hide_quantity: bool = False
    hide_unit_price: bool = False
    quantity_format: QuantityFormat = QuantityFormat.DECIMAL


@dataclass(frozen=True)
class Labels:
    """The fixed words of documents, each overriding the locale's own word when set (SPEC §13).

    `None` means "the word of the locale's language" (built in for en, de and fr: `documents.labels`).
    """

    invoice: str | None = None
    credit_note: str | None = None
    invoice_number: str | None = None
    credit_note_number: str | None = None
    for_invoice: str | None = None
    issue_date: str | None = None
    due_date: str | None = None
    service_period: str | None = None
    subject: str | None = None
    currency: str | None = None
    bill_from: str | None = None
    bill_to: str | None = None
    vat_id: str | None = None
    registration_id: str | None = None
    item: str | None = None
    description: str | None = None
    quantity: str | None = None
    unit_price: str | None = None
    amount: str | None = None
    subtotal: str | None = None
    discount: str | None = None
    tax: str | None = None
    tax2: str | None = None
    compound: str | None = None
    total: str | None = None
    paid: str | None = None
    credited: str | None = None
    balance_due: str | None = None
    notes: str | None = None
    reason: str | None = None
    bank_details: str | None = None
    iban: str | None = None
    bic: str | None = None
    draft: str | None = None
    void: str | None = None
    page: str | None = None
    fingerprint: str | None = None


@dataclass(frozen=True)
class Logo:
    """The workspace's logo: its bytes are kept by content (`sha256`) beside the events."""

    content_type: str
    sha256: str
    size: int


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
class EmailSettings:
    """How invoice e-mails are written and who they are from (SPEC §14); None: see `docs/decisions.md`."""

    subject_template: str = DEFAULT_SUBJECT
    body_template: str = DEFAULT_BODY
    from_name: str | None = None
    from_address: str | None = None
    reply_to: str | None = None


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
    locale: str = "en_US"
    labels: Labels = Labels()
    # Set by `PUT /settings/logo` only (`Workspace.LogoChanged`), never by PATCH.
    logo: Logo | None = None
    # Settings recorded before e-mails decode with these defaults: no upcaster needed.
    email: EmailSettings = EmailSettings()
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

    class LogoChanged(Aggregate.Event):
        """A logo was put on the workspace's documents (`logo`), or removed (`None`)."""

        actor_id: UUID
        logo: Logo | None

        def apply(self, workspace: "Workspace") -> None:
            workspace.settings = dataclasses.replace(workspace.settings, logo=self.logo)

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

    def change_logo(self, actor_id: UUID, logo: Logo | None) -> None:
        if logo != self.settings.logo:
            self.trigger_event(self.LogoChanged, actor_id=actor_id, logo=logo)

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
