"""Workspace settings (SPEC §9): nested objects merge field by field on PATCH."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import UNSET, Money, MoneyText, Patch, Text
from ledger.totals import TaxMode
from ledger.workspace import RoundingMode

Label = Annotated[str, Field(min_length=1, max_length=60)]


class RoundingPatch(Patch):
    minutes: int = Field(default=UNSET, ge=1, le=1440)
    mode: RoundingMode = UNSET


class LabelsPatch(Patch):
    service: Label = UNSET
    product: Label = UNSET


class PdfPatch(Patch):
    hide_item_type: bool = UNSET
    hide_quantity: bool = UNSET
    hide_unit_price: bool = UNSET


class CompanyPatch(Patch):
    name: Text = UNSET
    address: Text = UNSET
    email: Text = UNSET


class SettingsPatch(Patch):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "rounding": {"minutes": 15, "mode": "up"},
                    "due_days": 14,
                    "default_tax_percent": "19",
                    "item_type_labels": {"service": "Leistung"},
                }
            ]
        }
    )

    rounding: RoundingPatch = UNSET
    invoice_approved_only: bool = UNSET
    number_prefix: Annotated[str, Field(max_length=20)] = UNSET
    number_padding: int = Field(default=UNSET, ge=1, le=12)
    due_days: int = Field(default=UNSET, ge=0, le=3650)
    default_tax_percent: Money = UNSET
    default_tax2_percent: Money = UNSET
    default_tax_mode: TaxMode = UNSET
    default_discount_percent: Money = UNSET
    item_type_labels: LabelsPatch = UNSET
    pdf: PdfPatch = UNSET
    company: CompanyPatch = UNSET


class Rounding(BaseModel):
    minutes: int
    mode: RoundingMode


class Labels(BaseModel):
    service: str
    product: str


class Pdf(BaseModel):
    hide_item_type: bool
    hide_quantity: bool
    hide_unit_price: bool


class Company(BaseModel):
    name: str
    address: str
    email: str


class SettingsOut(BaseModel):
    rounding: Rounding
    invoice_approved_only: bool
    number_prefix: str
    number_padding: int
    due_days: int
    default_tax_percent: MoneyText
    default_tax2_percent: MoneyText
    default_tax_mode: TaxMode
    default_discount_percent: MoneyText
    item_type_labels: Labels
    pdf: Pdf
    company: Company
