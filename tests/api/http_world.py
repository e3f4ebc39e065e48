"""A workspace driven over HTTP by its owner: factories and small assertions for API scenarios."""

from typing import Any

import httpx
from fastapi.testclient import TestClient

OCTOBER = {"date_from": "2026-10-01", "date_to": "2026-10-31"}


def created(response: httpx.Response, status: int = 201) -> Any:
    """The body of a response that must have succeeded with `status`."""
    assert response.status_code == status, response.text
    return response.json()


def problem_type(response: httpx.Response) -> str:
    assert response.headers["content-type"] == "application/problem+json", response.text
    return str(response.json()["type"])


class Workspace:
    """A workspace of its own; requests go with the owner's key unless another is given."""

    def __init__(self, http: TestClient, signup: dict[str, Any]) -> None:
        self.http = http
        self.id = signup["id"]
        self.owner_id = signup["owner_id"]
        self.key = signup["api_key"]

    def url(self, path: str = "") -> str:
        return f"/v1/workspaces/{self.id}{path}"

    def request(self, method: str, path: str, key: str | None = None, **kwargs: Any) -> httpx.Response:
        headers = {"X-Api-Key": key or self.key, **kwargs.pop("headers", {})}
        response: httpx.Response = self.http.request(method, self.url(path), headers=headers, **kwargs)
        return response

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, json=json, **kwargs)

    def patch(self, path: str, json: Any, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", path, json=json, **kwargs)

    def put(self, path: str, json: Any, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", path, json=json, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", path, **kwargs)

    # Factories: each must succeed.

    def member(self, name: str = "Mia", role: str = "member", rate: str | None = None) -> dict[str, Any]:
        body = {"name": name, "email": f"{name.lower()}@example.com", "role": role, "hourly_rate": rate}
        return created(self.post("/members", body))  # type: ignore[no-any-return]

    def client(self, name: str = "Globex", currency: str | None = None) -> str:
        return created(self.post("/clients", {"name": name, "currency": currency}))["id"]  # type: ignore[no-any-return]

    def project(self, client_id: str | None, name: str = "Website", rate: str | None = None) -> str:
        body = {"name": name, "client_id": client_id, "hourly_rate": rate}
        return created(self.post("/projects", body))["id"]  # type: ignore[no-any-return]

    def category(self, name: str = "Travel", unit: str | None = None, unit_price: str | None = None) -> str:
        body = {"name": name, "unit": unit, "unit_price": unit_price}
        return created(self.post("/expense-categories", body))["id"]  # type: ignore[no-any-return]

    def log(
        self, project_id: str, day: str = "2026-10-05", hours: int = 1, key: str | None = None, **fields: Any
    ) -> str:
        body = {
            "project_id": project_id,
            "start": f"{day}T09:00:00+00:00",
            "end": f"{day}T{9 + hours:02d}:00:00+00:00",
            "description": "work",
            **fields,
        }
        return created(self.post("/time-entries", body, key=key))["id"]  # type: ignore[no-any-return]

    def expense(
        self,
        project_id: str,
        category_id: str,
        amount: str = "25.00",
        day: str = "2026-10-10",
        key: str | None = None,
    ) -> str:
        body = {"project_id": project_id, "category_id": category_id, "date": day, "amount": amount}
        return created(self.post("/expenses", body, key=key))["id"]  # type: ignore[no-any-return]

    def invoice(self, client_id: str, **fields: Any) -> str:
        return created(self.post("/invoices", {"client_id": client_id, **fields}))["id"]  # type: ignore[no-any-return]

    def line(self, invoice_id: str, description: str = "Setup", unit_price: str = "10.00") -> str:
        """A manual line on a draft (an invoice is sent only with lines)."""
        body = {"description": description, "quantity": "1", "unit_price": unit_price}
        return created(self.post(f"/invoices/{invoice_id}/items", body))["id"]  # type: ignore[no-any-return]

    def billed(self, day: str = "2026-10-05", hours: int = 1) -> tuple[str, str, str]:
        """(client, invoice, entry): one entry imported into a draft of its client."""
        client_id = self.client()
        entry_id = self.log(self.project(client_id), day, hours)
        invoice_id = self.invoice(client_id)
        created(self.post(f"/invoices/{invoice_id}/imports", OCTOBER))
        return client_id, invoice_id, entry_id


def sign_up(http: TestClient, **fields: Any) -> Workspace:
    body = {
        "name": "Initech",
        "currency": "EUR",
        "timezone": "UTC",
        "hourly_rate": "100.00",
        "owner": {"name": "Olga Owner", "email": "olga@example.com"},
        **fields,
    }
    return Workspace(http, created(http.post("/v1/workspaces", json=body)))
