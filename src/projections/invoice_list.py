"""The invoice list (SPEC §8): its read model, one row per invoice, and its queries.

`overdue` is not stored: it depends on the day of the read. The SQL below repeats the rule of
`ledger.invoice.is_overdue` once, for the status filter and each row's status alike; a test runs
the same cases through both and pins them together.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from ledger.errors import InvalidInput
from ledger.formats import MoneyOut
from ledger.invoice import DUE_STATUSES, Invoice, InvoiceStatus
from ledger.totals import Totals
from projections.queries import Conditions, Page, Queries, Row, count, csv_of, money, page_of
from projections.readmodel import Change, ReadModel, cents, handles, insert, update

DETAILS = {"number", "client_id", "issue_date", "due_date"}
OVERDUE_STATUS = "overdue"
STATUSES = (*(status.value for status in InvoiceStatus), OVERDUE_STATUS)
# `ledger.invoice.is_overdue` in SQL, over an invoice row `i`; its one parameter is today.
DUE = ", ".join(f"'{status.value}'" for status in DUE_STATUSES)
OVERDUE = f"(i.status IN ({DUE}) AND i.due_date < ? AND i.balance_cents > 0)"


def _money(totals: Totals) -> dict[str, int]:
    return {
        "subtotal_cents": cents(totals.subtotal),
        "total_cents": cents(totals.total),
        "paid_cents": cents(totals.paid),
        "credited_cents": cents(totals.credited),
        "balance_cents": cents(totals.balance),
    }


class InvoiceList(ReadModel):
    name = "invoice_list"
    # Version 2: what credit notes took back (`credited_cents`), and the status `credited`.
    version = 2
    tables = {  # noqa: RUF012
        "invoices": "id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, number TEXT NOT NULL, "
        "client_id TEXT NOT NULL, issue_date TEXT NOT NULL, due_date TEXT NOT NULL, currency TEXT NOT NULL, "
        "status TEXT NOT NULL, subtotal_cents BIGINT NOT NULL, total_cents BIGINT NOT NULL, "
        "paid_cents BIGINT NOT NULL, balance_cents BIGINT NOT NULL, deleted INTEGER NOT NULL, "
        "credited_cents BIGINT NOT NULL DEFAULT 0"
    }
    indexes = ("CREATE INDEX IF NOT EXISTS rm_{model}_issued_g{g} ON {invoices} (workspace_id, issue_date)",)

    @handles(Invoice.InvoiceCreated)
    def created(self, e: Invoice.InvoiceCreated) -> list[Change]:
        row = {
            "id": e.originator_id,
            "workspace_id": e.workspace_id,
            "number": e.number,
            "client_id": e.client_id,
            "issue_date": e.issue_date,
            "due_date": e.due_date,
            "currency": e.currency,
            "status": InvoiceStatus.UNSENT,
            **_money(Totals()),
            "deleted": False,
        }
        return [insert("invoices", row)]

    @handles(Invoice.DetailsChanged)
    def details_changed(self, e: Invoice.DetailsChanged) -> list[Change]:
        details = {k: v for k, v in e.changes.items().items() if k in DETAILS}
        return update("invoices", e.originator_id, {**details, **_money(e.totals)})

    @handles(
        Invoice.ItemsImported,
        Invoice.LineItemAdded,
        Invoice.LineItemEdited,
        Invoice.LineItemRemoved,
        Invoice.ImportRemoved,
    )
    def lines_changed(self, e: Any) -> list[Change]:
        return update("invoices", e.originator_id, _money(e.totals))

    @handles(Invoice.InvoiceSent, Invoice.InvoiceReopened, Invoice.InvoiceVoided)
    def status_changed(self, e: Any) -> list[Change]:
        return update("invoices", e.originator_id, {"status": e.status})

    @handles(Invoice.PaymentRecorded, Invoice.PaymentDeleted, Invoice.InvoiceCredited)
    def paid(self, e: Any) -> list[Change]:
        return update("invoices", e.originator_id, {"status": e.status, **_money(e.totals)})

    @handles(Invoice.InvoiceDeleted)
    def deleted(self, e: Invoice.InvoiceDeleted) -> list[Change]:
        return update("invoices", e.originator_id, {"deleted": True})


@dataclass(frozen=True)
class InvoiceFilters:
    """The filters of the invoice list (SPEC §8); `status` may be `overdue`."""

    status: str | None = None
    client_id: UUID | None = None
    issue_date_from: date | None = None
    issue_date_to: date | None = None

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in STATUSES:
            raise InvalidInput({"status": f"must be one of {', '.join(STATUSES)}"})
        since, until = self.issue_date_from, self.issue_date_to
        if since is not None and until is not None and until < since:
            raise InvalidInput({"issue_date_to": "must not be before issue_date_from"})


class InvoiceRow(Row):
    """An invoice as the list shows it: `status` is `overdue` when past due with a balance left."""

    id: UUID
    number: str
    client_id: UUID
    client_name: str | None
    issue_date: date
    due_date: date
    currency: str
    status: str
    subtotal: MoneyOut
    total: MoneyOut
    paid: MoneyOut
    credited: MoneyOut
    balance: MoneyOut


SELECT = f"""SELECT i.id, i.number, i.client_id, c.name, i.issue_date, i.due_date, i.currency,
CASE WHEN {OVERDUE} THEN '{OVERDUE_STATUS}' ELSE i.status END,
i.subtotal_cents, i.total_cents, i.paid_cents, i.credited_cents, i.balance_cents FROM {{invoices}} i
LEFT JOIN {{clients}} c ON c.id = i.client_id"""
SELECTED = list(InvoiceRow.model_fields)
ORDER = "i.issue_date, i.number"


def _row(values: tuple[Any, ...]) -> InvoiceRow:
    row = dict(zip(SELECTED, values, strict=True))
    for name in ("subtotal", "total", "paid", "credited", "balance"):
        row[name] = money(row[name])
    return InvoiceRow.model_validate(row)


def _conditions(workspace_id: UUID, filters: InvoiceFilters, today: date) -> Conditions:
    where = Conditions("i.workspace_id = ? AND i.deleted = 0", workspace_id)
    where.equals("i.client_id", filters.client_id)
    if filters.issue_date_from is not None:
        where.add("i.issue_date >= ?", filters.issue_date_from)
    if filters.issue_date_to is not None:
        where.add("i.issue_date <= ?", filters.issue_date_to)
    if filters.status == OVERDUE_STATUS:
        where.add(OVERDUE, today)
    elif filters.status is not None:
        # A status that may be shown as overdue is only that status while it is not overdue.
        where.add(f"i.status = ? AND NOT {OVERDUE}", filters.status, today)
    return where


class InvoiceListQueries(Queries):
    """The invoice list: pages and CSV, "overdue" judged against `today` in the workspace."""

    reads = ("invoice_list", "directory")

    def _rows(
        self, tables: dict[str, str], where: Conditions, today: date, page: int, page_size: int | None
    ) -> list[InvoiceRow]:
        values = page_of(self.store, SELECT.format(**tables), where, ORDER, page, page_size, params=[today])
        return [_row(value) for value in values]

    def page(
        self, workspace_id: UUID, filters: InvoiceFilters, page: int, page_size: int, today: date
    ) -> Page[InvoiceRow]:
        """One page of the invoices matching `filters`, in order of issue."""
        where = _conditions(workspace_id, filters, today)

        def read(tables: dict[str, str]) -> Page[InvoiceRow]:
            items = self._rows(tables, where, today, page, page_size)
            total = count(self.store, f"{tables['invoices']} i", where)
            return Page[InvoiceRow](items=items, total=total, page=page, page_size=page_size)

        return self._read(read)

    def csv(self, workspace_id: UUID, filters: InvoiceFilters, today: date) -> str:
        """Every invoice matching `filters`, as CSV."""
        where = _conditions(workspace_id, filters, today)
        return csv_of(self._read(lambda tables: self._rows(tables, where, today, 1, None)), InvoiceRow)
