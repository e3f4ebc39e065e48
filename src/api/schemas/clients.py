"""Clients: who invoices are addressed to, in which currency (SPEC §2)."""

from uuid import UUID

from pydantic import BaseModel, ConfigDict

from api.schemas.common import UNSET, Name, Patch, Request, Text
from api.schemas.workspaces import Currency, Email


class ClientCreate(Request):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"name": "Globex", "email": "ap@globex.example", "address": "1 Main St", "currency": "USD"}
            ]
        }
    )

    name: Name
    email: Email = ""
    address: Text = ""
    currency: Currency | None = None


class ClientPatch(Patch):
    name: Name = UNSET
    email: Email = UNSET
    address: Text = UNSET
    currency: Currency | None = None


class ClientOut(BaseModel):
    id: UUID
    version: int
    name: str
    email: str
    address: str
    currency: str | None


class ClientRow(BaseModel):
    id: UUID
    name: str
    email: str
    address: str
    currency: str | None
