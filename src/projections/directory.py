"""Read model of the directory: members, clients, projects and categories, for lists and names."""

from typing import Any

from ledger.category import ExpenseCategory
from ledger.client import Client
from ledger.member import Member
from ledger.project import Project
from projections.readmodel import Change, ReadModel, handles, insert, update

COLUMNS = {
    "members": {"name", "email", "role", "hourly_rate"},
    "clients": {"name", "email", "address", "currency"},
    "projects": {"client_id", "name", "billable", "hourly_rate"},
    "categories": {"name", "unit", "unit_price", "archived"},
}


class Directory(ReadModel):
    name = "directory"
    tables = {  # noqa: RUF012
        "members": "id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, name TEXT NOT NULL, "
        "email TEXT NOT NULL, role TEXT NOT NULL, hourly_rate TEXT",
        "clients": "id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, name TEXT NOT NULL, "
        "email TEXT NOT NULL, address TEXT NOT NULL, currency TEXT",
        "projects": "id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, client_id TEXT, name TEXT NOT NULL, "
        "billable INTEGER NOT NULL, hourly_rate TEXT",
        "categories": "id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, name TEXT NOT NULL, unit TEXT, "
        "unit_price TEXT, archived INTEGER NOT NULL",
    }
    indexes = tuple(
        f"CREATE INDEX IF NOT EXISTS rm_{{model}}_{t}_ws_g{{g}} ON {{{t}}} (workspace_id, name)"
        for t in COLUMNS
    )

    @staticmethod
    def _edited(table: str, event: Any) -> list[Change]:
        changed = {k: v for k, v in event.changes.items() if k in COLUMNS[table]}
        return update(table, event.originator_id, changed)

    @handles(Member.MemberAdded)
    def member_added(self, e: Member.MemberAdded) -> list[Change]:
        return [
            insert(
                "members",
                {
                    "id": e.originator_id,
                    "workspace_id": e.workspace_id,
                    "name": e.name,
                    "email": e.email,
                    "role": e.role,
                    "hourly_rate": e.hourly_rate,
                },
            )
        ]

    @handles(Member.Edited)
    def member_edited(self, e: Member.Edited) -> list[Change]:
        return self._edited("members", e)

    @handles(Client.ClientCreated)
    def client_created(self, e: Client.ClientCreated) -> list[Change]:
        return [
            insert(
                "clients",
                {
                    "id": e.originator_id,
                    "workspace_id": e.workspace_id,
                    "name": e.name,
                    "email": e.email,
                    "address": e.address,
                    "currency": e.currency,
                },
            )
        ]

    @handles(Client.Edited)
    def client_edited(self, e: Client.Edited) -> list[Change]:
        return self._edited("clients", e)

    @handles(Project.ProjectCreated)
    def project_created(self, e: Project.ProjectCreated) -> list[Change]:
        return [
            insert(
                "projects",
                {
                    "id": e.originator_id,
                    "workspace_id": e.workspace_id,
                    "client_id": e.client_id,
                    "name": e.name,
                    "billable": e.billable,
                    "hourly_rate": e.hourly_rate,
                },
            )
        ]

    @handles(Project.Edited)
    def project_edited(self, e: Project.Edited) -> list[Change]:
        return self._edited("projects", e)

    @handles(ExpenseCategory.ExpenseCategoryCreated)
    def category_created(self, e: ExpenseCategory.ExpenseCategoryCreated) -> list[Change]:
        return [
            insert(
                "categories",
                {
                    "id": e.originator_id,
                    "workspace_id": e.workspace_id,
                    "name": e.name,
                    "unit": e.unit,
                    "unit_price": e.unit_price,
                    "archived": False,
                },
            )
        ]

    @handles(ExpenseCategory.Edited)
    def category_edited(self, e: ExpenseCategory.Edited) -> list[Change]:
        return self._edited("categories", e)
