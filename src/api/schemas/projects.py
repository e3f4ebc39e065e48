"""Projects, their billable default and rates (SPEC §2)."""

from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import UNSET, Money, MoneyText, Name, Patch, Request


class ProjectCreate(Request):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Website",
                    "client_id": "6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11",
                    "billable": True,
                    "hourly_rate": "120.00",
                }
            ]
        }
    )

    name: Name
    client_id: UUID | None = None
    billable: bool = True
    hourly_rate: Money | None = None


class ProjectPatch(Patch):
    name: Name = UNSET
    client_id: UUID | None = None
    billable: bool = UNSET
    hourly_rate: Money | None = None


class MemberRate(Request):
    """A project-member rate; null removes the override."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"amount": "120.00"}]})

    amount: Money | None


class ProjectOut(BaseModel):
    id: UUID
    version: int
    client_id: UUID | None
    name: str
    billable: bool
    hourly_rate: MoneyText | None
    member_rates: dict[str, MoneyText] = Field(description="member id -> hourly rate")


class ProjectRow(BaseModel):
    id: UUID
    client_id: UUID | None
    name: str
    billable: bool
    hourly_rate: MoneyText | None
