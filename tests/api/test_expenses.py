"""Expenses over HTTP (SPEC §3, §7)."""

from http_world import Workspace, created, problem_type


def test_an_expense_in_a_unit_category_is_priced_by_quantity(ws: Workspace) -> None:
    project_id = ws.project(ws.client())
    category_id = ws.category("Mileage", unit="km", unit_price="0.30")

    expense = created(
        ws.post(
            "/expenses",
            {"project_id": project_id, "category_id": category_id, "date": "2026-10-10", "quantity": "42.5"},
        )
    )

    assert {k: expense[k] for k in ("unit", "quantity", "unit_price", "amount", "member_id")} == {
        "unit": "km",
        "quantity": "42.5000",
        "unit_price": "0.30",
        "amount": "12.75",
        "member_id": ws.owner_id,
    }


def test_an_expense_without_a_unit_needs_an_amount(ws: Workspace) -> None:
    project_id = ws.project(ws.client())

    response = ws.post(
        "/expenses", {"project_id": project_id, "category_id": ws.category(), "date": "2026-10-10"}
    )

    assert (response.status_code, problem_type(response)) == (422, "/problems/validation-error")
    assert response.json()["errors"] == {"body.amount": "required for a category without a unit"}


def test_money_sent_as_a_json_number_is_refused(ws: Workspace) -> None:
    project_id = ws.project(ws.client())

    response = ws.post(
        "/expenses",
        {"project_id": project_id, "category_id": ws.category(), "date": "2026-10-10", "amount": 19.99},
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["body.amount"]


def test_editing_an_expense_prices_it_again(ws: Workspace) -> None:
    expense_id = ws.expense(ws.project(ws.client()), ws.category(), amount="25.00")

    expense = created(ws.patch(f"/expenses/{expense_id}", {"amount": "30.00", "note": "Taxi"}), 200)

    assert (expense["amount"], expense["note"], expense["version"]) == ("30.00", "Taxi", 2)


def test_an_expense_is_approved_deleted_and_its_history_kept(ws: Workspace) -> None:
    expense_id = ws.expense(ws.project(ws.client()), ws.category())
    created(ws.post(f"/expenses/{expense_id}/approve"), 200)
    created(ws.post(f"/expenses/{expense_id}/withdraw-approval"), 200)

    deleted = ws.delete(f"/expenses/{expense_id}")

    assert deleted.status_code == 204
    assert ws.get(f"/expenses/{expense_id}").status_code == 404
    history = created(ws.get(f"/expenses/{expense_id}/history"), 200)["items"]
    assert [e["type"] for e in history] == ["ExpenseRecorded", "Approved", "ApprovalWithdrawn", "Deleted"]


def test_expenses_are_marked_invoiced_by_hand(ws: Workspace) -> None:
    expense_id = ws.expense(ws.project(ws.client()), ws.category())

    body = created(ws.post("/expenses/invoiced", {"ids": [expense_id], "invoiced": True}), 200)

    assert [(e["id"], e["invoiced"], e["manually_invoiced"]) for e in body["items"]] == [
        (expense_id, True, True)
    ]


def test_expenses_are_listed_by_category(ws: Workspace) -> None:
    project_id = ws.project(ws.client())
    travel, meals = ws.category("Travel"), ws.category("Meals")
    ws.expense(project_id, travel)
    meal = ws.expense(project_id, meals, amount="12.00")

    page = created(ws.get("/expenses", params={"category_ids": meals}), 200)

    assert [(row["id"], row["amount"], row["category_name"]) for row in page["items"]] == [
        (meal, "12.00", "Meals")
    ]
