"""A project of a client, with its billable default and the rate hierarchy (SPEC §2, §12)."""

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.aggregate import Changes, WorkspaceAggregate, upcast_changes
from ledger.errors import Archived, NotFound
from ledger.values import UNSET, Unset


@dataclass(frozen=True)
class ProjectChanges(Changes):
    client_id: UUID | Unset | None = UNSET
    name: str | Unset = UNSET
    billable: bool | Unset = UNSET
    hourly_rate: Decimal | Unset | None = UNSET
    archived: bool | Unset = UNSET


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
        self.archived = False
        self.deleted = False

    class Edited(WorkspaceAggregate.Edited):
        class_version = 2
        changes: ProjectChanges
        upcast_v1_v2 = staticmethod(upcast_changes(ProjectChanges))

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

    class ProjectDeleted(Aggregate.Event):
        actor_id: UUID

        def apply(self, project: "Project") -> None:
            project.deleted = True

    def require_exists(self) -> None:
        if self.deleted:
            raise NotFound(f"project {self.id} was deleted")

    def require_active(self) -> None:
        """Archived projects take no new entries, expenses or imports (SPEC §12)."""
        self.require_exists()
        if self.archived:
            raise Archived(f"project {self.name} is archived: unarchive it first")

    def edit(self, actor_id: UUID, changes: ProjectChanges) -> None:
        self.require_exists()
        self._edit(actor_id, changes)

    def set_member_rate(self, actor_id: UUID, member_id: UUID, hourly_rate: Decimal | None) -> None:
        self.require_exists()
        if self.member_rates.get(str(member_id)) != hourly_rate:
            self.trigger_event(
                self.MemberRateSet, actor_id=actor_id, member_id=member_id, hourly_rate=hourly_rate
            )

    def delete(self, actor_id: UUID) -> None:
        """Delete; the caller has made sure nothing refers to the project (SPEC §12)."""
        self.require_exists()
        self.trigger_event(self.ProjectDeleted, actor_id=actor_id)

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
