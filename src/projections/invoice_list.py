"""Read model of the invoice list: numbers, clients, dates, status and money (SPEC §8).

`overdue` is not stored: it depends on the day of the read, so queries derive it.
"""

from typing import Any

from ledger.invoice import Invoice
from ledger.totals import Totals
from projections.readmodel import Change, ReadModel, cents, handles, insert, update

DETAILS = {"number", "client_id", "issue_date", "due_date"}


def _money(totals: Totals) -> dict[str, int]:
    return {
        "subtotal_cents": cents(totals.subtotal),
        "total_cents": cents(totals.total),
        "paid_cents": cents(totals.paid),
        "balance_cents": cents(totals.balance),
    }


class InvoiceList(ReadModel):
    name = "invoice_list"
    tables = {  # noqa: RUF012
        "invoices": "id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, number TEXT NOT NULL, "
        "client_id TEXT NOT NULL, issue_date TEXT NOT NULL, due_date TEXT NOT NULL, currency TEXT NOT NULL, "
        "status TEXT NOT NULL, subtotal_cents BIGINT NOT NULL, total_cents BIGINT NOT NULL, "
        "paid_cents BIGINT NOT NULL, balance_cents BIGINT NOT NULL, deleted INTEGER NOT NULL"
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
            "status": "unsent",
            **_money(Totals()),
            "deleted": False,
        }
        return [insert("invoices", row)]

    @handles(Invoice.DetailsChanged)
    def details_changed(self, e: Invoice.DetailsChanged) -> list[Change]:
        details = {k: v for k, v in e.changes.items() if k in DETAILS}
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

    @handles(Invoice.PaymentRecorded, Invoice.PaymentDeleted)
    def paid(self, e: Any) -> list[Change]:
        return update("invoices", e.originator_id, {"status": e.status, **_money(e.totals)})

    @handles(Invoice.InvoiceDeleted)
    def deleted(self, e: Invoice.InvoiceDeleted) -> list[Change]:
        return update("invoices", e.originator_id, {"deleted": True})
