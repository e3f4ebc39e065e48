"""Importing time and expenses into an invoice: the body of SPEC §5."""

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import MoneyText, Request
from api.schemas.invoices import LineItemOut
from ledger.grouping import DEFAULT_EXPENSES, DEFAULT_TIME, EXPENSE_FIELDS, TIME_FIELDS, GroupingOptions
from ledger.usecases.importing import ImportRequest


def _choices(fields: dict[str, set[str]], name: str) -> str:
    return "one of " + ", ".join(sorted(fields[name]))


class TimeGrouping(Request):
    grouping: Literal["single", "detailed", "grouped"] = DEFAULT_TIME.grouping
    group_by: str = Field(default=DEFAULT_TIME.group_by, description=_choices(TIME_FIELDS, "group_by"))
    then_by: str | None = Field(default=None, description=_choices(TIME_FIELDS, "then_by"))
    detail_fields: list[str] = Field(
        default=list(DEFAULT_TIME.detail_fields),
        description="some of " + ", ".join(sorted(TIME_FIELDS["detail_fields"])),
    )

    def options(self) -> GroupingOptions:
        return GroupingOptions(self.grouping, self.group_by, self.then_by, tuple(self.detail_fields))


class ExpenseGrouping(TimeGrouping):
    grouping: Literal["single", "detailed", "grouped"] = DEFAULT_EXPENSES.grouping
    group_by: str = Field(default=DEFAULT_EXPENSES.group_by, description=_choices(EXPENSE_FIELDS, "group_by"))
    then_by: str | None = Field(default=None, description=_choices(EXPENSE_FIELDS, "then_by"))
    detail_fields: list[str] = Field(
        default=list(DEFAULT_EXPENSES.detail_fields),
        description="some of " + ", ".join(sorted(EXPENSE_FIELDS["detail_fields"])),
    )


class ImportCreate(Request):
    """Every field is optional except the dates; the defaults are those of SPEC §5."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "date_from": "2026-10-01",
                    "date_to": "2026-10-31",
                    "include_time": True,
                    "include_expenses": True,
                    "round_time": False,
                    "time": {"grouping": "grouped", "group_by": "project", "then_by": "user"},
                    "expenses": {"grouping": "single"},
                    "dry_run": False,
                }
            ]
        }
    )

    project_ids: list[UUID] | None = Field(
        default=None, description="Default: every project of the invoice's client"
    )
    date_from: date
    date_to: date
    include_time: bool = True
    include_expenses: bool = False
    round_time: bool = False
    time: TimeGrouping = TimeGrouping()
    expenses: ExpenseGrouping = ExpenseGrouping()
    dry_run: bool = False

    def request(self) -> ImportRequest:
        return ImportRequest(
            date_from=self.date_from,
            date_to=self.date_to,
            project_ids=self.project_ids,
            include_time=self.include_time,
            include_expenses=self.include_expenses,
            round_time=self.round_time,
            time=self.time.options(),
            expenses=self.expenses.options(),
            dry_run=self.dry_run,
        )


class ImportOut(BaseModel):
    import_id: UUID
    items: list[LineItemOut]
    time_entry_count: int
    expense_count: int
    amount: MoneyText
