"""The directory lists: members, clients, projects and categories, by name, following edits;
archived ones only when asked for, deleted ones never, each row at its aggregate's version."""

from eventsourcing.domain import Aggregate

from ledger.access import Role
from ledger.application import Ledger
from ledger.commands import (
    ChangeCategory,
    ChangeClient,
    ChangeMember,
    ChangeProject,
    SetMemberRate,
)
from projections import ReadModels
from projections.directory import AGGREGATES, Directory
from projections.readmodel import Insert
from support.world import given_world


def test_members_are_listed_by_name_with_their_role_rate_and_version(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger)
    mia = world.member("Mia", Role.ADMIN, rate="80.00")
    ledger.edit_member(world.owner, mia.member_id, ChangeMember(hourly_rate="85"))
    read_models.catch_up()

    result = read_models.directory.members(world.owner.workspace_id, 1, 50)

    assert [m.model_dump(mode="json", exclude={"id"}) for m in result.items] == [
        {"version": 2, "name": "Mia", "email": "mia@example.com", "role": "admin", "hourly_rate": "85.00"},
        {
            "version": 1,
            "name": "Olga Owner",
            "email": "olga@example.com",
            "role": "owner",
            "hourly_rate": None,
        },
    ]
    assert [m.id for m in result.items] == [mia.member_id, world.owner.member_id]
    assert result.total == 2


def test_a_client_is_listed_with_its_address_tax_id_and_copied_addresses(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger)
    globex = world.client(
        "Globex",
        currency="USD",
        address="1 Main St",
        city="Springfield",
        postal_code="12345",
        country="US",
        vat_id="US-99",
        cc_emails=["ap@globex.example", "cfo@globex.example"],
    )
    read_models.catch_up()

    [row] = read_models.directory.clients(world.owner.workspace_id, 1, 50).items

    assert row.model_dump(mode="json") == {
        "id": str(globex),
        "version": 1,
        "name": "Globex",
        "email": None,
        "address": "1 Main St",
        "currency": "USD",
        "vat_id": "US-99",
        "country": "US",
        "city": "Springfield",
        "postal_code": "12345",
        "cc_emails": ["ap@globex.example", "cfo@globex.example"],
        "archived": False,
    }
    assert row.model_dump(mode="json") == ledger.get_client(world.owner, globex).model_dump(mode="json")


def test_clients_projects_and_categories_follow_their_edits(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    globex = world.client("Globex", currency="USD")
    acme = world.client("Acme")
    world.project(globex, "Website", rate="120")
    internal = world.project(None, "Internal", billable=False)
    travel = world.category("Travel")
    world.category("Mileage", "km", "0.3")
    ledger.edit_client(
        world.owner, acme, ChangeClient(name="Zenith", email="ap@zenith.example", cc_emails=[])
    )
    ledger.edit_project(world.owner, internal, ChangeProject(name="Admin", client_id=globex))
    ledger.edit_category(world.owner, travel, ChangeCategory(name="Trains", unit="trip", unit_price="45"))
    read_models.catch_up()
    workspace = world.owner.workspace_id

    clients = read_models.directory.clients(workspace, 1, 50).items
    projects = read_models.directory.projects(workspace, 1, 50).items
    categories = read_models.directory.categories(workspace, 1, 50).items

    assert [(c.name, c.email, c.currency, c.cc_emails) for c in clients] == [
        ("Globex", None, "USD", []),
        ("Zenith", "ap@zenith.example", None, []),
    ]
    assert [p.model_dump(mode="json", exclude={"id"}) for p in projects] == [
        {
            "version": 2,
            "client_id": str(globex),
            "name": "Admin",
            "billable": False,
            "hourly_rate": None,
            "archived": False,
        },
        {
            "version": 1,
            "client_id": str(globex),
            "name": "Website",
            "billable": True,
            "hourly_rate": "120.00",
            "archived": False,
        },
    ]
    assert [c.model_dump(mode="json", exclude={"id", "archived"}) for c in categories] == [
        {"version": 1, "name": "Mileage", "unit": "km", "unit_price": "0.30"},
        {"version": 2, "name": "Trains", "unit": "trip", "unit_price": "45.00"},
    ]


def test_archived_ones_are_hidden_unless_asked_for_and_then_listed_with_the_others(
    ledger: Ledger, read_models: ReadModels
) -> None:
    world = given_world(ledger)
    globex, initrode = world.client("Globex"), world.client("Initrode")
    website = world.project(globex, "Website")
    world.project(initrode, "App")
    meals = world.category("Meals")
    world.category("Travel")
    ledger.edit_client(world.owner, initrode, ChangeClient(archived=True))
    ledger.edit_project(world.owner, website, ChangeProject(archived=True))
    ledger.edit_category(world.owner, meals, ChangeCategory(archived=True))
    read_models.catch_up()
    directory, workspace = read_models.directory, world.owner.workspace_id

    def listed(archived: bool) -> dict[str, list[tuple[str, bool]]]:
        pages = {
            "clients": directory.clients(workspace, 1, 50, archived),
            "projects": directory.projects(workspace, 1, 50, archived),
            "categories": directory.categories(workspace, 1, 50, archived),
        }
        for page in pages.values():
            assert page.total == len(page.items)
        return {name: [(row.name, row.archived) for row in page.items] for name, page in pages.items()}

    assert listed(archived=False) == {
        "clients": [("Globex", False)],
        "projects": [("App", False)],
        "categories": [("Travel", False)],
    }
    assert listed(archived=True) == {
        "clients": [("Globex", False), ("Initrode", True)],
        "projects": [("App", False), ("Website", True)],
        "categories": [("Meals", True), ("Travel", False)],
    }


def test_unarchiving_lists_it_again(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    globex = world.client("Globex")
    ledger.edit_client(world.owner, globex, ChangeClient(archived=True))
    read_models.catch_up()
    hidden = read_models.directory.clients(world.owner.workspace_id, 1, 50).items

    ledger.edit_client(world.owner, globex, ChangeClient(archived=False))
    read_models.catch_up()

    [shown] = read_models.directory.clients(world.owner.workspace_id, 1, 50).items
    assert (hidden, shown.id, shown.archived, shown.version) == ([], globex, False, 3)


def test_deleted_clients_and_projects_are_never_listed(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    kept, gone = world.client("Globex"), world.client("Hooli")
    archived_then_deleted = world.client("Initrode")
    ledger.edit_client(world.owner, archived_then_deleted, ChangeClient(archived=True))
    project = world.project(kept, "Website")
    ledger.delete_client(world.owner, gone)
    ledger.delete_client(world.owner, archived_then_deleted)
    ledger.delete_project(world.owner, project)
    read_models.catch_up()
    directory, workspace = read_models.directory, world.owner.workspace_id

    for archived in (False, True):
        clients = directory.clients(workspace, 1, 50, archived)
        projects = directory.projects(workspace, 1, 50, archived)
        assert ([c.id for c in clients.items], clients.total) == ([kept], 1)
        assert (projects.items, projects.total) == ([], 0)


def test_each_row_is_at_the_version_of_its_aggregate(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    mia = world.member("Mia")
    client = world.client("Globex")
    project = world.project(client, "Website")
    category = world.category("Travel")
    owner = world.owner
    ledger.edit_client(owner, client, ChangeClient(city="Springfield"))
    ledger.edit_client(owner, client, ChangeClient(archived=True))
    ledger.set_project_member_rate(owner, project, mia.member_id, SetMemberRate(amount="140.00"))
    ledger.edit_project(owner, project, ChangeProject(name="Portal"))
    ledger.set_project_member_rate(owner, project, mia.member_id, SetMemberRate(amount=None))
    ledger.edit_category(owner, category, ChangeCategory(archived=True))
    ledger.edit_member(owner, mia.member_id, ChangeMember(role=Role.ADMIN))
    read_models.catch_up()
    directory, workspace = read_models.directory, owner.workspace_id

    listed = {
        "member": next(m.version for m in directory.members(workspace, 1, 50).items if m.id == mia.member_id),
        "client": directory.clients(workspace, 1, 50, archived=True).items[0].version,
        "project": directory.projects(workspace, 1, 50).items[0].version,
        "category": directory.categories(workspace, 1, 50, archived=True).items[0].version,
    }

    assert listed == {
        "member": ledger.get_member(owner, mia.member_id).version,
        "client": ledger.get_client(owner, client).version,
        "project": ledger.get_project(owner, project).version,
        "category": ledger.get_category(owner, category).version,
    }
    assert listed == {"member": 2, "client": 3, "project": 4, "category": 2}


def test_a_directory_page_counts_every_listed_entry(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    for name in ("Delta", "Alpha", "Echo", "Bravo", "Charlie", "Foxtrot"):
        world.client(name)
    ledger.delete_client(world.owner, world.client("Golf"))
    read_models.catch_up()

    result = read_models.directory.clients(world.owner.workspace_id, 2, 2)

    assert [c.name for c in result.items] == ["Charlie", "Delta"]
    assert (result.total, result.page, result.page_size) == (6, 2, 2)


def test_another_workspace_lists_none_of_them(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    world.project(world.client("Globex"), "Website")
    world.category("Travel")
    other = given_world(ledger)
    read_models.catch_up()
    directory, workspace = read_models.directory, other.owner.workspace_id

    assert [m.name for m in directory.members(workspace, 1, 50).items] == ["Olga Owner"]
    assert directory.clients(workspace, 1, 50, archived=True).total == 0
    assert directory.projects(workspace, 1, 50, archived=True).total == 0
    assert directory.categories(workspace, 1, 50, archived=True).total == 0


# The pure function behind the rows.


def test_every_event_of_a_directory_aggregate_is_followed_so_no_version_is_missed() -> None:
    events = {
        event
        for aggregate in AGGREGATES
        for name, event in vars(aggregate).items()
        if isinstance(event, type) and issubclass(event, Aggregate.Event) and name not in ("Event", "Created")
    }

    assert len(events) == 11
    assert events <= set(Directory._handlers)


def test_a_member_added_implies_one_insert_at_version_1(ledger: Ledger) -> None:
    world = given_world(ledger)
    mia = world.member("Mia")
    [added] = ledger.events.get(mia.member_id)

    [change] = Directory().changes(added)

    assert isinstance(change, Insert) and change.table == "members"
    assert (
        change.row_id,
        change.values["workspace_id"],
        change.values["name"],
        change.values["version"],
    ) == (
        mia.member_id,
        world.owner.workspace_id,
        "Mia",
        1,
    )
