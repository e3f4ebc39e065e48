"""Members, clients, projects and expense categories over HTTP (SPEC §2, §10)."""

from http_world import Workspace, created, problem_type


def test_adding_a_member_shows_their_api_key_once_and_it_works(ws: Workspace) -> None:
    member = ws.member("Mia", role="member", rate="80.00")

    assert {k: member[k] for k in ("name", "email", "role", "hourly_rate")} == {
        "name": "Mia",
        "email": "mia@example.com",
        "role": "member",
        "hourly_rate": "80.00",
    }
    assert created(ws.get(f"/members/{member['id']}", key=member["api_key"]), 200)["name"] == "Mia"
    assert "api_key" not in created(ws.get(f"/members/{member['id']}"), 200)


def test_members_are_listed_in_pages(ws: Workspace) -> None:
    for name in ("Ann", "Bob", "Cid"):
        ws.member(name)

    page = created(ws.get("/members", params={"page": 2, "page_size": 3}), 200)

    assert (page["total"], page["page"], page["page_size"], len(page["items"])) == (4, 2, 3, 1)


def test_editing_a_member_changes_their_role(ws: Workspace) -> None:
    member = ws.member("Mia")

    edited = created(ws.patch(f"/members/{member['id']}", {"role": "admin"}), 200)

    assert (edited["role"], edited["version"]) == ("admin", 2)


def test_a_client_is_created_read_listed_and_edited(ws: Workspace) -> None:
    client = created(ws.post("/clients", {"name": "Globex", "address": "1 Main St", "currency": "USD"}))

    edited = created(ws.patch(f"/clients/{client['id']}", {"email": "ap@globex.example"}), 200)

    assert (edited["name"], edited["email"], edited["currency"], edited["version"]) == (
        "Globex",
        "ap@globex.example",
        "USD",
        2,
    )
    assert created(ws.get(f"/clients/{client['id']}"), 200) == edited
    assert [row["name"] for row in created(ws.get("/clients"), 200)["items"]] == ["Globex"]


def test_a_client_with_a_bad_currency_is_refused(ws: Workspace) -> None:
    response = ws.post("/clients", {"name": "Globex", "currency": "usd"})

    assert (response.status_code, problem_type(response)) == (422, "/problems/validation-error")
    assert list(response.json()["errors"]) == ["body.currency"]


def test_a_project_gets_a_member_rate_override(ws: Workspace) -> None:
    project_id = ws.project(ws.client(), rate="100.00")
    member = ws.member("Mia")

    project = created(
        ws.put(f"/projects/{project_id}/members/{member['id']}/hourly-rate", {"amount": "120.00"}), 200
    )

    assert project["member_rates"] == {member["id"]: "120.00"}
    entry = created(ws.get(f"/time-entries/{ws.log(project_id, key=member['api_key'])}"), 200)
    assert entry["hourly_rate"] == "120.00"


def test_a_project_of_an_unknown_client_is_refused(ws: Workspace) -> None:
    response = ws.post("/projects", {"name": "Website", "client_id": "00000000-0000-4000-8000-000000000000"})

    assert response.status_code == 422
    assert response.json()["errors"] == {"body.client_id": "no such client in this workspace"}


def test_projects_are_read_listed_and_edited(ws: Workspace) -> None:
    project_id = ws.project(ws.client())

    edited = created(ws.patch(f"/projects/{project_id}", {"billable": False, "hourly_rate": "75.00"}), 200)

    assert (edited["billable"], edited["hourly_rate"]) == (False, "75.00")
    assert created(ws.get(f"/projects/{project_id}"), 200) == edited
    rows = created(ws.get("/projects"), 200)["items"]
    assert [(r["id"], r["billable"], r["hourly_rate"]) for r in rows] == [(project_id, False, "75.00")]


def test_a_category_is_read_with_its_unit_price(ws: Workspace) -> None:
    category_id = ws.category("Mileage", unit="km", unit_price="0.30")

    response = ws.get(f"/expense-categories/{category_id}")

    body = created(response, 200)
    assert (body["name"], body["unit"], body["unit_price"], body["archived"]) == (
        "Mileage",
        "km",
        "0.30",
        False,
    )
    assert response.headers["ETag"] == '"1"'


def test_a_category_with_a_unit_needs_a_unit_price(ws: Workspace) -> None:
    response = ws.post("/expense-categories", {"name": "Mileage", "unit": "km"})

    assert response.status_code == 422
    assert response.json()["errors"] == {"body.unit_price": "required when the category has a unit"}


def test_an_archived_category_takes_no_new_expenses(ws: Workspace) -> None:
    category_id = ws.category("Travel")
    project_id = ws.project(ws.client())

    archived = created(ws.patch(f"/expense-categories/{category_id}", {"archived": True}), 200)
    response = ws.post(
        "/expenses",
        {"project_id": project_id, "category_id": category_id, "date": "2026-10-10", "amount": "20.00"},
    )

    assert archived["archived"] is True
    assert (response.status_code, problem_type(response)) == (422, "/problems/archived")
    assert created(ws.get("/expense-categories"), 200)["items"] == []
    listed = created(ws.get("/expense-categories", params={"archived": "true"}), 200)["items"]
    assert [(c["id"], c["archived"]) for c in listed] == [(category_id, True)]
