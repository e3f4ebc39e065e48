"""Use cases of the workspace and its directory: members, clients, projects, categories."""

import hashlib
import secrets
from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ledger.access import Actor, Role
from ledger.category import ExpenseCategory
from ledger.client import Client
from ledger.errors import InvalidInput, NotFound
from ledger.member import Member
from ledger.money import ZERO
from ledger.persistence import ApiKeyRow
from ledger.plain import plain
from ledger.project import Project
from ledger.usecases.base import LedgerBase
from ledger.workspace import Workspace, WorkspaceSettings


def hash_api_key(api_key: str) -> str:
    """Keys are random (256 bits), so a plain SHA-256 is a safe one-way hash for them."""
    return hashlib.sha256(api_key.encode()).hexdigest()


def _new_api_key() -> str:
    return "lk_" + secrets.token_urlsafe(32)


def _check_currency(currency: str | None, field: str = "currency") -> None:
    if currency is not None and not (len(currency) == 3 and currency.isalpha() and currency.isupper()):
        raise InvalidInput({field: "must be an ISO 4217 code such as EUR"})


def _check_rate(rate: Decimal | None, field: str = "hourly_rate") -> None:
    if rate is not None and rate < ZERO:
        raise InvalidInput({field: "must not be negative"})


def _check_pricing(unit: str | None, unit_price: Decimal | None) -> None:
    if unit is not None and unit_price is None:
        raise InvalidInput({"unit_price": "required when the category has a unit"})
    _check_rate(unit_price, "unit_price")


class DirectoryUseCases(LedgerBase):
    # Workspace and settings.

    def create_workspace(
        self,
        name: str,
        currency: str,
        timezone: str,
        hourly_rate: Decimal,
        owner_name: str,
        owner_email: str,
    ) -> dict[str, Any]:
        """Sign up: a workspace with its owner, whose API key is returned this once."""
        _check_currency(currency)
        _check_rate(hourly_rate)
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput({"timezone": "must be an IANA time zone such as Europe/Berlin"}) from None
        workspace_id, owner_id, api_key = uuid4(), uuid4(), _new_api_key()
        workspace = Workspace(
            id=workspace_id,
            actor_id=owner_id,
            name=name,
            currency=currency,
            timezone=timezone,
            hourly_rate=hourly_rate,
            settings=WorkspaceSettings(),
        )
        owner = Member(
            id=owner_id,
            actor_id=owner_id,
            workspace_id=workspace_id,
            name=owner_name,
            email=owner_email,
            role=Role.OWNER,
            hourly_rate=None,
        )
        self.save(workspace, owner, api_keys=[ApiKeyRow(hash_api_key(api_key), workspace_id, owner_id)])
        return {**self._workspace_view(workspace), "owner_id": owner_id, "api_key": api_key}

    def authenticate(self, api_key: str) -> Actor | None:
        """The actor an API key stands for, or None."""
        found = self.index.api_key_owner(hash_api_key(api_key))
        if found is None:
            return None
        workspace_id, member_id = found
        member: Member = self.repository.get(member_id)
        return Actor(workspace_id=workspace_id, member_id=member_id, role=member.role)

    @staticmethod
    def _workspace_view(workspace: Workspace) -> dict[str, Any]:
        view = workspace.as_dict()
        del view["settings"], view["invoice_counter"]
        return view

    def get_workspace(self, actor: Actor) -> dict[str, Any]:
        return self._workspace_view(self._workspace(actor))

    def edit_workspace(self, actor: Actor, changes: Mapping[str, Any]) -> dict[str, Any]:
        actor.require_manager()
        _check_currency(changes.get("currency"))
        _check_rate(changes.get("hourly_rate"))
        if "timezone" in changes:
            try:
                ZoneInfo(changes["timezone"])
            except (ZoneInfoNotFoundError, ValueError):
                raise InvalidInput({"timezone": "must be an IANA time zone"}) from None
        workspace = self._workspace(actor)
        workspace.edit(actor.member_id, **changes)
        self._commit(workspace)
        return self._workspace_view(workspace)

    def get_settings(self, actor: Actor) -> dict[str, Any]:
        actor.require_reader_of_all()
        return plain(self._workspace(actor).settings)  # type: ignore[no-any-return]

    def change_settings(self, actor: Actor, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Merge `changes` (nested objects field by field) into the settings."""
        actor.require_manager()
        workspace = self._workspace(actor)
        workspace.change_settings(actor.member_id, changes)
        self._commit(workspace)
        return plain(workspace.settings)  # type: ignore[no-any-return]

    # Members.

    def add_member(
        self, actor: Actor, name: str, email: str, role: Role, hourly_rate: Decimal | None
    ) -> dict[str, Any]:
        """A new member, with their API key shown this once."""
        actor.require_manager()
        _check_rate(hourly_rate)
        member_id, api_key = uuid4(), _new_api_key()
        member = Member(
            id=member_id,
            actor_id=actor.member_id,
            workspace_id=actor.workspace_id,
            name=name,
            email=email,
            role=role,
            hourly_rate=hourly_rate,
        )
        key = ApiKeyRow(hash_api_key(api_key), actor.workspace_id, member_id)
        self.save(member, api_keys=[key])
        return {**member.as_dict(), "api_key": api_key}

    def get_member(self, actor: Actor, member_id: UUID) -> dict[str, Any]:
        if member_id != actor.member_id:
            actor.require_reader_of_all()
        return self._load(Member, member_id, actor).as_dict()

    def edit_member(self, actor: Actor, member_id: UUID, changes: Mapping[str, Any]) -> dict[str, Any]:
        actor.require_manager()
        _check_rate(changes.get("hourly_rate"))
        member = self._load(Member, member_id, actor)
        member.edit(actor.member_id, **changes)
        self._commit(member)
        return member.as_dict()

    # Clients.

    def create_client(
        self,
        actor: Actor,
        name: str,
        email: str = "",
        address: str = "",
        currency: str | None = None,
    ) -> dict[str, Any]:
        actor.require_manager()
        _check_currency(currency)
        client = Client(
            id=uuid4(),
            actor_id=actor.member_id,
            workspace_id=actor.workspace_id,
            name=name,
            email=email,
            address=address,
            currency=currency,
        )
        self.save(client)
        return client.as_dict()

    def get_client(self, actor: Actor, client_id: UUID) -> dict[str, Any]:
        return self._load(Client, client_id, actor).as_dict()

    def edit_client(self, actor: Actor, client_id: UUID, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Edit a client; its invoices keep the currency they were created in."""
        actor.require_manager()
        _check_currency(changes.get("currency"))
        client = self._load(Client, client_id, actor)
        client.edit(actor.member_id, **changes)
        self._commit(client)
        return client.as_dict()

    # Projects.

    def _check_client(self, actor: Actor, client_id: UUID | None) -> None:
        if client_id is not None:
            try:
                self._load(Client, client_id, actor)
            except NotFound:
                raise InvalidInput({"client_id": "no such client in this workspace"}) from None

    def create_project(
        self,
        actor: Actor,
        name: str,
        client_id: UUID | None,
        billable: bool = True,
        hourly_rate: Decimal | None = None,
    ) -> dict[str, Any]:
        actor.require_manager()
        _check_rate(hourly_rate)
        self._check_client(actor, client_id)
        project = Project(
            id=uuid4(),
            actor_id=actor.member_id,
            workspace_id=actor.workspace_id,
            client_id=client_id,
            name=name,
            billable=billable,
            hourly_rate=hourly_rate,
        )
        self.save(project)
        return project.as_dict()

    def get_project(self, actor: Actor, project_id: UUID) -> dict[str, Any]:
        return self._load(Project, project_id, actor).as_dict()

    def edit_project(self, actor: Actor, project_id: UUID, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Edit a project; rates already captured on entries stay as they are."""
        actor.require_manager()
        _check_rate(changes.get("hourly_rate"))
        if "client_id" in changes:
            self._check_client(actor, changes["client_id"])
        project = self._load(Project, project_id, actor)
        project.edit(actor.member_id, **changes)
        self._commit(project)
        return project.as_dict()

    def set_project_member_rate(
        self, actor: Actor, project_id: UUID, member_id: UUID, hourly_rate: Decimal | None
    ) -> dict[str, Any]:
        actor.require_manager()
        _check_rate(hourly_rate, "amount")
        project = self._load(Project, project_id, actor)
        self._load(Member, member_id, actor)
        project.set_member_rate(actor.member_id, member_id, hourly_rate)
        self._commit(project)
        return project.as_dict()

    # Expense categories.

    def create_category(
        self, actor: Actor, name: str, unit: str | None = None, unit_price: Decimal | None = None
    ) -> dict[str, Any]:
        actor.require_manager()
        _check_pricing(unit, unit_price)
        category = ExpenseCategory(
            id=uuid4(),
            actor_id=actor.member_id,
            workspace_id=actor.workspace_id,
            name=name,
            unit=unit,
            unit_price=unit_price if unit is not None else None,
        )
        self.save(category)
        return category.as_dict()

    def get_category(self, actor: Actor, category_id: UUID) -> dict[str, Any]:
        return self._load(ExpenseCategory, category_id, actor).as_dict()

    def edit_category(self, actor: Actor, category_id: UUID, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Edit a category; expenses keep the unit and price they captured."""
        actor.require_manager()
        category = self._load(ExpenseCategory, category_id, actor)
        unit = changes.get("unit", category.unit)
        _check_pricing(unit, changes.get("unit_price", category.unit_price))
        category.edit(actor.member_id, **changes)
        self._commit(category)
        return category.as_dict()
