"""What the time-entry and expense routers share: delete, approval, bulk marking, history."""

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Response

from api.deps import ActorDep, IfMatchDep, LedgerDep, tagged
from api.schemas import Items
from ledger.billable import BillableKind
from ledger.commands import MarkInvoiced
from ledger.views import ExpenseView, HistoryEvent, TimeEntryView


def add_entry_actions(
    router: APIRouter, kind: BillableKind, param: str, view: type[TimeEntryView] | type[ExpenseView]
) -> None:
    """Routes of a billable kind whose id is named `param` in paths."""
    name = kind.value.replace("-", "_")
    EntryId = Annotated[UUID, Path(alias=param)]
    one = f"/{{{param}}}"

    @router.post("/invoiced", response_model=Items[view], name=f"mark_{name}s_invoiced")  # type: ignore[valid-type]
    def mark_invoiced(body: MarkInvoiced, actor: ActorDep, ledger: LedgerDep) -> Any:
        """Mark invoiced or uninvoiced by hand: all of them, or none (the offending ids are listed)."""
        return Items(items=ledger.mark_invoiced(actor, kind, body))

    @router.delete(one, status_code=204, name=f"delete_{name}")
    def delete(entry_id: EntryId, actor: ActorDep, ledger: LedgerDep, expected: IfMatchDep) -> Response:
        """Delete, unless invoiced or approved (409 `entry-locked`)."""
        ledger.delete_entry(actor, kind, entry_id, expected)
        return Response(status_code=204)

    def approval(approved: bool) -> Callable[..., Any]:
        def set_approval(
            entry_id: EntryId, actor: ActorDep, ledger: LedgerDep, response: Response, expected: IfMatchDep
        ) -> Any:
            return tagged(response, ledger.set_approval(actor, kind, entry_id, approved, expected))

        set_approval.__doc__ = (
            "Approve (admins): approved entries are locked."
            if approved
            else ("Withdraw the approval (admins): the entry can be edited again.")
        )
        return set_approval

    router.add_api_route(
        f"{one}/approve", approval(True), methods=["POST"], response_model=view, name=f"approve_{name}"
    )
    router.add_api_route(
        f"{one}/withdraw-approval",
        approval(False),
        methods=["POST"],
        response_model=view,
        name=f"withdraw_{name}_approval",
    )

    @router.get(f"{one}/history", response_model=Items[HistoryEvent], name=f"{name}_history")
    def history(entry_id: EntryId, actor: ActorDep, ledger: LedgerDep) -> Any:
        """Every event, oldest first."""
        return Items(items=ledger.history(actor, kind.value, entry_id))
