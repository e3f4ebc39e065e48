"""Shared shapes: money as JSON strings, pages, histories, problems."""

import re
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema

DECIMAL_PATTERN = r"^-?\d{1,12}(\.\d{1,4})?$"
_DECIMAL = re.compile(DECIMAL_PATTERN)


def _decimal(value: Any) -> Decimal:
    """Money and quantities come as strings ("150.00"), so no float ever rounds them."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str) and _DECIMAL.match(value):
        return Decimal(value)
    raise ValueError('must be a decimal number as a string, e.g. "150.00"')


Money = Annotated[
    Decimal,
    PlainValidator(_decimal),
    WithJsonSchema({"type": "string", "pattern": DECIMAL_PATTERN, "examples": ["150.00"]}),
]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=10_000)]
# Responses carry money and quantities as the ledger wrote them: strings.
MoneyText = Annotated[str, Field(examples=["150.00"])]

T = TypeVar("T")


class Request(BaseModel):
    """A request body: unknown fields are refused, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid")


# The default of PATCH fields: a field left out is not changed; one sent as null is refused
# unless its type allows null. (Typed Any so that `name: str = UNSET` type-checks.)
UNSET: Any = None


class Patch(Request):
    """A partial update: only the fields sent are changed (null only where a field allows it)."""

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int


class Items(BaseModel, Generic[T]):
    items: list[T]


class HistoryEvent(BaseModel):
    version: int
    type: str
    recorded_at: datetime
    actor_id: UUID | None
    data: dict[str, Any]


class Problem(BaseModel):
    """RFC 9457 problem details, as every error is answered."""

    type: str
    title: str
    status: int
    detail: str
    errors: dict[str, str] | None = None
    ids: list[str] | None = None
    failures: list[dict[str, str]] | None = None
