"""Invoices, their lines and payments (SPEC §4, §6), and how the ledger's views become JSON."""

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import UNSET, Money, MoneyText, Name, Patch, Request, Text
from ledger.invoice import ItemType
from ledger.plain import plain
from ledger.totals import TaxMode

Percent = Annotated[Money, Field(description="0 to 100")]
Number = Annotated[str, Field(min_length=1, max_length=64, examples=["INV-0042"])]
UnitName = Annotated[str, Field(min_length=1, max_length=20, examples=["h"])]


class InvoiceCreate(Request):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "client_id": "6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11",
                    "issue_date": "2026-11-01",
                    "subject": "October 2026",
                    "tax_percent": "19",
                }
            ]
        }
    )

    client_id: UUID
    number: Number | None = Field(default=None, description="Default: the next of the workspace's sequence")
    issue_date: dt.date | None = Field(
        default=None, description="Default: today in the workspace's time zone"
    )
    due_date: dt.date | None = Field(default=None, description="Default: issue date + settings.due_days")
    subject: Text = ""
    note: Text = ""
    discount_percent: Percent | None = None
    tax_percent: Percent | None = None
    tax2_percent: Percent | None = None
    tax_mode: TaxMode | None = None


class InvoicePatch(Patch):
    client_id: UUID = UNSET
    number: Number = UNSET
    issue_date: dt.date = UNSET
    due_date: dt.date = UNSET
    subject: Text = UNSET
    note: Text = UNSET
    discount_percent: Percent = UNSET
    tax_percent: Percent = UNSET
    tax2_percent: Percent = UNSET
    tax_mode: TaxMode = UNSET


class ItemCreate(Request):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "description": "Hosting, October",
                    "quantity": "1",
                    "unit_price": "49.00",
                    "item_type": "product",
                }
            ]
        }
    )

    description: Name
    quantity: Money
    unit_price: Money
    item_type: ItemType = ItemType.SERVICE
    unit: UnitName | None = None


class ItemPatch(Patch):
    description: Name = UNSET
    quantity: Money = UNSET
    unit_price: Money = UNSET
    item_type: ItemType = UNSET
    unit: UnitName | None = None


class PaymentCreate(Request):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"amount": "500.00", "date": "2026-11-15", "note": "Wire transfer"}]}
    )

    amount: Money
    date: dt.date
    note: Text = ""


class Void(Request):
    model_config = ConfigDict(json_schema_extra={"examples": [{"reason": "Billed to the wrong client"}]})

    reason: Text = ""


class LineItemOut(BaseModel):
    id: UUID
    position: int
    item_type: ItemType
    item_type_label: str
    description: str
    quantity: MoneyText
    unit: str | None
    unit_price: MoneyText
    amount: MoneyText
    import_id: UUID | None
    time_entry_ids: list[UUID]
    expense_ids: list[UUID]
    raw_seconds: int | None
    billed_seconds: int | None


class PaymentOut(BaseModel):
    id: UUID
    amount: MoneyText
    date: dt.date
    note: str


class InvoiceOut(BaseModel):
    id: UUID
    version: int
    number: str
    client_id: UUID
    currency: str
    issue_date: dt.date
    due_date: dt.date
    subject: str
    note: str
    discount_percent: MoneyText
    tax_percent: MoneyText
    tax2_percent: MoneyText
    tax_mode: TaxMode
    status: str = Field(description="unsent | sent | partially_paid | paid | void | overdue")
    void_reason: str | None
    subtotal: MoneyText
    discount: MoneyText
    tax: MoneyText
    tax2: MoneyText
    total: MoneyText
    paid: MoneyText
    balance: MoneyText
    items: list[LineItemOut]
    payments: list[PaymentOut]


class InvoiceRow(BaseModel):
    id: UUID
    number: str
    client_id: UUID
    client_name: str | None
    issue_date: str
    due_date: str
    currency: str
    status: str
    subtotal: MoneyText
    total: MoneyText
    paid: MoneyText
    balance: MoneyText


def line_item_json(item: Any, labels: Mapping[str, str]) -> dict[str, Any]:
    """A line as SPEC §5 shows it, labelled by the workspace's item type labels."""
    line: dict[str, Any] = plain(item)
    return {**line, "item_type_label": labels.get(line["item_type"], line["item_type"])}


def invoice_json(view: Mapping[str, Any], labels: Mapping[str, str]) -> dict[str, Any]:
    """The invoice with its totals at the top level and labelled lines."""
    invoice: dict[str, Any] = plain({k: v for k, v in view.items() if k not in ("items", "totals")})
    return {
        **invoice,
        **plain(view["totals"]),
        "items": [line_item_json(item, labels) for item in view["items"]],
    }
