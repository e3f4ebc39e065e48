"""The directory lists: members, clients, projects and categories, by name, following edits."""

from decimal import Decimal

from ledger.access import Role
from ledger.application import Ledger
from projections import ReadModels
from support.world import given_world


def test_members_are_listed_by_name_with_their_role_and_rate(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    mia = world.member("Mia", Role.ADMIN, rate="80.00")
    ledger.edit_member(world.owner, mia.member_id, {"hourly_rate": Decimal("85.00")})
    read_models.catch_up()

    result = read_models.members(world.owner.workspace_id)

    assert [(m["name"], m["email"], m["role"], m["hourly_rate"]) for m in result["items"]] == [
        ("Mia", "mia@example.com", "admin", "85.00"),
        ("Olga Owner", "olga@example.com", "owner", None),
    ]
    assert result["total"] == 2


def test_clients_projects_and_categories_follow_their_edits(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    globex = world.client("Globex", currency="USD")
    initech = world.client("Acme")
    world.project(globex, "Website", rate="120.00")
    internal = world.project(None, "Internal", billable=False)
    travel = world.category("Travel")
    world.category("Mileage", "km", "0.30")
    ledger.edit_client(world.owner, initech, {"name": "Zenith"})
    ledger.edit_project(world.owner, internal, {"name": "Admin"})
    ledger.edit_category(world.owner, travel, {"archived": True})
    read_models.catch_up()
    workspace = world.owner.workspace_id

    clients = read_models.clients(workspace)["items"]
    projects = read_models.projects(workspace)["items"]
    categories = read_models.categories(workspace)["items"]

    assert [(c["name"], c["currency"]) for c in clients] == [("Globex", "USD"), ("Zenith", None)]
    assert [(p["name"], p["client_id"], p["billable"], p["hourly_rate"]) for p in projects] == [
        ("Admin", None, False, None),
        ("Website", str(globex), True, "120.00"),
    ]
    assert [(c["name"], c["unit"], c["unit_price"], c["archived"]) for c in categories] == [
        ("Mileage", "km", "0.30", False),
        ("Travel", None, None, True),
    ]


def test_a_directory_page_counts_every_entry(ledger: Ledger, read_models: ReadModels) -> None:
    world = given_world(ledger)
    for name in ("Delta", "Alpha", "Echo", "Bravo", "Charlie"):
        world.client(name)
    read_models.catch_up()

    result = read_models.clients(world.owner.workspace_id, page=2, page_size=2)

    assert [c["name"] for c in result["items"]] == ["Charlie", "Delta"]
    assert (result["total"], result["page"], result["page_size"]) == (5, 2, 2)
