"""Expense categories, priced per unit or not (SPEC §2)."""

from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import UNSET, Money, MoneyText, Name, Patch, Request

Unit = Annotated[str, Field(min_length=1, max_length=20, examples=["km"])]


class CategoryCreate(Request):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"name": "Mileage", "unit": "km", "unit_price": "0.30"}]}
    )

    name: Name
    unit: Unit | None = None
    unit_price: Money | None = None


class CategoryPatch(Patch):
    name: Name = UNSET
    unit: Unit | None = None
    unit_price: Money | None = None
    archived: bool = UNSET


class CategoryOut(BaseModel):
    id: UUID
    version: int
    name: str
    unit: str | None
    unit_price: MoneyText | None
    archived: bool


class CategoryRow(BaseModel):
    id: UUID
    name: str
    unit: str | None
    unit_price: MoneyText | None
    archived: bool
