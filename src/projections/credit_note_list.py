"""The credit-note list (SPEC §15): its read model, one row per credit note, and its queries.

A credit note never changes, so its row is written once, from `CreditNoteIssued`. Amounts are
stored as the API shows them: negative, in integer cents.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from ledger.credit_note import CreditNote
from ledger.errors import InvalidInput
from ledger.formats import MoneyOut
from projections.queries import Conditions, Page, Queries, Row, count, csv_of, money, page_of
from projections.readmodel import Change, ReadModel, cents, handles, insert

AMOUNTS = ("subtotal", "discount", "tax", "tax2", "total")


class CreditNoteList(ReadModel):
    name = "credit_note_list"
    tables = {  # noqa: RUF012
        "credit_notes": "id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, number TEXT NOT NULL, "
        "invoice_id TEXT NOT NULL, invoice_number TEXT NOT NULL, client_id TEXT NOT NULL, "
        "issue_date TEXT NOT NULL, currency TEXT NOT NULL, reason TEXT NOT NULL, "
        "subtotal_cents BIGINT NOT NULL, discount_cents BIGINT NOT NULL, tax_cents BIGINT NOT NULL, "
        "tax2_cents BIGINT NOT NULL, total_cents BIGINT NOT NULL"
    }
    indexes = (
        "CREATE INDEX IF NOT EXISTS rm_{model}_issued_g{g} ON {credit_notes} (workspace_id, issue_date)",
        "CREATE INDEX IF NOT EXISTS rm_{model}_invoice_g{g} ON {credit_notes} (invoice_id)",
    )

    @handles(CreditNote.CreditNoteIssued)
    def issued(self, e: CreditNote.CreditNoteIssued) -> list[Change]:
        row = {
            "id": e.originator_id,
            "workspace_id": e.workspace_id,
            "number": e.number,
            "invoice_id": e.invoice_id,
            "invoice_number": e.invoice_number,
            "client_id": e.client_id,
            "issue_date": e.issue_date,
            "currency": e.currency,
            "reason": e.reason,
            # What is taken back, shown negative as the API shows it.
            **{f"{name}_cents": -cents(getattr(e.totals, name)) for name in AMOUNTS},
        }
        return [insert("credit_notes", row)]


@dataclass(frozen=True)
class CreditNoteFilters:
    """The filters of the credit-note list: by client, by invoice, by issue date."""

    client_id: UUID | None = None
    invoice_id: UUID | None = None
    issue_date_from: date | None = None
    issue_date_to: date | None = None

    def __post_init__(self) -> None:
        since, until = self.issue_date_from, self.issue_date_to
        if since is not None and until is not None and until < since:
            raise InvalidInput({"issue_date_to": "must not be before issue_date_from"})


class CreditNoteRow(Row):
    """A credit note as the list shows it: amounts negative."""

    id: UUID
    number: str
    invoice_id: UUID
    invoice_number: str
    client_id: UUID
    client_name: str | None
    issue_date: date
    currency: str
    reason: str
    subtotal: MoneyOut
    discount: MoneyOut
    tax: MoneyOut
    tax2: MoneyOut
    total: MoneyOut


SELECT = """SELECT n.id, n.number, n.invoice_id, n.invoice_number, n.client_id, c.name, n.issue_date,
n.currency, n.reason, n.subtotal_cents, n.discount_cents, n.tax_cents, n.tax2_cents, n.total_cents
FROM {credit_notes} n LEFT JOIN {clients} c ON c.id = n.client_id"""
SELECTED = list(CreditNoteRow.model_fields)
ORDER = "n.issue_date, n.number"


def _row(values: tuple[Any, ...]) -> CreditNoteRow:
    row = dict(zip(SELECTED, values, strict=True))
    for name in AMOUNTS:
        row[name] = money(row[name])
    return CreditNoteRow.model_validate(row)


def _conditions(workspace_id: UUID, filters: CreditNoteFilters) -> Conditions:
    where = Conditions("n.workspace_id = ?", workspace_id)
    where.equals("n.client_id", filters.client_id)
    where.equals("n.invoice_id", filters.invoice_id)
    if filters.issue_date_from is not None:
        where.add("n.issue_date >= ?", filters.issue_date_from)
    if filters.issue_date_to is not None:
        where.add("n.issue_date <= ?", filters.issue_date_to)
    return where


class CreditNoteListQueries(Queries):
    """The credit-note list: pages and CSV, in order of issue."""

    reads = ("credit_note_list", "directory")

    def _rows(
        self, tables: dict[str, str], where: Conditions, page: int, page_size: int | None
    ) -> list[CreditNoteRow]:
        return [_row(v) for v in page_of(self.store, SELECT.format(**tables), where, ORDER, page, page_size)]

    def page(
        self, workspace_id: UUID, filters: CreditNoteFilters, page: int, page_size: int
    ) -> Page[CreditNoteRow]:
        """One page of the credit notes matching `filters`."""
        where = _conditions(workspace_id, filters)

        def read(tables: dict[str, str]) -> Page[CreditNoteRow]:
            items = self._rows(tables, where, page, page_size)
            total = count(self.store, f"{tables['credit_notes']} n", where)
            return Page[CreditNoteRow](items=items, total=total, page=page, page_size=page_size)

        return self._read(read)

    def csv(self, workspace_id: UUID, filters: CreditNoteFilters) -> str:
        """Every credit note matching `filters`, as CSV."""
        where = _conditions(workspace_id, filters)
        return csv_of(self._read(lambda tables: self._rows(tables, where, 1, None)), CreditNoteRow)
