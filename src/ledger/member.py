"""A member of a workspace: a person who tracks time, with a role and an optional rate."""

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.access import Role
from ledger.aggregate import Changes, WorkspaceAggregate, upcast_changes
from ledger.values import UNSET, Unset


@dataclass(frozen=True)
class MemberChanges(Changes):
    name: str | Unset = UNSET
    email: str | Unset = UNSET
    role: Role | Unset = UNSET
    hourly_rate: Decimal | Unset | None = UNSET


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

    class Edited(WorkspaceAggregate.Edited):
        class_version = 2
        changes: MemberChanges
        upcast_v1_v2 = staticmethod(upcast_changes(MemberChanges))

    def edit(self, actor_id: UUID, changes: MemberChanges) -> None:
        self._edit(actor_id, changes)
