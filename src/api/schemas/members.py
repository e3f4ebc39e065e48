"""Members of a workspace and their roles (SPEC §2, §10)."""

from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import UNSET, Money, MoneyText, Name, Patch, Request
from api.schemas.workspaces import Email
from ledger.access import Role


class MemberCreate(Request):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"name": "Mia", "email": "mia@example.com", "role": "member", "hourly_rate": "80.00"}
            ]
        }
    )

    name: Name
    email: Email
    role: Role = Role.MEMBER
    hourly_rate: Money | None = None


class MemberPatch(Patch):
    name: Name = UNSET
    email: Email = UNSET
    role: Role = UNSET
    hourly_rate: Money | None = None


class MemberOut(BaseModel):
    id: UUID
    version: int
    name: str
    email: str
    role: Role
    hourly_rate: MoneyText | None


class MemberCreated(MemberOut):
    api_key: str = Field(description="The member's API key, shown this once")


class MemberRow(BaseModel):
    id: UUID
    name: str
    email: str
    role: str
    hourly_rate: MoneyText | None
