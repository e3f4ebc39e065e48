"""The workspace: defaults, settings (SPEC §9) and the invoice-number sequence."""

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.aggregate import WorkspaceAggregate
from ledger.errors import InvalidInput
from ledger.money import ZERO
from ledger.totals import TaxMode


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
    name: str = ""
    address: str = ""
    email: str = ""


@dataclass(frozen=True)
class WorkspaceSettings:
    rounding: Rounding = Rounding()
    invoice_approved_only: bool = False
    number_prefix: str = "INV-"
    number_padding: int = 4
    due_days: int = 30
    default_tax_percent: Decimal = ZERO
    default_tax2_percent: Decimal = ZERO
    default_tax_mode: TaxMode = TaxMode.SIMPLE
    default_discount_percent: Decimal = ZERO
    item_type_labels: ItemTypeLabels = ItemTypeLabels()
    pdf: PdfOptions = PdfOptions()
    company: Company = Company()

    def updated(self, changes: Mapping[str, Any]) -> "WorkspaceSettings":
        """These settings with `changes` merged in; nested settings merge field by field."""
        merged: WorkspaceSettings = _merge(self, changes)
        return merged

    def validate(self) -> None:
        errors = {}
        if not 1 <= self.rounding.minutes <= 1440:
            errors["rounding.minutes"] = "must be between 1 and 1440"
        if not 1 <= self.number_padding <= 12:
            errors["number_padding"] = "must be between 1 and 12"
        if not 0 <= self.due_days <= 3650:
            errors["due_days"] = "must be between 0 and 3650"
        for name in ("default_tax_percent", "default_tax2_percent", "default_discount_percent"):
            if not ZERO <= getattr(self, name) <= 100:
                errors[name] = "must be between 0 and 100"
        if errors:
            raise InvalidInput(errors)


def _merge(value: Any, changes: Mapping[str, Any], prefix: str = "") -> Any:
    merged = {}
    unknown = set(changes) - {field.name for field in dataclasses.fields(value)}
    if unknown:
        raise InvalidInput({prefix + name: "unknown setting" for name in sorted(unknown)})
    for name, new in changes.items():
        current = getattr(value, name)
        if isinstance(current, Decimal) and isinstance(new, str | int):
            try:
                new = Decimal(str(new))
            except ArithmeticError:
                raise InvalidInput({prefix + name: "must be a decimal number"}) from None
        if dataclasses.is_dataclass(current) and isinstance(new, Mapping):
            new = _merge(current, new, f"{prefix}{name}.")
        elif isinstance(current, Enum) and not isinstance(new, Enum):
            # Plain values ("up", "compound") become the setting's enum, so rules can rely on it.
            try:
                new = type(current)(new)
            except ValueError:
                choices = ", ".join(str(member.value) for member in type(current))
                raise InvalidInput({prefix + name: f"must be one of {choices}"}) from None
        merged[name] = new
    return dataclasses.replace(value, **merged)


class Workspace(WorkspaceAggregate):
    """A tenant: its people, clients and invoices all hang off it."""

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

    def edit(self, actor_id: UUID, **changes: Any) -> None:
        self._edit(actor_id, changes)

    def change_settings(self, actor_id: UUID, changes: Mapping[str, Any]) -> None:
        settings = self.settings.updated(changes)
        settings.validate()
        if settings != self.settings:
            self.trigger_event(self.SettingsChanged, actor_id=actor_id, settings=settings)

    def allocate_invoice_number(self, actor_id: UUID, is_taken: Callable[[str], bool]) -> str:
        """The next number of the sequence, skipping any taken by hand."""
        counter = self.invoice_counter
        while True:
            counter += 1
            number = f"{self.settings.number_prefix}{counter:0{self.settings.number_padding}d}"
            if not is_taken(number):
                break
        self.trigger_event(self.InvoiceNumberAllocated, actor_id=actor_id, number=number, counter=counter)
        return number
