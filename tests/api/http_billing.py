"""An e-invoicing workspace over HTTP: a seller with a VAT id and IBAN, a buyer in another country,
and sent invoices of time, expenses (with and without a unit) and a manual line."""

from typing import Any

from http_world import OCTOBER, Workspace, created

COMPANY = {
    "name": "Studio Nord GmbH",
    "address": "Hafenstraße 12\n2. OG",
    "email": "billing@studio-nord.example",
    "vat_id": "DE123456789",
    "registration_id": "HRB 12345",
    "country": "DE",
    "city": "Hamburg",
    "postal_code": "20457",
    "iban": "DE89370400440532013000",
    "bic": "COBADEFFXXX",
}
EXEMPTION = "Exempt under Article 132(1)(i) of Council Directive 2006/112/EC"
CLIENT = {
    "name": "Atelier Sud SARL",
    "email": "compta@atelier-sud.example",
    "address": "3 rue de la Paix",
    "city": "Marseille",
    "postal_code": "13001",
    "country": "FR",
    "vat_id": "FR12345678901",
}


def seller(ws: Workspace, **settings: Any) -> None:
    """The company billing, and the reason its lines at 0 % are exempt."""
    body = {"company": COMPANY, "vat_exemption_reason": EXEMPTION, **settings}
    created(ws.patch("/settings", body), 200)


def sent_invoice(ws: Workspace, client: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """Two entries (3 h and 2 h at 100.00), 42.5 km at 0.30, a 89.90 train ticket and a 150.00 setup
    line, on an invoice sent to a client abroad; `fields` are the invoice's (tax, discount ...)."""
    client_id = created(ws.post("/clients", client or CLIENT))["id"]
    project = ws.project(client_id)
    ws.log(project, "2026-10-05", 3)
    ws.log(project, "2026-10-06", 2)
    km, travel = ws.category("Mileage", "km", "0.30"), ws.category("Travel")
    body = {"project_id": project, "category_id": km, "date": "2026-10-07", "quantity": "42.5"}
    created(ws.post("/expenses", body))
    ws.expense(project, travel, "89.90", day="2026-10-08")
    invoice_id = ws.invoice(client_id, **fields)
    created(ws.post(f"/invoices/{invoice_id}/imports", {**OCTOBER, "include_expenses": True}))
    ws.line(invoice_id, "Setup", "150.00")
    return created(ws.post(f"/invoices/{invoice_id}/send"), 200)  # type: ignore[no-any-return]


def credit(ws: Workspace, invoice_id: str, body: dict[str, Any], status: int = 201) -> Any:
    return created(ws.post(f"/invoices/{invoice_id}/credit-notes", {"reason": "Correction", **body}), status)
