"""Views: what the ledger answers, one type per resource, built from its aggregate.

The API's JSON, the PDF, CSV and e-invoice writers all read these types; numbers are written
in the one format of `ledger.formats` (SPEC §12). Use cases return views, never aggregates.
"""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from ledger.access import Role
from ledger.category import ExpenseCategory
from ledger.client import Client
from ledger.credit_note import CreditNote, CreditNoteLine
from ledger.expense import Expense
from ledger.formats import MoneyOut, PercentOut, QuantityOut
from ledger.invoice import Invoice, ItemType, LineItem, Payment
from ledger.mail import EmailStatus
from ledger.member import Member
from ledger.money import ZERO
from ledger.project import Project
from ledger.time_entry import TimeEntry
from ledger.totals import TaxMode
from ledger.workspace import ItemTypeLabels, Workspace


class View(BaseModel):
    model_config = ConfigDict(frozen=True)


class Versioned(View):
    id: UUID
    version: int = Field(description="Send it back as If-Match to change exactly this version")


class WorkspaceView(Versioned):
    name: str
    currency: str
    timezone: str
    hourly_rate: MoneyOut

    @classmethod
    def of(cls, workspace: Workspace) -> "WorkspaceView":
        return cls(
            id=workspace.id,
            version=workspace.version,
            name=workspace.name,
            currency=workspace.currency,
            timezone=workspace.timezone,
            hourly_rate=workspace.hourly_rate,
        )


class SignedUp(WorkspaceView):
    owner_id: UUID
    api_key: str = Field(description="The owner's API key, shown this once")


class MemberView(Versioned):
    name: str
    email: str
    role: Role
    hourly_rate: MoneyOut | None

    @classmethod
    def of(cls, member: Member) -> "MemberView":
        return cls(
            id=member.id,
            version=member.version,
            name=member.name,
            email=member.email,
            role=member.role,
            hourly_rate=member.hourly_rate,
        )


class MemberAdded(MemberView):
    api_key: str = Field(description="The member's API key, shown this once")


class ClientView(Versioned):
    name: str
    email: str | None
    address: str
    currency: str | None
    vat_id: str | None
    country: str | None
    city: str | None
    postal_code: str | None
    cc_emails: list[str]
    archived: bool

    @classmethod
    def of(cls, client: Client) -> "ClientView":
        return cls(
            id=client.id,
            version=client.version,
            name=client.name,
            email=client.email,
            address=client.address,
            currency=client.currency,
            vat_id=client.vat_id,
            country=client.country,
            city=client.city,
            postal_code=client.postal_code,
            cc_emails=list(client.cc_emails),
            archived=client.archived,
        )


class ProjectView(Versioned):
    client_id: UUID | None
    name: str
    billable: bool
    hourly_rate: MoneyOut | None
    member_rates: dict[str, MoneyOut] = Field(description="member id -> hourly rate")
    archived: bool

    @classmethod
    def of(cls, project: Project) -> "ProjectView":
        return cls(
            id=project.id,
            version=project.version,
            client_id=project.client_id,
            name=project.name,
            billable=project.billable,
            hourly_rate=project.hourly_rate,
            member_rates=dict(project.member_rates),
            archived=project.archived,
        )


class CategoryView(Versioned):
    name: str
    unit: str | None
    unit_price: MoneyOut | None
    archived: bool

    @classmethod
    def of(cls, category: ExpenseCategory) -> "CategoryView":
        return cls(
            id=category.id,
            version=category.version,
            name=category.name,
            unit=category.unit,
            unit_price=category.unit_price,
            archived=category.archived,
        )


class BillingView(Versioned):
    """What time entries and expenses share: who, where, approval and the invoiced status."""

    member_id: UUID
    project_id: UUID
    client_id: UUID | None
    billable: bool
    amount: MoneyOut
    approved: bool
    invoiced: bool
    invoice_id: UUID | None
    line_item_id: UUID | None
    import_id: UUID | None
    manually_invoiced: bool


def _billing(entry: TimeEntry | Expense) -> dict[str, object]:
    return {
        "id": entry.id,
        "version": entry.version,
        "member_id": entry.member_id,
        "project_id": entry.project_id,
        "client_id": entry.client_id,
        "billable": entry.billable,
        "amount": entry.amount,
        "approved": entry.approved,
        "invoiced": entry.invoiced,
        "invoice_id": entry.invoice_id,
        "line_item_id": entry.line_item_id,
        "import_id": entry.import_id,
        "manually_invoiced": entry.manually_invoiced,
    }


class TimeEntryView(BillingView):
    description: str
    start: datetime
    end: datetime
    day: date
    duration_seconds: int = Field(description="Raw tracked seconds: rounding never rewrites them")
    hourly_rate: MoneyOut

    @classmethod
    def of(cls, entry: TimeEntry) -> "TimeEntryView":
        return cls.model_validate(
            {
                **_billing(entry),
                "description": entry.description,
                "start": entry.start,
                "end": entry.end,
                "day": entry.day,
                "duration_seconds": entry.duration_seconds,
                "hourly_rate": entry.hourly_rate,
            }
        )


class ExpenseView(BillingView):
    category_id: UUID
    date: date
    note: str
    unit: str | None
    quantity: QuantityOut
    unit_price: MoneyOut

    @classmethod
    def of(cls, expense: Expense) -> "ExpenseView":
        return cls.model_validate(
            {
                **_billing(expense),
                "category_id": expense.category_id,
                "date": expense.date,
                "note": expense.note,
                "unit": expense.unit,
                "quantity": expense.quantity,
                "unit_price": expense.unit_price,
            }
        )


class LineView(View):
    """A line as SPEC §5 shows it; `id` and `import_id` are null in a dry run's answer."""

    id: UUID | None
    position: int
    item_type: ItemType
    item_type_label: str
    description: str
    quantity: QuantityOut
    unit: str | None
    unit_price: MoneyOut
    amount: MoneyOut
    import_id: UUID | None
    time_entry_ids: list[UUID]
    expense_ids: list[UUID]
    raw_seconds: int | None
    billed_seconds: int | None
    quantity_overridden: bool = Field(description="The quantity of an imported time line was edited")

    @classmethod
    def of(cls, item: LineItem, labels: ItemTypeLabels, *, dry_run: bool = False) -> "LineView":
        return cls(
            id=None if dry_run else item.id,
            position=item.position,
            item_type=item.item_type,
            item_type_label=getattr(labels, item.item_type.value),
            description=item.description,
            quantity=item.quantity,
            unit=item.unit,
            unit_price=item.unit_price,
            amount=item.amount,
            import_id=None if dry_run else item.import_id,
            time_entry_ids=list(item.time_entry_ids),
            expense_ids=list(item.expense_ids),
            raw_seconds=item.raw_seconds,
            billed_seconds=item.billed_seconds,
            quantity_overridden=item.quantity_overridden,
        )


class CreditedLineView(View):
    """What credit notes took back of one line of an invoice so far (SPEC §15)."""

    line_item_id: UUID
    quantity: QuantityOut = Field(description="In the line's own direction; at most its quantity")
    amount: MoneyOut

    @classmethod
    def on(cls, invoice: Invoice, item: LineItem) -> "CreditedLineView":
        quantity, amount = invoice.credited_quantity(item.id), invoice.credited_amount(item.id)
        return cls(line_item_id=item.id, quantity=quantity, amount=amount)


class PaymentView(View):
    id: UUID
    amount: MoneyOut
    date: date
    note: str

    @classmethod
    def of(cls, payment: Payment) -> "PaymentView":
        return cls(id=payment.id, amount=payment.amount, date=payment.date, note=payment.note)


class Period(View):
    start: date
    end: date


class InvoiceView(Versioned):
    number: str
    client_id: UUID
    currency: str
    issue_date: date
    due_date: date
    subject: str
    note: str
    discount_percent: PercentOut
    tax_percent: PercentOut
    tax2_percent: PercentOut
    tax_mode: TaxMode
    status: str = Field(description="unsent | sent | partially_paid | paid | void | credited | overdue")
    void_reason: str | None
    subtotal: MoneyOut
    discount: MoneyOut
    tax: MoneyOut
    tax2: MoneyOut
    total: MoneyOut
    paid: MoneyOut
    credited: MoneyOut = Field(description="What credit notes took back")
    balance: MoneyOut = Field(description="total − paid − credited")
    items: list[LineView]
    payments: list[PaymentView]
    credit_note_ids: list[UUID] = Field(description="The credit notes that correct the invoice, oldest first")
    credited_lines: list[CreditedLineView] = Field(description="What credit notes took back of each line")
    service_period: Period | None = Field(
        description="First and last day of the billed time and expenses (null without imported lines)"
    )

    @classmethod
    def of(cls, invoice: Invoice, labels: ItemTypeLabels, today: date) -> "InvoiceView":
        """The invoice as it stands, "overdue" judged against `today` in the workspace."""
        totals = invoice.totals
        return cls(
            id=invoice.id,
            version=invoice.version,
            number=invoice.number,
            client_id=invoice.client_id,
            currency=invoice.currency,
            issue_date=invoice.issue_date,
            due_date=invoice.due_date,
            subject=invoice.subject,
            note=invoice.note,
            discount_percent=invoice.discount_percent,
            tax_percent=invoice.tax_percent,
            tax2_percent=invoice.tax2_percent,
            tax_mode=invoice.tax_mode,
            status=invoice.display_status(today),
            void_reason=invoice.void_reason,
            subtotal=totals.subtotal,
            discount=totals.discount,
            tax=totals.tax,
            tax2=totals.tax2,
            total=totals.total,
            paid=totals.paid,
            credited=totals.credited,
            balance=totals.balance,
            items=[LineView.of(item, labels) for item in sorted(invoice.items, key=lambda i: i.position)],
            payments=[PaymentView.of(payment) for payment in invoice.payments],
            credit_note_ids=list(invoice.credit_note_ids),
            credited_lines=[
                CreditedLineView.on(invoice, item)
                for item in sorted(invoice.items, key=lambda i: i.position)
                if invoice.credited_quantity(item.id)
            ],
            service_period=Period(start=period[0], end=period[1])
            if (period := invoice.service_period)
            else None,
        )


def _taken_back(amount: Decimal) -> Decimal:
    """What a credit note takes back, shown as the API shows credits: negative (never "-0.00")."""
    return ZERO - amount


class CreditNoteLineView(View):
    """A credited line: the invoice line's unit price, the quantity and amount taken back (negative)."""

    id: UUID
    position: int
    line_item_id: UUID = Field(description="The invoice's line it credits")
    item_type: ItemType
    item_type_label: str
    description: str
    quantity: QuantityOut
    unit: str | None
    unit_price: MoneyOut
    amount: MoneyOut

    @classmethod
    def of(cls, line: CreditNoteLine, labels: ItemTypeLabels) -> "CreditNoteLineView":
        return cls(
            id=line.id,
            position=line.position,
            line_item_id=line.line_item_id,
            item_type=line.item_type,
            item_type_label=getattr(labels, line.item_type.value),
            description=line.description,
            quantity=_taken_back(line.quantity),
            unit=line.unit,
            unit_price=line.unit_price,
            amount=_taken_back(line.amount),
        )


class CreditNoteView(Versioned):
    """A credit note as SPEC §15 shows it: amounts negative, at the invoice's rates."""

    number: str
    invoice_id: UUID
    invoice_number: str
    invoice_issue_date: date
    client_id: UUID
    currency: str
    issue_date: date
    reason: str
    discount_percent: PercentOut
    tax_percent: PercentOut
    tax2_percent: PercentOut
    tax_mode: TaxMode
    items: list[CreditNoteLineView]
    subtotal: MoneyOut
    discount: MoneyOut
    tax: MoneyOut
    tax2: MoneyOut
    total: MoneyOut
    release_entries: bool = Field(description="The entries of the lines credited in full were released")
    service_period: Period | None = Field(description="First and last day of what the credited lines billed")

    @classmethod
    def of(cls, credit_note: CreditNote, labels: ItemTypeLabels) -> "CreditNoteView":
        totals = credit_note.totals
        return cls(
            id=credit_note.id,
            version=credit_note.version,
            number=credit_note.number,
            invoice_id=credit_note.invoice_id,
            invoice_number=credit_note.invoice_number,
            invoice_issue_date=credit_note.invoice_issue_date,
            client_id=credit_note.client_id,
            currency=credit_note.currency,
            issue_date=credit_note.issue_date,
            reason=credit_note.reason,
            discount_percent=credit_note.discount_percent,
            tax_percent=credit_note.tax_percent,
            tax2_percent=credit_note.tax2_percent,
            tax_mode=credit_note.tax_mode,
            items=[CreditNoteLineView.of(line, labels) for line in credit_note.items],
            subtotal=_taken_back(totals.subtotal),
            discount=_taken_back(totals.discount),
            tax=_taken_back(totals.tax),
            tax2=_taken_back(totals.tax2),
            total=_taken_back(totals.total),
            release_entries=credit_note.release_entries,
            service_period=Period(start=period[0], end=period[1])
            if (period := credit_note.service_period)
            else None,
        )


class ImportView(View):
    """What an import billed (SPEC §5); a dry run's answer has no ids (SPEC §12)."""

    import_id: UUID | None
    items: list[LineView]
    time_entry_count: int
    expense_count: int
    amount: MoneyOut


class HistoryEvent(View):
    """One event of an aggregate's history (SPEC §8)."""

    version: int
    type: str
    recorded_at: datetime
    actor_id: UUID | None
    data: dict[str, object]


class EmailView(View):
    """An e-mail of an invoice (SPEC §14): what was queued, and where its delivery stands."""

    id: UUID
    invoice_id: UUID
    status: EmailStatus
    to: list[str]
    cc: list[str]
    bcc: list[str] = Field(description="The caller's own address when `send_me_a_copy` was asked")
    subject: str
    created_at: datetime
    attach_pdf: bool
    attach_expenses: bool
    attempts: int = Field(description="Delivery attempts made so far")
    next_attempt_at: datetime | None = Field(description="When the next attempt is due, while queued")
    last_error: str | None = Field(description="Why the latest attempt failed")
    message_id: str | None = Field(description="The Message-ID the SMTP server accepted, once delivered")
    delivered_at: datetime | None
