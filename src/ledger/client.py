"""A client: who invoices are addressed to, and in which currency."""

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.aggregate import WorkspaceAggregate


class Client(WorkspaceAggregate):
    class ClientCreated(Aggregate.Created):
        actor_id: UUID
        workspace_id: UUID
        name: str
        email: str
        address: str
        currency: str | None

    @event(ClientCreated)
    def __init__(
        self,
        id: UUID,
        actor_id: UUID,
        workspace_id: UUID,
        name: str,
        email: str,
        address: str,
        currency: str | None,
    ) -> None:
        self.workspace_id = workspace_id
        self.name = name
        self.email = email
        self.address = address
        self.currency = currency

    def edit(self, actor_id: UUID, **changes: Any) -> None:
        self._edit(actor_id, changes)
