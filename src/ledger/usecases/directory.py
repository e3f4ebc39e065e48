"""Use cases of the workspace and its directory: settings, members, clients, projects, categories."""

import hashlib
import secrets
from datetime import date
from uuid import UUID, uuid4

from ledger.access import Actor, Role
from ledger.category import CategoryChanges, ExpenseCategory, require_pricing
from ledger.client import Client, ClientChanges
from ledger.commands import (
    AddMember,
    ChangeCategory,
    ChangeClient,
    ChangeMember,
    ChangeProject,
    ChangeSettings,
    ChangeWorkspace,
    CreateCategory,
    CreateClient,
    CreateProject,
    CreateWorkspace,
    SetMemberRate,
)
from ledger.errors import InvalidInput, NotFound
from ledger.member import Member, MemberChanges
from ledger.persistence import ApiKeyRow
from ledger.project import Project, ProjectChanges
from ledger.usecases.base import ExpectedVersion, LedgerBase
from ledger.views import (
    CategoryView,
    ClientView,
    MemberAdded,
    MemberView,
    ProjectView,
    SignedUp,
    WorkspaceView,
)
from ledger.workspace import Workspace, WorkspaceChanges, WorkspaceSettings


def hash_api_key(api_key: str) -> str:
    """Keys are random (256 bits), so a plain SHA-256 is a safe one-way hash for them."""
    return hashlib.sha256(api_key.encode()).hexdigest()


def _new_api_key() -> str:
    return "lk_" + secrets.token_urlsafe(32)


class DirectoryUseCases(LedgerBase):
    # Workspace and settings.

    def create_workspace(self, command: CreateWorkspace) -> SignedUp:
        """Sign up: a workspace with its owner, whose API key is returned this once."""
        workspace_id, owner_id, api_key = uuid4(), uuid4(), _new_api_key()
        workspace = Workspace(
            id=workspace_id,
            actor_id=owner_id,
            name=command.name,
            currency=command.currency,
            timezone=command.timezone,
            hourly_rate=command.hourly_rate,
            settings=WorkspaceSettings(),
        )
        owner = Member(
            id=owner_id,
            actor_id=owner_id,
            workspace_id=workspace_id,
            name=command.owner.name,
            email=command.owner.email,
            role=Role.OWNER,
            hourly_rate=None,
        )
        signed_up = SignedUp(**WorkspaceView.of(workspace).model_dump(), owner_id=owner_id, api_key=api_key)
        key = ApiKeyRow(hash_api_key(api_key), workspace_id, owner_id)
        self.save(workspace, owner, api_keys=[key], answer=signed_up)
        return signed_up

    def authenticate(self, api_key: str) -> Actor | None:
        """The actor an API key stands for, or None."""
        found = self.index.api_key_owner(hash_api_key(api_key))
        if found is None:
            return None
        workspace_id, member_id = found
        member: Member = self.repository.get(member_id)
        return Actor(workspace_id=workspace_id, member_id=member_id, role=member.role)

    def get_workspace(self, actor: Actor) -> WorkspaceView:
        return WorkspaceView.of(self._workspace(actor))

    def today(self, actor: Actor) -> date:
        """Today in the workspace's time zone: what due dates are judged against."""
        return self._today(self._workspace(actor))

    def edit_workspace(
        self, actor: Actor, command: ChangeWorkspace, expected_version: ExpectedVersion = None
    ) -> WorkspaceView:
        actor.require_manager()
        workspace = self._load(Workspace, actor.workspace_id, actor, expected_version=expected_version)
        workspace.edit(actor.member_id, WorkspaceChanges(**command.given()))
        self._commit(workspace)
        return WorkspaceView.of(workspace)

    def get_settings(self, actor: Actor) -> WorkspaceSettings:
        actor.require_reader_of_all()
        return self._workspace(actor).settings

    def change_settings(
        self, actor: Actor, command: ChangeSettings, expected_version: ExpectedVersion = None
    ) -> WorkspaceSettings:
        """Merge the settings given (nested objects field by field) into the settings."""
        actor.require_manager()
        workspace = self._load(Workspace, actor.workspace_id, actor, expected_version=expected_version)
        workspace.change_settings(actor.member_id, workspace.settings.updated(command.given()))
        self._commit(workspace)
        return workspace.settings

    # Members.

    def add_member(self, actor: Actor, command: AddMember) -> MemberAdded:
        """A new member, with their API key shown this once."""
        actor.require_manager()
        member_id, api_key = uuid4(), _new_api_key()
        member = Member(
            id=member_id,
            actor_id=actor.member_id,
            workspace_id=actor.workspace_id,
            name=command.name,
            email=command.email,
            role=command.role,
            hourly_rate=command.hourly_rate,
        )
        added = MemberAdded(**MemberView.of(member).model_dump(), api_key=api_key)
        key = ApiKeyRow(hash_api_key(api_key), actor.workspace_id, member_id)
        self.save(member, api_keys=[key], answer=added)
        return added

    def get_member(self, actor: Actor, member_id: UUID) -> MemberView:
        if member_id != actor.member_id:
            actor.require_reader_of_all()
        return MemberView.of(self._load(Member, member_id, actor))

    def edit_member(
        self, actor: Actor, member_id: UUID, command: ChangeMember, expected_version: ExpectedVersion = None
    ) -> MemberView:
        actor.require_manager()
        member = self._load(Member, member_id, actor, expected_version=expected_version)
        member.edit(actor.member_id, MemberChanges(**command.given()))
        self._commit(member)
        return MemberView.of(member)

    # Clients.

    def create_client(self, actor: Actor, command: CreateClient) -> ClientView:
        actor.require_manager()
        client = Client(
            id=uuid4(),
            actor_id=actor.member_id,
            workspace_id=actor.workspace_id,
            **command.model_dump(exclude={"cc_emails"}),
            cc_emails=list(command.cc_emails),
        )
        return self._answer(ClientView.of(client), client)

    def get_client(self, actor: Actor, client_id: UUID) -> ClientView:
        return ClientView.of(self._load(Client, client_id, actor))

    def edit_client(
        self, actor: Actor, client_id: UUID, command: ChangeClient, expected_version: ExpectedVersion = None
    ) -> ClientView:
        """Edit or archive a client; its invoices keep the currency they were created in."""
        actor.require_manager()
        client = self._load(Client, client_id, actor, expected_version=expected_version)
        given = command.given()
        if "cc_emails" in given:
            given["cc_emails"] = tuple(given["cc_emails"])
        client.edit(actor.member_id, ClientChanges(**given))
        self._commit(client)
        return ClientView.of(client)

    def delete_client(self, actor: Actor, client_id: UUID, expected_version: ExpectedVersion = None) -> None:
        """Delete a client nothing refers to (else `in-use`: archive it instead)."""
        actor.require_manager()
        client = self._load(Client, client_id, actor, expected_version=expected_version)
        client.delete(actor.member_id)
        self._commit(client)

    # Projects.

    def _client_for_project(self, actor: Actor, client_id: UUID | None) -> None:
        if client_id is not None:
            try:
                self._load(Client, client_id, actor)
            except NotFound:
                raise InvalidInput({"client_id": "no such client in this workspace"}) from None

    def create_project(self, actor: Actor, command: CreateProject) -> ProjectView:
        actor.require_manager()
        self._client_for_project(actor, command.client_id)
        project = Project(
            id=uuid4(), actor_id=actor.member_id, workspace_id=actor.workspace_id, **command.model_dump()
        )
        return self._answer(ProjectView.of(project), project)

    def get_project(self, actor: Actor, project_id: UUID) -> ProjectView:
        return ProjectView.of(self._load(Project, project_id, actor))

    def edit_project(
        self, actor: Actor, project_id: UUID, command: ChangeProject, expected_version: ExpectedVersion = None
    ) -> ProjectView:
        """Edit or archive a project; rates already captured on entries stay as they are."""
        actor.require_manager()
        changes = ProjectChanges(**command.given())
        project = self._load(Project, project_id, actor, expected_version=expected_version)
        if changes.get("client_id", project.client_id) != project.client_id:
            self._client_for_project(actor, changes.get("client_id", None))
        project.edit(actor.member_id, changes)
        self._commit(project)
        return ProjectView.of(project)

    def set_project_member_rate(
        self,
        actor: Actor,
        project_id: UUID,
        member_id: UUID,
        command: SetMemberRate,
        expected_version: ExpectedVersion = None,
    ) -> ProjectView:
        actor.require_manager()
        project = self._load(Project, project_id, actor, expected_version=expected_version)
        self._load(Member, member_id, actor)
        project.set_member_rate(actor.member_id, member_id, command.amount)
        self._commit(project)
        return ProjectView.of(project)

    def delete_project(
        self, actor: Actor, project_id: UUID, expected_version: ExpectedVersion = None
    ) -> None:
        """Delete a project nothing refers to (else `in-use`: archive it instead)."""
        actor.require_manager()
        project = self._load(Project, project_id, actor, expected_version=expected_version)
        project.delete(actor.member_id)
        self._commit(project)

    # Expense categories.

    def create_category(self, actor: Actor, command: CreateCategory) -> CategoryView:
        actor.require_manager()
        require_pricing(command.unit, command.unit_price)
        priced = command.unit is not None
        category = ExpenseCategory(
            id=uuid4(),
            actor_id=actor.member_id,
            workspace_id=actor.workspace_id,
            name=command.name,
            unit=command.unit,
            unit_price=command.unit_price if priced else None,
        )
        return self._answer(CategoryView.of(category), category)

    def get_category(self, actor: Actor, category_id: UUID) -> CategoryView:
        return CategoryView.of(self._load(ExpenseCategory, category_id, actor))

    def edit_category(
        self,
        actor: Actor,
        category_id: UUID,
        command: ChangeCategory,
        expected_version: ExpectedVersion = None,
    ) -> CategoryView:
        """Edit or archive a category; expenses keep the unit and price they captured."""
        actor.require_manager()
        category = self._load(ExpenseCategory, category_id, actor, expected_version=expected_version)
        category.edit(actor.member_id, CategoryChanges(**command.given()))
        self._commit(category)
        return CategoryView.of(category)
