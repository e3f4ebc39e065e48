"""Signing up, and the workspace itself (SPEC §2, §10)."""

from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import UNSET, Money, MoneyText, Name, Patch, Request

Currency = Annotated[str, Field(examples=["EUR"], pattern=r"^[A-Z]{3}$", description="ISO 4217")]
Timezone = Annotated[str, Field(examples=["Europe/Berlin"], min_length=1, max_length=64)]
Email = Annotated[str, Field(max_length=320, examples=["olga@example.com"])]


class Owner(Request):
    name: Name
    email: Email


class Signup(Request):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Initech",
                    "currency": "EUR",
                    "timezone": "Europe/Berlin",
                    "hourly_rate": "100.00",
                    "owner": {"name": "Olga Owner", "email": "olga@example.com"},
                }
            ]
        }
    )

    name: Name
    currency: Currency
    timezone: Timezone
    hourly_rate: Money
    owner: Owner


class WorkspacePatch(Patch):
    name: Name = UNSET
    currency: Currency = UNSET
    timezone: Timezone = UNSET
    hourly_rate: Money = UNSET


class WorkspaceOut(BaseModel):
    id: UUID
    version: int
    name: str
    currency: str
    timezone: str
    hourly_rate: MoneyText


class SignedUp(WorkspaceOut):
    owner_id: UUID
    api_key: str = Field(description="The owner's API key, shown this once")
