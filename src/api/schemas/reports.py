"""Rows of the detailed reports and lists, as the read models answer them (SPEC §8)."""

from uuid import UUID

from pydantic import BaseModel

from api.schemas.common import MoneyText, Page


class ReportRow(BaseModel):
    id: UUID
    member_id: UUID
    member_name: str | None
    project_id: UUID
    project_name: str | None
    client_id: UUID | None
    client_name: str | None
    amount: MoneyText
    billable: bool
    approved: bool
    invoiced: bool
    invoice_id: UUID | None
    invoice_number: str | None
    manually_invoiced: bool


class TimeRow(ReportRow):
    description: str
    start: str
    end: str
    day: str
    duration_seconds: int
    hourly_rate: MoneyText


class ExpenseRow(ReportRow):
    date: str
    note: str
    category_id: UUID
    category_name: str | None
    unit: str | None
    quantity: MoneyText
    unit_price: MoneyText


class TimeTotals(BaseModel):
    count: int
    duration_seconds: int
    amount: MoneyText


class ExpenseTotals(BaseModel):
    count: int
    quantity: MoneyText
    amount: MoneyText


class TimeReport(Page[TimeRow]):
    totals: TimeTotals


class ExpenseReport(Page[ExpenseRow]):
    totals: ExpenseTotals
