"""What an invoice holds (SPEC §5, §6): imports, manual lines, payments."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import ActorDep, IfMatchDep, LedgerDep
from api.openapi import raises
from api.routers import WORKSPACE
from ledger.commands import AddLine, EditLine, ImportItems, RecordPayment
from ledger.errors import (
    Archived,
    ConcurrentUpdate,
    EntryAlreadyInvoiced,
    Forbidden,
    InvalidTransition,
    InvoiceLocked,
    NotFound,
    NothingToImport,
    PaymentRejected,
    ProjectNotOfClient,
)
from ledger.views import ImportView, LineView, PaymentView

router = APIRouter(prefix=f"{WORKSPACE}/invoices/{{invoice_id}}", tags=["invoice lines and payments"])
IMPORTED: dict[int | str, dict[str, Any]] = {
    201: {"description": "Imported"},
    200: {
        "description": "Dry run: what would be imported (no ids: nothing was recorded)",
        "model": ImportView,
    },
}


@router.post(
    "/imports", status_code=201, responses=IMPORTED, summary="Import time and expenses onto an invoice"
)
@raises(
    Forbidden, NotFound, InvoiceLocked, Archived, ProjectNotOfClient, NothingToImport, EntryAlreadyInvoiced
)
def import_items(
    invoice_id: UUID,
    body: ImportItems,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    expected: IfMatchDep,
) -> ImportView:
    """Bill every eligible entry and expense of the range on new lines (dry_run: 200, nothing recorded)."""
    result = ledger.import_items(actor, invoice_id, body, expected)
    if body.dry_run:
        response.status_code = 200
    return result


@router.delete("/imports/{import_id}", status_code=204, summary="Remove an import's lines")
@raises(Forbidden, NotFound, InvoiceLocked, ConcurrentUpdate)
def remove_import(
    invoice_id: UUID, import_id: UUID, actor: ActorDep, ledger: LedgerDep, expected: IfMatchDep
) -> Response:
    """Remove every line of one import, releasing what they billed."""
    ledger.remove_import(actor, invoice_id, import_id, expected)
    return Response(status_code=204)


@router.post("/items", status_code=201, summary="Add a manual line")
@raises(Forbidden, NotFound, InvoiceLocked, ConcurrentUpdate)
def add_item(
    invoice_id: UUID, body: AddLine, actor: ActorDep, ledger: LedgerDep, expected: IfMatchDep
) -> LineView:
    """A manual line, billing no entries."""
    return ledger.add_item(actor, invoice_id, body, expected)


@router.patch("/items/{item_id}", summary="Change a line")
@raises(Forbidden, NotFound, InvoiceLocked, ConcurrentUpdate)
def edit_item(
    invoice_id: UUID, item_id: UUID, body: EditLine, actor: ActorDep, ledger: LedgerDep, expected: IfMatchDep
) -> LineView:
    """Edit a line; its entries stay invoiced, and the amount follows quantity × unit price."""
    return ledger.edit_item(actor, invoice_id, item_id, body, expected)


@router.delete("/items/{item_id}", status_code=204, summary="Remove a line")
@raises(Forbidden, NotFound, InvoiceLocked, ConcurrentUpdate)
def remove_item(
    invoice_id: UUID, item_id: UUID, actor: ActorDep, ledger: LedgerDep, expected: IfMatchDep
) -> Response:
    """Remove a line, releasing every entry and expense it billed."""
    ledger.remove_item(actor, invoice_id, item_id, expected)
    return Response(status_code=204)


@router.post("/payments", status_code=201, summary="Record a payment")
@raises(Forbidden, NotFound, InvalidTransition, PaymentRejected, ConcurrentUpdate)
def record_payment(
    invoice_id: UUID, body: RecordPayment, actor: ActorDep, ledger: LedgerDep, expected: IfMatchDep
) -> PaymentView:
    """A payment on a sent invoice: more than 0, at most the balance."""
    return ledger.record_payment(actor, invoice_id, body, expected)


@router.delete("/payments/{payment_id}", status_code=204, summary="Delete a payment")
@raises(Forbidden, NotFound, ConcurrentUpdate)
def delete_payment(
    invoice_id: UUID, payment_id: UUID, actor: ActorDep, ledger: LedgerDep, expected: IfMatchDep
) -> Response:
    """Delete a recorded payment; the status follows the balance (`sent`, `partially_paid` or `paid`)."""
    ledger.delete_payment(actor, invoice_id, payment_id, expected)
    return Response(status_code=204)
