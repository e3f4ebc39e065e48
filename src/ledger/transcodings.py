"""How domain values beyond JSON's own are stored in events.

Plain `Enum`s, `date`s and frozen value dataclasses each get a transcoding under a stable
name: the name is persisted in every event, so it is never changed. Sequences inside value
objects are tuples; JSON returns them as lists, so decoding turns lists back into tuples.
"""

import dataclasses
from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.persistence import JSONTranscoder, Transcoding, UUIDAsHex


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class UUIDAsHexShared(UUIDAsHex):
    """The library's `uuid_hex`, stored alike, decoding each distinct id once.

    The same few ids (workspace, member, project, client, actor) recur in nearly every event,
    and building a UUID is a good part of decoding one; UUIDs are immutable, so sharing is safe.
    """

    def __init__(self, cache_size: int = 100_000) -> None:
        self.cache: dict[str, UUID] = {}
        self.cache_size = cache_size

    def decode(self, data: str) -> UUID:
        uuid = self.cache.get(data)
        if uuid is None:
            if len(self.cache) >= self.cache_size:
                self.cache.clear()
            uuid = self.cache[data] = UUID(data)
        return uuid


class EnumAsValue(Transcoding):
    def __init__(self, enum: type[Enum], name: str) -> None:
        self.type = enum
        self.name = name

    def encode(self, obj: Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> Enum:
        member: Enum = self.type(data)
        return member


class ValueObjectAsDict(Transcoding):
    def __init__(self, cls: type[Any], name: str) -> None:
        self.type = cls
        self.name = name

    def encode(self, obj: Any) -> dict[str, Any]:
        return {field.name: getattr(obj, field.name) for field in dataclasses.fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


class ChangesAsDict(ValueObjectAsDict):
    """A typed change set, stored as the fields it sets: unset fields are simply absent."""

    def encode(self, obj: Any) -> dict[str, Any]:
        return dict(obj.items())


def register_domain_transcodings(transcoder: JSONTranscoder) -> None:
    """Register every transcoding the ledger's events need (also used by projections)."""
    from ledger.access import Role
    from ledger.billable import ReleaseReason
    from ledger.category import CategoryChanges
    from ledger.client import ClientChanges
    from ledger.credit_note import CreditNoteLine
    from ledger.expense import ExpenseChanges
    from ledger.invoice import CreditedLine, InvoiceChanges, InvoiceStatus, ItemType, LineItem, Payment
    from ledger.mail import EmailOptions
    from ledger.member import MemberChanges
    from ledger.project import ProjectChanges
    from ledger.time_entry import TimeEntryChanges
    from ledger.totals import TaxMode, Totals
    from ledger.workspace import (
        Company,
        EmailSettings,
        ItemTypeLabels,
        Labels,
        Logo,
        PdfOptions,
        QuantityFormat,
        Rounding,
        RoundingMode,
        WorkspaceChanges,
        WorkspaceSettings,
    )

    transcoder.register(UUIDAsHexShared())
    transcoder.register(DateAsISO())
    enums: dict[str, type[Enum]] = {
        "role": Role,
        "invoice_status": InvoiceStatus,
        "item_type": ItemType,
        "tax_mode": TaxMode,
        "release_reason": ReleaseReason,
        "rounding_mode": RoundingMode,
        "quantity_format": QuantityFormat,
    }
    for name, enum in enums.items():
        transcoder.register(EnumAsValue(enum, name))
    values: dict[str, type[Any]] = {
        "line_item": LineItem,
        "payment": Payment,
        "totals": Totals,
        "rounding": Rounding,
        "pdf_options": PdfOptions,
        "company": Company,
        "item_type_labels": ItemTypeLabels,
        "workspace_settings": WorkspaceSettings,
        "labels": Labels,
        "logo": Logo,
        "email_settings": EmailSettings,
        "email_options": EmailOptions,
        "credited_line": CreditedLine,
        "credit_note_line": CreditNoteLine,
    }
    for name, cls in values.items():
        transcoder.register(ValueObjectAsDict(cls, name))
    changes: dict[str, type[Any]] = {
        "workspace_changes": WorkspaceChanges,
        "member_changes": MemberChanges,
        "client_changes": ClientChanges,
        "project_changes": ProjectChanges,
        "category_changes": CategoryChanges,
        "time_entry_changes": TimeEntryChanges,
        "expense_changes": ExpenseChanges,
        "invoice_changes": InvoiceChanges,
    }
    for name, cls in changes.items():
        transcoder.register(ChangesAsDict(cls, name))
