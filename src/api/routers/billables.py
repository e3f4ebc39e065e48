"""What the time-entry and expense routers share: delete, approval, bulk marking, history."""

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel

from api.deps import ActorDep, IfMatch, LedgerDep, require_version, tagged
from api.schemas.common import HistoryEvent, Items
from api.schemas.entries import MarkInvoiced
from ledger.access import Actor
from ledger.application import Ledger
from ledger.plain import plain

Getter = Callable[[Ledger, Actor, UUID], dict[str, Any]]


def add_entry_actions(
    router: APIRouter, kind: str, param: str, history_kind: str, out: type[BaseModel], get: Getter
) -> None:
    """Routes of a billable kind ("time" or "expense", its id named `param`) that `get` loads."""
    name = history_kind.replace("-", "_")
    EntryId = Annotated[UUID, Path(alias=param)]
    one = f"/{{{param}}}"

    @router.post("/invoiced", response_model=Items[out], name=f"mark_{name}s_invoiced")  # type: ignore[valid-type]
    def mark_invoiced(body: MarkInvoiced, actor: ActorDep, ledger: LedgerDep) -> dict[str, Any]:
        """Mark invoiced or uninvoiced by hand: all of them, or none (the offending ids are listed)."""
        return {"items": plain(ledger.mark_invoiced(actor, kind, body.ids, body.invoiced))}

    @router.delete(one, status_code=204, name=f"delete_{name}")
    def delete(entry_id: EntryId, actor: ActorDep, ledger: LedgerDep, if_match: IfMatch = None) -> Response:
        require_version(if_match, entry_id)
        ledger.delete_entry(actor, kind, entry_id)
        return Response(status_code=204)

    def approval(approved: bool) -> Callable[..., dict[str, Any]]:
        def set_approval(
            entry_id: EntryId,
            actor: ActorDep,
            ledger: LedgerDep,
            response: Response,
            if_match: IfMatch = None,
        ) -> dict[str, Any]:
            require_version(if_match, entry_id)
            return tagged(response, plain(ledger.set_approval(actor, kind, entry_id, approved)))

        return set_approval

    router.add_api_route(
        f"{one}/approve", approval(True), methods=["POST"], response_model=out, name=f"approve_{name}"
    )
    router.add_api_route(
        f"{one}/withdraw-approval",
        approval(False),
        methods=["POST"],
        response_model=out,
        name=f"withdraw_{name}_approval",
    )

    @router.get(f"{one}/history", response_model=Items[HistoryEvent], name=f"{name}_history")
    def history(entry_id: EntryId, actor: ActorDep, ledger: LedgerDep) -> dict[str, Any]:
        """Every event, oldest first."""
        return {"items": ledger.history(actor, history_kind, entry_id)}
