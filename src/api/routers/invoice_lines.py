"""What an invoice holds (SPEC §5, §6): imports, manual lines, payments."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import ActorDep, IfMatch, LedgerDep, require_version
from api.routers import WORKSPACE
from api.schemas.imports import ImportCreate, ImportOut
from api.schemas.invoices import ItemCreate, ItemPatch, LineItemOut, PaymentCreate, PaymentOut, line_item_json
from ledger.access import Actor
from ledger.application import Ledger
from ledger.plain import plain

router = APIRouter(prefix=f"{WORKSPACE}/invoices/{{invoice_id}}", tags=["invoice lines and payments"])
IMPORTED = {201: {"description": "Imported"}, 200: {"description": "Dry run: what would be imported"}}


def labelled(ledger: Ledger, actor: Actor, item: Any) -> dict[str, Any]:
    return line_item_json(item, ledger.get_settings(actor)["item_type_labels"])


@router.post("/imports", status_code=201, response_model=ImportOut, responses=IMPORTED)  # type: ignore[arg-type]
def import_items(
    invoice_id: UUID,
    body: ImportCreate,
    actor: ActorDep,
    ledger: LedgerDep,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """Bill every eligible entry and expense of the range on new lines (dry_run: 200, nothing recorded)."""
    require_version(if_match, invoice_id)
    result = ledger.import_items(actor, invoice_id, body.request())
    if body.dry_run:
        response.status_code = 200
    labels = ledger.get_settings(actor)["item_type_labels"]
    return {**plain(result), "items": [line_item_json(item, labels) for item in result["items"]]}


@router.delete("/imports/{import_id}", status_code=204)
def remove_import(
    invoice_id: UUID, import_id: UUID, actor: ActorDep, ledger: LedgerDep, if_match: IfMatch = None
) -> Response:
    """Remove every line of one import, releasing what they billed."""
    require_version(if_match, invoice_id)
    ledger.remove_import(actor, invoice_id, import_id)
    return Response(status_code=204)


@router.post("/items", status_code=201, response_model=LineItemOut)
def add_item(
    invoice_id: UUID, body: ItemCreate, actor: ActorDep, ledger: LedgerDep, if_match: IfMatch = None
) -> dict[str, Any]:
    """A manual line, billing no entries."""
    require_version(if_match, invoice_id)
    item = ledger.add_item(
        actor, invoice_id, body.description, body.quantity, body.unit_price, body.item_type, body.unit
    )
    return labelled(ledger, actor, item)


@router.patch("/items/{item_id}", response_model=LineItemOut)
def edit_item(
    invoice_id: UUID,
    item_id: UUID,
    body: ItemPatch,
    actor: ActorDep,
    ledger: LedgerDep,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """Edit a line; its entries stay invoiced, and the amount follows quantity × unit price."""
    require_version(if_match, invoice_id)
    return labelled(ledger, actor, ledger.edit_item(actor, invoice_id, item_id, body.changes()))


@router.delete("/items/{item_id}", status_code=204)
def remove_item(
    invoice_id: UUID, item_id: UUID, actor: ActorDep, ledger: LedgerDep, if_match: IfMatch = None
) -> Response:
    """Remove a line, releasing every entry and expense it billed."""
    require_version(if_match, invoice_id)
    ledger.remove_item(actor, invoice_id, item_id)
    return Response(status_code=204)


@router.post("/payments", status_code=201, response_model=PaymentOut)
def record_payment(
    invoice_id: UUID, body: PaymentCreate, actor: ActorDep, ledger: LedgerDep, if_match: IfMatch = None
) -> dict[str, Any]:
    """A payment on a sent invoice: more than 0, at most the balance."""
    require_version(if_match, invoice_id)
    return plain(ledger.record_payment(actor, invoice_id, body.amount, body.date, body.note))  # type: ignore[no-any-return]


@router.delete("/payments/{payment_id}", status_code=204)
def delete_payment(
    invoice_id: UUID, payment_id: UUID, actor: ActorDep, ledger: LedgerDep, if_match: IfMatch = None
) -> Response:
    require_version(if_match, invoice_id)
    ledger.delete_payment(actor, invoice_id, payment_id)
    return Response(status_code=204)
