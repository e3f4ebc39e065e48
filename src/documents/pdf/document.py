"""What a PDF shows, decided apart from how it is drawn: typed inputs in, a `Sheet` of texts out.

`InvoiceDocument` holds the typed inputs (the invoice's view, its client's, the settings, the
logo, the fingerprint) and the kind of document; `sheet()` turns them into the words and numbers
the page prints, formatted for the locale. A credit note uses the same layout with its own kind
(its title, its number label, the invoice it corrects, no due date, no payments).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from documents.labels import Words, words_for
from documents.locale import Formats
from ledger.totals import TaxMode
from ledger.usecases.documents import DocumentInputs, LogoImage
from ledger.views import ClientView, InvoiceView, LineView
from ledger.workspace import Company, WorkspaceSettings


class DocumentKind(Enum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


@dataclass(frozen=True)
class Reference:
    """The invoice a credit note corrects."""

    number: str
    issue_date: str  # as printed


@dataclass(frozen=True)
class InvoiceDocument:
    """Everything one PDF is made from; `words` default to the settings' locale and labels."""

    invoice: InvoiceView
    client: ClientView
    settings: WorkspaceSettings
    logo: LogoImage | None = None
    fingerprint: str | None = None
    kind: DocumentKind = DocumentKind.INVOICE
    words: Words | None = None
    reference: Reference | None = None
    reason: str | None = None

    @classmethod
    def of(cls, inputs: DocumentInputs, fingerprint: str | None = None) -> "InvoiceDocument":
        """The invoice document of what `Ledger.invoice_document_inputs` gathered."""
        return cls(inputs.invoice, inputs.client, inputs.settings, inputs.logo, fingerprint)

    @property
    def resolved_words(self) -> Words:
        return self.words or words_for(self.settings.locale, self.settings.labels)


@dataclass(frozen=True)
class Party:
    label: str
    name: str
    lines: list[str]
    ids: list[tuple[str, str]]  # (label, value): tax and registration ids
    email: str | None


@dataclass(frozen=True)
class Column:
    css: str  # the cell's class: its width and alignment
    header: str
    cell: Callable[[LineView], str]


@dataclass(frozen=True)
class Sheet:
    """The texts of one document, in print order, every value already formatted."""

    title: str
    language: str
    mark: str | None  # DRAFT, VOID
    details: list[tuple[str, str]]
    parties: list[Party]
    subject: str | None
    columns: list[Column]
    lines: list[LineView]
    totals: list[tuple[str, str, str]]  # (css, label, amount)
    notes: list[tuple[str, str]]  # (label, text)
    payment_label: str
    payment: list[tuple[str, str]]  # bank details
    page_label: str
    footer: str
    fingerprint: str | None
    logo: LogoImage | None = field(default=None, repr=False)


def _address(
    formats: Formats, street: str, postal_code: str | None, city: str | None, country: str | None
) -> list[str]:
    lines = [line for line in street.splitlines() if line.strip()]
    place = " ".join(part for part in (postal_code, city) if part)
    if place:
        lines.append(place)
    if country:
        lines.append(formats.country(country))
    return lines


def _company(words: Words, formats: Formats, company: Company) -> Party:
    ids = [(words.vat_id, company.vat_id), (words.registration_id, company.registration_id)]
    return Party(
        label=words.bill_from,
        name=company.name,
        lines=_address(formats, company.address, company.postal_code, company.city, company.country),
        ids=[(label, value) for label, value in ids if value],
        email=company.email,
    )


def _client(words: Words, formats: Formats, client: ClientView) -> Party:
    return Party(
        label=words.bill_to,
        name=client.name,
        lines=_address(formats, client.address, client.postal_code, client.city, client.country),
        ids=[(words.vat_id, client.vat_id)] if client.vat_id else [],
        email=client.email,
    )


def _columns(words: Words, formats: Formats, settings: WorkspaceSettings) -> list[Column]:
    """The items table's columns, without those the settings hide (the description takes their width)."""
    hidden = settings.pdf
    columns: list[Column] = []
    if not hidden.hide_item_type:
        columns.append(Column("type", words.item, lambda item: item.item_type_label))
    columns.append(Column("description", words.description, lambda item: item.description))
    if not hidden.hide_quantity:
        columns.append(
            Column("quantity", words.quantity, lambda item: formats.quantity(item.quantity, item.unit))
        )
    if not hidden.hide_unit_price:
        columns.append(Column("price", words.unit_price, lambda item: formats.number(item.unit_price)))
    columns.append(Column("amount", words.amount, lambda item: formats.number(item.amount)))
    return columns


def _totals(
    words: Words, formats: Formats, invoice: InvoiceView, kind: DocumentKind
) -> list[tuple[str, str, str]]:
    rows = [("subtotal", words.subtotal, formats.money(invoice.subtotal))]
    if invoice.discount_percent:
        rows.append(
            (
                "discount",
                f"{words.discount} ({formats.percent(invoice.discount_percent)})",
                formats.money(-invoice.discount),
            )
        )
    if invoice.tax_percent:
        rows.append(
            ("tax", f"{words.tax} ({formats.percent(invoice.tax_percent)})", formats.money(invoice.tax))
        )
    if invoice.tax2_percent:
        compound = f", {words.compound}" if invoice.tax_mode is TaxMode.COMPOUND else ""
        label = f"{words.tax2} ({formats.percent(invoice.tax2_percent)}{compound})"
        rows.append(("tax2", label, formats.money(invoice.tax2)))
    rows.append(("total", words.total, formats.money(invoice.total)))
    if kind is DocumentKind.INVOICE:
        rows.append(("paid", words.paid, formats.money(invoice.paid)))
        if invoice.credited:
            rows.append(("credited", words.credited, formats.money(-invoice.credited)))
        rows.append(("balance", words.balance_due, formats.money(invoice.balance)))
    return rows


def _details(words: Words, formats: Formats, document: InvoiceDocument) -> list[tuple[str, str]]:
    invoice = document.invoice
    credit = document.kind is DocumentKind.CREDIT_NOTE
    details = [(words.credit_note_number if credit else words.invoice_number, invoice.number)]
    if document.reference is not None:
        details.append((words.for_invoice, f"{document.reference.number} ({document.reference.issue_date})"))
    details.append((words.issue_date, formats.date(invoice.issue_date)))
    if not credit:
        details.append((words.due_date, formats.date(invoice.due_date)))
    if invoice.service_period is not None:
        period = invoice.service_period
        details.append((words.service_period, f"{formats.date(period.start)} – {formats.date(period.end)}"))
    details.append((words.currency, invoice.currency))
    return details


def _mark(words: Words, status: str) -> str | None:
    if status == "unsent":
        return words.draft
    if status == "void":
        return words.void
    return None


def sheet(document: InvoiceDocument) -> Sheet:
    """The texts the document prints, formatted in its locale and words."""
    words, invoice, settings = document.resolved_words, document.invoice, document.settings
    formats = Formats(settings.locale, invoice.currency, settings.pdf.quantity_format)
    credit = document.kind is DocumentKind.CREDIT_NOTE
    notes = []
    reason = document.reason or (invoice.void_reason if invoice.status == "void" else None)
    if reason:
        notes.append((words.reason, reason))
    if invoice.note:
        notes.append((words.notes, invoice.note))
    company = settings.company
    payment = [(words.iban, company.iban), (words.bic, company.bic)]
    footer = " · ".join(part for part in (company.name, company.email) if part)
    return Sheet(
        title=f"{words.credit_note if credit else words.invoice} {invoice.number}",
        language=settings.locale.split("_")[0],
        mark=_mark(words, invoice.status),
        details=_details(words, formats, document),
        parties=[_company(words, formats, company), _client(words, formats, document.client)],
        subject=invoice.subject or None,
        columns=_columns(words, formats, settings),
        lines=invoice.items,
        totals=_totals(words, formats, invoice, document.kind),
        notes=notes,
        payment_label=words.bank_details,
        payment=[(label, value) for label, value in payment if value],
        page_label=words.page,
        footer=footer,
        fingerprint=f"{words.fingerprint}: {document.fingerprint}" if document.fingerprint else None,
        logo=document.logo,
    )
