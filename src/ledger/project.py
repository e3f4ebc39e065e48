"""A project of a client, with its billable default and the rate hierarchy (SPEC §2)."""

from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.aggregate import WorkspaceAggregate


class Project(WorkspaceAggregate):
    class ProjectCreated(Aggregate.Created):
        actor_id: UUID
        workspace_id: UUID
        client_id: UUID | None
        name: str
        billable: bool
        hourly_rate: Decimal | None

    @event(ProjectCreated)
    def __init__(
        self,
        id: UUID,
        actor_id: UUID,
        workspace_id: UUID,
        client_id: UUID | None,
        name: str,
        billable: bool,
        hourly_rate: Decimal | None,
    ) -> None:
        self.workspace_id = workspace_id
        self.client_id = client_id
        self.name = name
        self.billable = billable
        self.hourly_rate = hourly_rate
        # JSON object keys are strings: member ids are kept as their str().
        self.member_rates: dict[str, Decimal] = {}

    class MemberRateSet(Aggregate.Event):
        """A project-member rate; `hourly_rate` None removes the override."""

        actor_id: UUID
        member_id: UUID
        hourly_rate: Decimal | None

        def apply(self, project: "Project") -> None:
            if self.hourly_rate is None:
                project.member_rates.pop(str(self.member_id), None)
            else:
                project.member_rates[str(self.member_id)] = self.hourly_rate

    def edit(self, actor_id: UUID, **changes: Any) -> None:
        self._edit(actor_id, changes)

    def set_member_rate(self, actor_id: UUID, member_id: UUID, hourly_rate: Decimal | None) -> None:
        if self.member_rates.get(str(member_id)) != hourly_rate:
            self.trigger_event(
                self.MemberRateSet, actor_id=actor_id, member_id=member_id, hourly_rate=hourly_rate
            )

    def member_rate(self, member_id: UUID) -> Decimal | None:
        return self.member_rates.get(str(member_id))


def resolve_rate(
    project: Project, member_rate: Decimal | None, workspace_rate: Decimal, member_id: UUID
) -> Decimal:
    """First that is set: project-member > project > member > workspace."""
    for rate in (project.member_rate(member_id), project.hourly_rate, member_rate):
        if rate is not None:
            return rate
    return workspace_rate
