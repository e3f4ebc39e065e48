"""What the time-entry and expense routers share: delete, approval, bulk marking, history."""

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Response

from api.deps import ActorDep, IfMatchDep, LedgerDep, tagged
from api.openapi import raises
from api.schemas import Items
from ledger.billable import BillableKind
from ledger.commands import MarkInvoiced
from ledger.errors import ConcurrentUpdate, EntryLocked, EntryOnInvoice, Forbidden, NotFound
from ledger.views import ExpenseView, HistoryEvent, TimeEntryView


def add_entry_actions(
    router: APIRouter, kind: BillableKind, param: str, view: type[TimeEntryView] | type[ExpenseView]
) -> None:
    """Routes of a billable kind whose id is named `param` in paths."""
    name = kind.value.replace("-", "_")
    plural = "time_entries" if kind is BillableKind.TIME_ENTRY else "expenses"
    labels = plural.replace("_", " ")
    label = f"{'an' if kind.label[0] in 'aeiou' else 'a'} {kind.label}"  # "a time entry", "an expense"
    EntryId = Annotated[UUID, Path(alias=param)]
    one = f"/{{{param}}}"

    @router.post(
        "/invoiced",
        response_model=Items[view],  # type: ignore[valid-type]
        name=f"mark_{plural}_invoiced",
        summary=f"Mark {labels} invoiced or uninvoiced by hand",
    )
    @raises(Forbidden, NotFound, EntryOnInvoice, ConcurrentUpdate)
    def mark_invoiced(body: MarkInvoiced, actor: ActorDep, ledger: LedgerDep) -> Any:
        """Mark invoiced or uninvoiced by hand: all of them, or none (the offending ids are listed)."""
        return Items(items=ledger.mark_invoiced(actor, kind, body))

    @router.delete(one, status_code=204, name=f"delete_{name}", summary=f"Delete {label}")
    @raises(Forbidden, NotFound, EntryLocked, ConcurrentUpdate)
    def delete(entry_id: EntryId, actor: ActorDep, ledger: LedgerDep, expected: IfMatchDep) -> Response:
        """Delete, unless invoiced or approved (409 `entry-locked`)."""
        ledger.delete_entry(actor, kind, entry_id, expected)
        return Response(status_code=204)

    def approval(approved: bool) -> Callable[..., Any]:
        @raises(Forbidden, NotFound, ConcurrentUpdate)
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
        f"{one}/approve",
        approval(True),
        methods=["POST"],
        response_model=view,
        name=f"approve_{name}",
        summary=f"Approve {label}",
    )
    router.add_api_route(
        f"{one}/withdraw-approval",
        approval(False),
        methods=["POST"],
        response_model=view,
        name=f"withdraw_{name}_approval",
        summary=f"Withdraw {label}'s approval",
    )

    @router.get(
        f"{one}/history",
        response_model=Items[HistoryEvent],
        name=f"{name}_history",
        summary=f"History of {label}",
    )
    @raises(Forbidden, NotFound)
    def history(entry_id: EntryId, actor: ActorDep, ledger: LedgerDep) -> Any:
        """Every event, oldest first."""
        return Items(items=ledger.history(actor, kind.value, entry_id))
