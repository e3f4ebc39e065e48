"""The directory (SPEC §2, §12): members, clients, projects and categories, for lists and names.

Every row carries its aggregate's version (the `originator_version` of the last event applied),
so a list item can be changed with `If-Match` like the resource itself. Archived clients,
projects and categories are listed only when asked for; deleted clients and projects never.
"""

import json
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger.access import Role
from ledger.category import ExpenseCategory
from ledger.client import Client
from ledger.formats import MoneyOut
from ledger.member import Member
from ledger.project import Project
from projections.queries import Conditions, Page, Queries, R, Row, count, page_of
from projections.readmodel import Change, Handler, ReadModel, Stored, handles, insert, stored, update


def _emails(emails: Sequence[str]) -> str:
    return json.dumps(list(emails))


# How a client's fields are stored: the copied addresses as a JSON array of strings.
CLIENT_COLUMNS: dict[str, Stored] = {"cc_emails": ("cc_emails", _emails)}


def _created(table: str, e: Any, **values: Any) -> list[Change]:
    row = {"id": e.originator_id, "workspace_id": e.workspace_id, "version": e.originator_version}
    return [insert(table, {**row, **values})]


def _edited(table: str, columns: dict[str, Stored] | None = None) -> Handler:
    """A handler storing an `Edited` event's change set, and the version it brings."""

    def handler(model: Any, e: Any) -> list[Change]:
        values = stored(e.changes.items(), columns or {})
        return update(table, e.originator_id, {**values, "version": e.originator_version})

    return handler


def _versioned(table: str, **values: Any) -> Handler:
    """A handler setting `values` (maybe none) and the version the event brings."""

    def handler(model: Any, e: Any) -> list[Change]:
        return update(table, e.originator_id, {**values, "version": e.originator_version})

    return handler


class Directory(ReadModel):
    name = "directory"
    # 2: rows carry their version; clients their tax and address fields, archived and deleted;
    # projects archived and deleted.
    version = 2
    tables = {  # noqa: RUF012
        "members": "id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, version INTEGER NOT NULL, "
        "name TEXT NOT NULL, email TEXT NOT NULL, role TEXT NOT NULL, hourly_rate TEXT",
        "clients": "id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, version INTEGER NOT NULL, "
        "name TEXT NOT NULL, email TEXT, address TEXT NOT NULL, currency TEXT, vat_id TEXT, country TEXT, "
        "city TEXT, postal_code TEXT, cc_emails TEXT NOT NULL, archived INTEGER NOT NULL, "
        "deleted INTEGER NOT NULL",
        "projects": "id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, version INTEGER NOT NULL, "
        "client_id TEXT, name TEXT NOT NULL, billable INTEGER NOT NULL, hourly_rate TEXT, "
        "archived INTEGER NOT NULL, deleted INTEGER NOT NULL",
        "categories": "id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, version INTEGER NOT NULL, "
        "name TEXT NOT NULL, unit TEXT, unit_price TEXT, archived INTEGER NOT NULL",
    }
    indexes = tuple(
        f"CREATE INDEX IF NOT EXISTS rm_{{model}}_{t}_ws_g{{g}} ON {{{t}}} (workspace_id, name)"
        for t in ("members", "clients", "projects", "categories")
    )

    @handles(Member.MemberAdded)
    def member_added(self, e: Member.MemberAdded) -> list[Change]:
        return _created("members", e, name=e.name, email=e.email, role=e.role, hourly_rate=e.hourly_rate)

    member_edited = handles(Member.Edited)(_edited("members"))

    @handles(Client.ClientCreated)
    def client_created(self, e: Client.ClientCreated) -> list[Change]:
        return _created(
            "clients",
            e,
            name=e.name,
            email=e.email,
            address=e.address,
            currency=e.currency,
            vat_id=e.vat_id,
            country=e.country,
            city=e.city,
            postal_code=e.postal_code,
            cc_emails=_emails(e.cc_emails),
            archived=False,
            deleted=False,
        )

    client_edited = handles(Client.Edited)(_edited("clients", CLIENT_COLUMNS))
    client_deleted = handles(Client.ClientDeleted)(_versioned("clients", deleted=True))

    @handles(Project.ProjectCreated)
    def project_created(self, e: Project.ProjectCreated) -> list[Change]:
        return _created(
            "projects",
            e,
            client_id=e.client_id,
            name=e.name,
            billable=e.billable,
            hourly_rate=e.hourly_rate,
            archived=False,
            deleted=False,
        )

    project_edited = handles(Project.Edited)(_edited("projects"))
    # Member rates are not listed, but they make a new version of the project.
    member_rate_set = handles(Project.MemberRateSet)(_versioned("projects"))
    project_deleted = handles(Project.ProjectDeleted)(_versioned("projects", deleted=True))

    @handles(ExpenseCategory.ExpenseCategoryCreated)
    def category_created(self, e: ExpenseCategory.ExpenseCategoryCreated) -> list[Change]:
        return _created("categories", e, name=e.name, unit=e.unit, unit_price=e.unit_price, archived=False)

    category_edited = handles(ExpenseCategory.Edited)(_edited("categories"))


# The aggregates whose every event the directory follows (each one brings a new version).
AGGREGATES: tuple[type[Aggregate], ...] = (Member, Client, Project, ExpenseCategory)


class MemberRow(Row):
    id: UUID
    version: int
    name: str
    email: str
    role: Role
    hourly_rate: MoneyOut | None


class ClientRow(Row):
    id: UUID
    version: int
    name: str
    email: str | None
    address: str
    currency: str | None
    vat_id: str | None
    country: str | None
    city: str | None
    postal_code: str | None
    cc_emails: list[str]
    archived: bool


class ProjectRow(Row):
    """A project as lists show it; its per-member rates are on the project itself."""

    id: UUID
    version: int
    client_id: UUID | None
    name: str
    billable: bool
    hourly_rate: MoneyOut | None
    archived: bool


class CategoryRow(Row):
    id: UUID
    version: int
    name: str
    unit: str | None
    unit_price: MoneyOut | None
    archived: bool


def _client(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "cc_emails": json.loads(row["cc_emails"])}


class DirectoryQueries(Queries):
    """The directory lists, by name: members, clients, projects and categories."""

    reads = ("directory",)

    def _list(
        self,
        table: str,
        row_type: type[R],
        where: Conditions,
        page: int,
        page_size: int,
        convert: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    ) -> Page[R]:
        columns = list(row_type.model_fields)

        def read(tables: dict[str, str]) -> Page[R]:
            select = f"SELECT {', '.join(columns)} FROM {tables[table]}"
            rows = [
                dict(zip(columns, values, strict=True))
                for values in page_of(self.store, select, where, "name, id", page, page_size)
            ]
            items = [row_type.model_validate(convert(row) if convert else row) for row in rows]
            total = count(self.store, tables[table], where)
            return Page[row_type](items=items, total=total, page=page, page_size=page_size)  # type: ignore[valid-type]

        return self._read(read)

    @staticmethod
    def _visible(workspace_id: UUID, archived: bool, deletable: bool) -> Conditions:
        where = Conditions("workspace_id = ?", workspace_id)
        if deletable:
            where.add("deleted = 0")
        if not archived:
            where.add("archived = 0")
        return where

    def members(self, workspace_id: UUID, page: int, page_size: int) -> Page[MemberRow]:
        """Every member of the workspace."""
        return self._list("members", MemberRow, Conditions("workspace_id = ?", workspace_id), page, page_size)

    def clients(
        self, workspace_id: UUID, page: int, page_size: int, archived: bool = False
    ) -> Page[ClientRow]:
        """Clients not deleted; archived ones too with `archived`."""
        where = self._visible(workspace_id, archived, deletable=True)
        return self._list("clients", ClientRow, where, page, page_size, _client)

    def projects(
        self, workspace_id: UUID, page: int, page_size: int, archived: bool = False
    ) -> Page[ProjectRow]:
        """Projects not deleted; archived ones too with `archived`."""
        where = self._visible(workspace_id, archived, deletable=True)
        return self._list("projects", ProjectRow, where, page, page_size)

    def categories(
        self, workspace_id: UUID, page: int, page_size: int, archived: bool = False
    ) -> Page[CategoryRow]:
        """Expense categories; archived ones too with `archived`."""
        where = self._visible(workspace_id, archived, deletable=False)
        return self._list("categories", CategoryRow, where, page, page_size)
