"""Time entries and expenses, and marking them invoiced by hand (SPEC §3, §7)."""

import datetime as dt
from typing import Annotated
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from api.schemas.common import UNSET, Money, MoneyText, Patch, Request, Text

Ids = Annotated[list[UUID], Field(min_length=1, max_length=1000)]


class TimeEntryCreate(Request):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "project_id": "6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11",
                    "description": "Design review",
                    "start": "2026-10-05T09:00:00+02:00",
                    "end": "2026-10-05T11:30:00+02:00",
                }
            ]
        }
    )

    project_id: UUID
    start: AwareDatetime
    end: AwareDatetime
    description: Text = ""
    member_id: UUID | None = Field(default=None, description="Default: the caller")
    billable: bool | None = Field(default=None, description="Default: the project's")


class TimeEntryPatch(Patch):
    project_id: UUID = UNSET
    member_id: UUID = UNSET
    start: AwareDatetime = UNSET
    end: AwareDatetime = UNSET
    description: Text = UNSET
    billable: bool = UNSET


class Billing(BaseModel):
    """What time entries and expenses share: approval and the invoiced status."""

    id: UUID
    version: int
    member_id: UUID
    project_id: UUID
    client_id: UUID | None
    billable: bool
    amount: MoneyText
    approved: bool
    invoiced: bool
    invoice_id: UUID | None
    line_item_id: UUID | None
    import_id: UUID | None
    manually_invoiced: bool


class TimeEntryOut(Billing):
    description: str
    start: dt.datetime
    end: dt.datetime
    day: dt.date
    duration_seconds: int
    hourly_rate: MoneyText


class ExpenseCreate(Request):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "project_id": "6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11",
                    "category_id": "0b7e8d1a-3c4f-4e2a-9b6d-5a1f2e3d4c5b",
                    "date": "2026-10-10",
                    "quantity": "42.5",
                    "note": "Client visit",
                }
            ]
        }
    )

    project_id: UUID
    category_id: UUID
    date: dt.date
    quantity: Money | None = Field(default=None, description="Required when the category has a unit")
    amount: Money | None = Field(default=None, description="Required when the category has no unit")
    note: Text = ""
    member_id: UUID | None = Field(default=None, description="Default: the caller")
    billable: bool | None = Field(default=None, description="Default: the project's")


class ExpensePatch(Patch):
    project_id: UUID = UNSET
    category_id: UUID = UNSET
    member_id: UUID = UNSET
    date: dt.date = UNSET
    quantity: Money = UNSET
    amount: Money = UNSET
    note: Text = UNSET
    billable: bool = UNSET


class ExpenseOut(Billing):
    category_id: UUID
    date: dt.date
    note: str
    unit: str | None
    quantity: MoneyText
    unit_price: MoneyText


class MarkInvoiced(Request):
    """Bulk marking: all ids, or none."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"ids": ["6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11"], "invoiced": True}]}
    )

    ids: Ids
    invoiced: bool
