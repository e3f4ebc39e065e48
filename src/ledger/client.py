"""A client: who invoices are addressed to, in which currency, and where (SPEC §2, §12, §13)."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.aggregate import Changes, WorkspaceAggregate, upcast_changes
from ledger.errors import Archived, NotFound
from ledger.values import UNSET, Unset


@dataclass(frozen=True)
class ClientChanges(Changes):
    name: str | Unset = UNSET
    email: str | Unset | None = UNSET
    address: str | Unset = UNSET
    currency: str | Unset | None = UNSET
    vat_id: str | Unset | None = UNSET
    country: str | Unset | None = UNSET
    city: str | Unset | None = UNSET
    postal_code: str | Unset | None = UNSET
    cc_emails: tuple[str, ...] | Unset = UNSET
    archived: bool | Unset = UNSET


class Client(WorkspaceAggregate):
    class ClientCreated(Aggregate.Created):
        class_version = 2
        actor_id: UUID
        workspace_id: UUID
        name: str
        email: str | None
        address: str
        currency: str | None
        vat_id: str | None
        country: str | None
        city: str | None
        postal_code: str | None
        # A list, as JSON gives it back: the event decodes as it was recorded.
        cc_emails: list[str]

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Clients created before tax ids and countries (SPEC §13); "" meant no e-mail."""
            state["email"] = state["email"] or None
            state.update(vat_id=None, country=None, city=None, postal_code=None, cc_emails=[])

    @event(ClientCreated)
    def __init__(
        self,
        id: UUID,
        actor_id: UUID,
        workspace_id: UUID,
        name: str,
        email: str | None,
        address: str,
        currency: str | None,
        vat_id: str | None,
        country: str | None,
        city: str | None,
        postal_code: str | None,
        cc_emails: list[str],
    ) -> None:
        self.workspace_id = workspace_id
        self.name = name
        self.email = email
        self.address = address
        self.currency = currency
        self.vat_id = vat_id
        self.country = country
        self.city = city
        self.postal_code = postal_code
        self.cc_emails = tuple(cc_emails)
        self.archived = False
        self.deleted = False

    class Edited(WorkspaceAggregate.Edited):
        class_version = 2
        changes: ClientChanges
        upcast_v1_v2 = staticmethod(upcast_changes(ClientChanges))

    class ClientDeleted(Aggregate.Event):
        actor_id: UUID

        def apply(self, client: "Client") -> None:
            client.deleted = True

    def require_exists(self) -> None:
        if self.deleted:
            raise NotFound(f"client {self.id} was deleted")

    def require_active(self) -> None:
        """Archived clients take no new invoices (SPEC §12)."""
        self.require_exists()
        if self.archived:
            raise Archived(f"client {self.name} is archived: unarchive it first")

    def edit(self, actor_id: UUID, changes: ClientChanges) -> None:
        self.require_exists()
        self._edit(actor_id, changes)

    def delete(self, actor_id: UUID) -> None:
        """Delete; the caller has made sure nothing refers to the client (SPEC §12)."""
        self.require_exists()
        self.trigger_event(self.ClientDeleted, actor_id=actor_id)
