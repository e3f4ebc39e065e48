"""Commands: what a caller asks the ledger to do, one frozen type per command (SPEC §2–§7, §12).

A command validates itself when it is built: unknown fields, strings where booleans belong, a
currency that does not exist, a blank name or a NUL byte never reach an aggregate, whether the
command came over HTTP or from code. The API takes these types as its request bodies, so the
rules and the OpenAPI schema are one. Partial updates (`Change...`) change only the fields they
were given (`given()`); a field sent as null clears it where null is allowed.
"""

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from ledger.access import Role
from ledger.grouping import ExpenseField, Grouping, TimeField
from ledger.invoice import ItemType
from ledger.mail import MAX_RECIPIENTS, placeholders_in
from ledger.totals import TaxMode
from ledger.values import (
    Country,
    Currency,
    Day,
    Email,
    Instant,
    LocaleName,
    Money,
    Name,
    NonZeroMoney,
    Number,
    Percent,
    PositiveMoney,
    PositiveQuantity,
    Quantity,
    Rate,
    StrictBool,
    Text,
    Timezone,
    Unit,
)
from ledger.workspace import QuantityFormat, RoundingMode

# The default of a partial update's fields: left out means unchanged (see `Change.given`).
# Typed Any so that `name: Name = LEFT_OUT` type-checks; pydantic never validates a default.
LEFT_OUT: Any = None


def _example(example: dict[str, Any]) -> ConfigDict:
    return ConfigDict(frozen=True, extra="forbid", json_schema_extra={"examples": [example]})


class Command(BaseModel):
    """A request to the ledger: frozen, and unknown fields are refused, so a typo never passes."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Change(Command):
    """A partial update: only the fields given are changed."""

    def given(self) -> dict[str, Any]:
        """The fields the caller gave, nested changes as dicts of theirs."""
        return self.model_dump(exclude_unset=True)


# Workspace, settings, members.


class Owner(Command):
    name: Name
    email: Email


class CreateWorkspace(Command):
    """Sign up: a workspace and its owner."""

    model_config = _example(
        {
            "name": "Initech",
            "currency": "EUR",
            "timezone": "Europe/Berlin",
            "hourly_rate": "100.00",
            "owner": {"name": "Olga Owner", "email": "olga@example.com"},
        }
    )

    name: Name
    currency: Currency
    timezone: Timezone
    hourly_rate: Rate
    owner: Owner


class ChangeWorkspace(Change):
    model_config = _example({"name": "Initech GmbH", "timezone": "Europe/Berlin"})

    name: Name = LEFT_OUT
    currency: Currency = LEFT_OUT
    timezone: Timezone = LEFT_OUT
    hourly_rate: Rate = LEFT_OUT


class ChangeRounding(Change):
    minutes: Annotated[int, Field(ge=1, le=1440, strict=True)] = LEFT_OUT
    mode: RoundingMode = LEFT_OUT


class ChangeItemTypeLabels(Change):
    service: Annotated[Name, Field(max_length=60)] = LEFT_OUT
    product: Annotated[Name, Field(max_length=60)] = LEFT_OUT


class ChangePdfOptions(Change):
    hide_item_type: StrictBool = LEFT_OUT
    hide_quantity: StrictBool = LEFT_OUT
    hide_unit_price: StrictBool = LEFT_OUT
    quantity_format: QuantityFormat = Field(
        default=LEFT_OUT, description="Hours as `7.50 h` (decimal) or `7:30` (hm)"
    )


# A word printed on documents; null gives the word back to the locale.
Label = Annotated[Name, Field(max_length=60)] | None


class ChangeLabels(Change):
    """Words of the PDF that override the locale's (SPEC §13); null restores the locale's word."""

    model_config = _example({"invoice": "Rechnung", "balance_due": "Zu zahlen", "draft": None})

    invoice: Label = LEFT_OUT
    credit_note: Label = LEFT_OUT
    invoice_number: Label = LEFT_OUT
    credit_note_number: Label = LEFT_OUT
    for_invoice: Label = LEFT_OUT
    issue_date: Label = LEFT_OUT
    due_date: Label = LEFT_OUT
    service_period: Label = LEFT_OUT
    subject: Label = LEFT_OUT
    currency: Label = LEFT_OUT
    bill_from: Label = LEFT_OUT
    bill_to: Label = LEFT_OUT
    vat_id: Label = LEFT_OUT
    registration_id: Label = LEFT_OUT
    item: Label = LEFT_OUT
    description: Label = LEFT_OUT
    quantity: Label = LEFT_OUT
    unit_price: Label = LEFT_OUT
    amount: Label = LEFT_OUT
    subtotal: Label = LEFT_OUT
    discount: Label = LEFT_OUT
    tax: Label = LEFT_OUT
    tax2: Label = LEFT_OUT
    compound: Label = LEFT_OUT
    total: Label = LEFT_OUT
    paid: Label = LEFT_OUT
    credited: Label = LEFT_OUT
    balance_due: Label = LEFT_OUT
    notes: Label = LEFT_OUT
    reason: Label = LEFT_OUT
    bank_details: Label = LEFT_OUT
    iban: Label = LEFT_OUT
    bic: Label = LEFT_OUT
    draft: Label = LEFT_OUT
    void: Label = LEFT_OUT
    page: Label = LEFT_OUT
    fingerprint: Label = LEFT_OUT


class ChangeCompany(Change):
    name: Annotated[Text, Field(max_length=500)] = LEFT_OUT
    address: Text = LEFT_OUT
    email: Email | None = LEFT_OUT
    vat_id: Annotated[Name, Field(max_length=30)] | None = LEFT_OUT
    registration_id: Annotated[Name, Field(max_length=60)] | None = LEFT_OUT
    country: Country | None = LEFT_OUT
    city: Annotated[Name, Field(max_length=100)] | None = LEFT_OUT
    postal_code: Annotated[Name, Field(max_length=20)] | None = LEFT_OUT
    iban: Annotated[str, Field(pattern=r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")] | None = LEFT_OUT
    bic: Annotated[str, Field(pattern=r"^[A-Z0-9]{8}([A-Z0-9]{3})?$")] | None = LEFT_OUT


def _template(value: str) -> str:
    placeholders_in(value)
    return value


# A subject is one line, a body may have lines; both name only the placeholders of SPEC §14.
SubjectTemplate = Annotated[
    Name, AfterValidator(_template), Field(examples=["Invoice {invoice_number} from {company_name}"])
]
BodyTemplate = Annotated[
    Text, AfterValidator(_template), Field(examples=["Hello {client_name}, ... {total} ... {due_date}"])
]


class ChangeEmailSettings(Change):
    """How invoice e-mails are written (placeholders of SPEC §14) and who they are from."""

    subject_template: SubjectTemplate = LEFT_OUT
    body_template: BodyTemplate = LEFT_OUT
    from_name: Name | None = LEFT_OUT
    from_address: Email | None = LEFT_OUT
    reply_to: Email | None = LEFT_OUT


Count = Annotated[int, Field(strict=True)]


class ChangeSettings(Change):
    """Settings (SPEC §9): nested objects merge field by field."""

    model_config = _example(
        {
            "rounding": {"minutes": 15, "mode": "up"},
            "due_days": 14,
            "default_tax_percent": "19",
            "item_type_labels": {"service": "Leistung"},
            "locale": "de_DE",
            "labels": {"balance_due": "Zu zahlen"},
            "pdf": {"hide_item_type": True, "quantity_format": "hm"},
        }
    )

    rounding: ChangeRounding = LEFT_OUT
    invoice_approved_only: StrictBool = LEFT_OUT
    number_prefix: Annotated[str, Field(max_length=20, pattern=r"^[^\x00-\x1f\x7f]*$")] = LEFT_OUT
    number_padding: Annotated[Count, Field(ge=1, le=12)] = LEFT_OUT
    due_days: Annotated[Count, Field(ge=0, le=3650)] = LEFT_OUT
    default_tax_percent: Percent = LEFT_OUT
    default_tax2_percent: Percent = LEFT_OUT
    default_tax_mode: TaxMode = LEFT_OUT
    default_discount_percent: Percent = LEFT_OUT
    item_type_labels: ChangeItemTypeLabels = LEFT_OUT
    pdf: ChangePdfOptions = LEFT_OUT
    company: ChangeCompany = LEFT_OUT
    locale: LocaleName = Field(
        default=LEFT_OUT, description="Dates, numbers and currency of documents, and their words"
    )
    labels: ChangeLabels = LEFT_OUT
    email: ChangeEmailSettings = LEFT_OUT
    credit_note_prefix: Annotated[str, Field(max_length=20, pattern=r"^[^\x00-\x1f\x7f]*$")] = LEFT_OUT
    vat_exemption_reason: Name | None = Field(
        default=LEFT_OUT, description="Why lines at a tax rate of 0 are exempt (EN 16931 BT-120)"
    )


class AddMember(Command):
    model_config = _example(
        {"name": "Mia", "email": "mia@example.com", "role": "member", "hourly_rate": "80.00"}
    )

    name: Name
    email: Email
    role: Role = Role.MEMBER
    hourly_rate: Rate | None = None


class ChangeMember(Change):
    model_config = _example({"role": "admin", "hourly_rate": "90.00"})

    name: Name = LEFT_OUT
    email: Email = LEFT_OUT
    role: Role = LEFT_OUT
    hourly_rate: Rate | None = LEFT_OUT


# Clients, projects, categories.

CcEmails = Annotated[list[Email], Field(max_length=3, description="At most 3 addresses copied on e-mails")]
Identifier = Annotated[Name, Field(max_length=60)]


class CreateClient(Command):
    model_config = _example(
        {
            "name": "Globex",
            "email": "ap@globex.example",
            "address": "1 Main St",
            "city": "Springfield",
            "postal_code": "12345",
            "country": "US",
            "currency": "USD",
        }
    )

    name: Name
    email: Email | None = None
    address: Text = ""
    currency: Currency | None = None
    vat_id: Identifier | None = None
    country: Country | None = None
    city: Annotated[Name, Field(max_length=100)] | None = None
    postal_code: Annotated[Name, Field(max_length=20)] | None = None
    cc_emails: CcEmails = []


class ChangeClient(Change):
    model_config = _example({"email": "billing@globex.example", "archived": True})

    name: Name = LEFT_OUT
    email: Email | None = LEFT_OUT
    address: Text = LEFT_OUT
    currency: Currency | None = LEFT_OUT
    vat_id: Identifier | None = LEFT_OUT
    country: Country | None = LEFT_OUT
    city: Annotated[Name, Field(max_length=100)] | None = LEFT_OUT
    postal_code: Annotated[Name, Field(max_length=20)] | None = LEFT_OUT
    cc_emails: CcEmails = LEFT_OUT
    archived: StrictBool = LEFT_OUT


class CreateProject(Command):
    model_config = _example(
        {
            "name": "Website",
            "client_id": "6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11",
            "billable": True,
            "hourly_rate": "120.00",
        }
    )

    name: Name
    client_id: UUID | None = None
    billable: StrictBool = True
    hourly_rate: Rate | None = None


class ChangeProject(Change):
    model_config = _example({"name": "Website relaunch", "archived": True})

    client_id: UUID | None = LEFT_OUT
    name: Name = LEFT_OUT
    billable: StrictBool = LEFT_OUT
    hourly_rate: Rate | None = LEFT_OUT
    archived: StrictBool = LEFT_OUT


class SetMemberRate(Command):
    """A project-member rate above every other rate; null removes it."""

    model_config = _example({"amount": "120.00"})

    amount: Rate | None


class CreateCategory(Command):
    model_config = _example({"name": "Mileage", "unit": "km", "unit_price": "0.30"})

    name: Name
    unit: Unit | None = None
    unit_price: Rate | None = None


class ChangeCategory(Change):
    model_config = _example({"unit_price": "0.35"})

    name: Name = LEFT_OUT
    unit: Unit | None = LEFT_OUT
    unit_price: Rate | None = LEFT_OUT
    archived: StrictBool = LEFT_OUT


# Time entries and expenses.


class LogTime(Command):
    model_config = _example(
        {
            "project_id": "6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11",
            "description": "Design review",
            "start": "2026-10-05T09:00:00+02:00",
            "end": "2026-10-05T11:30:00+02:00",
        }
    )

    project_id: UUID
    start: Instant
    end: Instant
    description: Annotated[Text, Field(max_length=500)] = ""
    member_id: UUID | None = Field(default=None, description="Default: the caller")
    billable: StrictBool | None = Field(default=None, description="Default: the project's")


class EditTimeEntry(Change):
    model_config = _example({"description": "Design review and fixes", "end": "2026-10-05T12:00:00+02:00"})

    project_id: UUID = LEFT_OUT
    member_id: UUID = LEFT_OUT
    start: Instant = LEFT_OUT
    end: Instant = LEFT_OUT
    description: Annotated[Text, Field(max_length=500)] = LEFT_OUT
    billable: StrictBool = LEFT_OUT


class RecordExpense(Command):
    model_config = _example(
        {
            "project_id": "6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11",
            "category_id": "0b7e8d1a-3c4f-4e2a-9b6d-5a1f2e3d4c5b",
            "date": "2026-10-10",
            "quantity": "42.5",
            "note": "Client visit",
        }
    )

    project_id: UUID
    category_id: UUID
    date: Day
    quantity: PositiveQuantity | None = Field(
        default=None, description="Required when the category has a unit"
    )
    amount: NonZeroMoney | None = Field(default=None, description="Required when the category has no unit")
    note: Text = ""
    member_id: UUID | None = Field(default=None, description="Default: the caller")
    billable: StrictBool | None = Field(default=None, description="Default: the project's")


class EditExpense(Change):
    model_config = _example({"quantity": "45", "note": "Client visit, with detour"})

    project_id: UUID = LEFT_OUT
    category_id: UUID = LEFT_OUT
    member_id: UUID = LEFT_OUT
    date: Day = LEFT_OUT
    quantity: PositiveQuantity = LEFT_OUT
    amount: NonZeroMoney = LEFT_OUT
    note: Text = LEFT_OUT
    billable: StrictBool = LEFT_OUT


class MarkInvoiced(Command):
    """Mark entries invoiced or uninvoiced by hand: all of them, or none (SPEC §7)."""

    model_config = _example({"ids": ["6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11"], "invoiced": True})

    ids: Annotated[list[UUID], Field(min_length=1, max_length=10_000)]
    invoiced: StrictBool


# Invoices.


class CreateInvoice(Command):
    model_config = _example(
        {
            "client_id": "6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11",
            "issue_date": "2026-11-01",
            "subject": "October 2026",
            "tax_percent": "19",
        }
    )

    client_id: UUID
    number: Number | None = Field(default=None, description="Default: the next of the workspace's sequence")
    issue_date: Day | None = Field(default=None, description="Default: today in the workspace's time zone")
    due_date: Day | None = Field(default=None, description="Default: issue date + settings.due_days")
    subject: Text = ""
    note: Text = ""
    discount_percent: Percent | None = None
    tax_percent: Percent | None = None
    tax2_percent: Percent | None = None
    tax_mode: TaxMode | None = None

    @field_validator("due_date")
    @classmethod
    def _due_after_issue(cls, due: date | None, info: ValidationInfo) -> date | None:
        issue = info.data.get("issue_date")
        if due is not None and issue is not None and due < issue:
            raise ValueError("must not be before the issue date")
        return due


class ChangeInvoice(Change):
    model_config = _example({"due_date": "2026-12-15", "tax_percent": "19", "note": "Thank you!"})

    client_id: UUID = LEFT_OUT
    number: Number = LEFT_OUT
    issue_date: Day = LEFT_OUT
    due_date: Day = LEFT_OUT
    subject: Text = LEFT_OUT
    note: Text = LEFT_OUT
    discount_percent: Percent = LEFT_OUT
    tax_percent: Percent = LEFT_OUT
    tax2_percent: Percent = LEFT_OUT
    tax_mode: TaxMode = LEFT_OUT


class AddLine(Command):
    """A manual line, billing no entries."""

    model_config = _example(
        {"description": "Hosting, October", "quantity": "1", "unit_price": "49.00", "item_type": "product"}
    )

    description: Name
    quantity: Quantity
    unit_price: Money
    item_type: ItemType = ItemType.SERVICE
    unit: Unit | None = None


class EditLine(Change):
    model_config = _example({"quantity": "7.5", "description": "Design review"})

    description: Name = LEFT_OUT
    quantity: Quantity = LEFT_OUT
    unit_price: Money = LEFT_OUT
    item_type: ItemType = LEFT_OUT
    unit: Unit | None = LEFT_OUT


class RecordPayment(Command):
    model_config = _example({"amount": "500.00", "date": "2026-11-15", "note": "Wire transfer"})

    amount: PositiveMoney
    date: Day
    note: Text = ""


class CreditLine(Command):
    """How much of one line of the invoice to credit."""

    line_item_id: UUID
    quantity: PositiveQuantity = Field(description="At most what is left of the line's quantity")


class IssueCreditNote(Command):
    """Correct an issued invoice: some lines by quantity, or `all` that is left of it (SPEC §15)."""

    model_config = _example(
        {
            "reason": "Two hours billed twice",
            "lines": [{"line_item_id": "6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11", "quantity": "2"}],
            "release_entries": False,
        }
    )

    reason: Name
    lines: Annotated[list[CreditLine], Field(min_length=1, max_length=10_000)] | None = None
    all: StrictBool = Field(default=False, validate_default=True, description="Credit all that is left")
    release_entries: StrictBool = Field(
        default=False, description="Release the entries of the lines credited in full, to bill them again"
    )

    @field_validator("lines")
    @classmethod
    def _each_line_once(cls, lines: list[CreditLine] | None) -> list[CreditLine] | None:
        if lines is not None and len({line.line_item_id for line in lines}) != len(lines):
            raise ValueError("name each line at most once")
        return lines

    @field_validator("all")
    @classmethod
    def _lines_or_all(cls, all: bool, info: ValidationInfo) -> bool:
        if "lines" not in info.data:
            return all  # the lines were refused already
        if all and info.data["lines"] is not None:
            raise ValueError("give lines or all: true, not both")
        if not all and info.data["lines"] is None:
            raise ValueError("give the lines to credit, or all: true")
        return all


class VoidInvoice(Command):
    model_config = _example({"reason": "Billed to the wrong client"})

    reason: Text = ""


class TimeGrouping(Command):
    """How time becomes lines (SPEC §5)."""

    grouping: Grouping = "detailed"
    group_by: Literal["project", "user", "date"] = "project"
    then_by: TimeField | None = None
    detail_fields: Annotated[list[TimeField], Field(min_length=1)] = [
        "project",
        "description",
        "user",
        "date",
    ]


class ExpenseGrouping(Command):
    """How expenses become lines (SPEC §5)."""

    grouping: Grouping = "detailed"
    group_by: Literal["category", "project", "user"] = "category"
    then_by: ExpenseField | None = None
    detail_fields: Annotated[list[ExpenseField], Field(min_length=1)] = ["category", "note", "user", "date"]


class ImportItems(Command):
    """Bill the eligible time and expenses of a range on new lines; every field but the dates is optional."""

    model_config = _example(
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
    )

    project_ids: list[UUID] | None = Field(
        default=None, description="Default: every project of the invoice's client"
    )
    date_from: Day
    date_to: Day
    include_time: StrictBool = True
    include_expenses: StrictBool = Field(default=False, validate_default=True)
    round_time: StrictBool = False
    time: TimeGrouping = TimeGrouping()
    expenses: ExpenseGrouping = ExpenseGrouping()
    dry_run: StrictBool = False

    @field_validator("date_to")
    @classmethod
    def _range(cls, date_to: date, info: ValidationInfo) -> date:
        date_from = info.data.get("date_from")
        if date_from is not None and date_to < date_from:
            raise ValueError("must not be before date_from")
        return date_to

    @field_validator("include_expenses")
    @classmethod
    def _something(cls, include_expenses: bool, info: ValidationInfo) -> bool:
        if not (include_expenses or info.data.get("include_time", True)):
            raise ValueError("include time, expenses or both")
        return include_expenses


# E-mails (SPEC §14).

Recipients = Annotated[list[Email], Field(max_length=MAX_RECIPIENTS)]


class QueueEmail(Command):
    """E-mail an invoice; every field is optional (defaults: the client's addresses, the templates)."""

    model_config = _example(
        {
            "to": ["ap@globex.example"],
            "cc": ["controller@globex.example"],
            "subject": "Invoice INV-0042 from Initech",
            "body": "Hello Globex,\n\nplease find attached invoice INV-0042.\n\nKind regards,\nInitech",
            "attach_pdf": True,
            "attach_expenses": False,
            "send_me_a_copy": True,
        }
    )

    to: Recipients | None = Field(default=None, description="Default: the client's e-mail")
    cc: Recipients | None = Field(default=None, description="Default: the client's cc_emails")
    subject: Name | None = Field(default=None, description="Default: settings.email.subject_template, filled")
    body: Text | None = Field(default=None, description="Default: settings.email.body_template, filled")
    attach_pdf: StrictBool = True
    attach_expenses: StrictBool = Field(
        default=False, description="Attach the detailed report of the invoice's expenses as CSV"
    )
    send_me_a_copy: StrictBool = Field(default=False, description="A blind copy to the caller's own e-mail")
