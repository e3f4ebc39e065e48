"""A member of a workspace: a person who tracks time, with a role and an optional rate."""

from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.access import Role
from ledger.aggregate import WorkspaceAggregate


class Member(WorkspaceAggregate):
    class MemberAdded(Aggregate.Created):
        actor_id: UUID
        workspace_id: UUID
        name: str
        email: str
        role: Role
        hourly_rate: Decimal | None

    @event(MemberAdded)
    def __init__(
        self,
        id: UUID,
        actor_id: UUID,
        workspace_id: UUID,
        name: str,
        email: str,
        role: Role,
        hourly_rate: Decimal | None,
    ) -> None:
        self.workspace_id = workspace_id
        self.name = name
        self.email = email
        self.role = role
        self.hourly_rate = hourly_rate

    def edit(self, actor_id: UUID, **changes: Any) -> None:
        self._edit(actor_id, changes)
