"""Invoice e-mails over HTTP (SPEC §14): queued with 202, delivered by the in-process worker, listed."""

import email
import io
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from http_world import Workspace, created, problem_type, sign_up
from pypdf import PdfReader

from api.app import create_app
from ledger.config import Settings
from outbox.transport import eml_filename
from support.eventually import eventually
from support.smtp_server import SmtpServer, running_smtp_server


@pytest.fixture
def outbox_dir(tmp_path: Path) -> Path:
    return tmp_path / "outbox"


@pytest.fixture
def app(settings: Settings, outbox_dir: Path) -> FastAPI:
    """The app with no SMTP server configured: e-mails become .eml files (the embedded default)."""
    return create_app(settings.model_copy(update={"outbox_dir": outbox_dir}))


def invoice_to_mail(ws: Workspace) -> tuple[str, str]:
    """(client, invoice): a client with an e-mail and one cc, a draft with one line."""
    body = {"name": "Globex", "email": "ap@globex.example", "cc_emails": ["controller@globex.example"]}
    client_id = created(ws.post("/clients", body))["id"]
    invoice_id = ws.invoice(client_id)
    ws.line(invoice_id, unit_price="250.00")
    return client_id, invoice_id


def emails(ws: Workspace, invoice_id: str, key: str | None = None) -> list[dict[str, Any]]:
    return created(ws.get(f"/invoices/{invoice_id}/emails", key=key), 200)["items"]  # type: ignore[no-any-return]


def delivered(ws: Workspace, invoice_id: str) -> list[dict[str, Any]]:
    eventually(lambda: all(e["status"] == "delivered" for e in emails(ws, invoice_id)))
    return emails(ws, invoice_id)


def test_an_email_is_queued_with_202_and_delivered_as_an_eml_file_without_an_smtp_server(
    ws: Workspace, outbox_dir: Path
) -> None:
    _, invoice_id = invoice_to_mail(ws)
    number = created(ws.get(f"/invoices/{invoice_id}"), 200)["number"]

    queued = created(ws.post(f"/invoices/{invoice_id}/emails", {"send_me_a_copy": True}), 202)

    assert {k: queued[k] for k in ("status", "to", "cc", "bcc", "subject", "attempts")} == {
        "status": "queued",
        "to": ["ap@globex.example"],
        "cc": ["controller@globex.example"],
        "bcc": ["olga@example.com"],
        "subject": f"Invoice {number} from Initech",
        "attempts": 0,
    }
    assert queued["created_at"]
    [listed] = delivered(ws, invoice_id)
    assert (listed["id"], listed["attempts"]) == (queued["id"], 1)
    assert listed["message_id"] == f"<{queued['id']}@example.com>"
    assert created(ws.get(f"/invoices/{invoice_id}"), 200)["status"] == "sent"
    eml = outbox_dir / eml_filename(listed["message_id"])
    message = email.message_from_bytes(eml.read_bytes(), _class=EmailMessage, policy=default)
    assert (message["Message-ID"], str(message["Bcc"])) == (listed["message_id"], "olga@example.com")
    [pdf] = list(message.iter_attachments())
    assert number in PdfReader(io.BytesIO(pdf.get_content())).pages[0].extract_text()
    history = created(ws.get(f"/invoices/{invoice_id}/history"), 200)["items"]
    assert [event["type"] for event in history][-3:] == ["InvoiceSent", "EmailQueued", "EmailDelivered"]
    assert history[-1]["data"]["message_id"] == listed["message_id"]


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    with running_smtp_server() as server:
        yield server


def test_with_an_smtp_url_the_email_goes_to_that_server(
    settings: Settings, outbox_dir: Path, smtp_server: SmtpServer
) -> None:
    configured = settings.model_copy(update={"outbox_dir": outbox_dir, "smtp_url": smtp_server.url()})
    with TestClient(create_app(configured)) as http:
        ws = sign_up(http)
        _, invoice_id = invoice_to_mail(ws)
        body = {"to": ["boss@globex.example"], "cc": [], "subject": "Your invoice", "body": "Attached."}
        queued = created(ws.post(f"/invoices/{invoice_id}/emails", body), 202)
        [listed] = delivered(ws, invoice_id)

    [received] = smtp_server.received
    assert received.rcpt_tos == ("boss@globex.example",)
    assert (str(received.message["Subject"]), received.message["Message-ID"]) == (
        "Your invoice",
        listed["message_id"],
    )
    assert listed["id"] == queued["id"]
    assert not outbox_dir.exists()


def test_settings_carry_the_email_templates_and_refuse_an_unknown_placeholder(ws: Workspace) -> None:
    changes = {"email": {"subject_template": "Rechnung {invoice_number}", "from_name": "Initech Billing"}}

    changed = created(ws.patch("/settings", changes), 200)
    refused = ws.patch("/settings", {"email": {"body_template": "Dear {customer}"}})

    assert changed["email"]["subject_template"] == "Rechnung {invoice_number}"
    assert changed["email"]["from_name"] == "Initech Billing"
    assert changed["email"]["body_template"].startswith("Hello {client_name},")
    assert refused.status_code == 422
    assert "unknown placeholder {customer}" in refused.json()["errors"]["body.email.body_template"]


def test_an_invoice_whose_client_has_no_email_is_422_no_recipient(ws: Workspace) -> None:
    invoice_id = ws.invoice(ws.client())
    ws.line(invoice_id)

    response = ws.post(f"/invoices/{invoice_id}/emails")

    assert response.status_code == 422
    assert problem_type(response) == "/problems/no-recipient"
    assert created(ws.get(f"/invoices/{invoice_id}"), 200)["status"] == "unsent"


def test_a_void_invoice_is_409_invalid_status(ws: Workspace) -> None:
    _, invoice_id = invoice_to_mail(ws)
    created(ws.post(f"/invoices/{invoice_id}/void", {"reason": "wrong client"}), 200)

    response = ws.post(f"/invoices/{invoice_id}/emails")

    assert response.status_code == 409
    assert problem_type(response) == "/problems/invalid-status"


def test_addresses_and_subject_are_checked_at_queue_time(ws: Workspace) -> None:
    _, invoice_id = invoice_to_mail(ws)

    response = ws.post(
        f"/invoices/{invoice_id}/emails", {"to": ["not-an-address"], "subject": "Two\nlines", "cc": "x"}
    )

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"body.to.0", "body.subject", "body.cc"}
    assert emails(ws, invoice_id) == []


def test_only_owners_and_admins_queue_and_members_do_not_read_emails(ws: Workspace) -> None:
    _, invoice_id = invoice_to_mail(ws)
    admin, member, auditor = ws.member("Ada", "admin"), ws.member("Mia"), ws.member("Aud", "auditor")

    by_admin = ws.post(f"/invoices/{invoice_id}/emails", key=admin["api_key"])
    by_member = ws.post(f"/invoices/{invoice_id}/emails", key=member["api_key"])
    by_auditor = ws.post(f"/invoices/{invoice_id}/emails", key=auditor["api_key"])

    assert (by_admin.status_code, by_member.status_code, by_auditor.status_code) == (202, 403, 403)
    assert len(emails(ws, invoice_id, key=auditor["api_key"])) == 1
    assert ws.get(f"/invoices/{invoice_id}/emails", key=member["api_key"]).status_code == 403


def test_an_unknown_invoice_has_no_emails_to_list_or_queue(ws: Workspace) -> None:
    missing = "00000000-0000-4000-8000-000000000000"

    assert ws.get(f"/invoices/{missing}/emails").status_code == 404
    assert ws.post(f"/invoices/{missing}/emails").status_code == 404


def test_a_retried_post_with_the_same_idempotency_key_queues_one_email(ws: Workspace) -> None:
    _, invoice_id = invoice_to_mail(ws)
    headers = {"Idempotency-Key": "mail-once"}

    first = ws.post(f"/invoices/{invoice_id}/emails", {"subject": "Hi"}, headers=headers)
    again = ws.post(f"/invoices/{invoice_id}/emails", {"subject": "Hi"}, headers=headers)

    assert (first.status_code, again.status_code) == (202, 202)
    assert first.json() == again.json()
    assert [e["id"] for e in emails(ws, invoice_id)] == [first.json()["id"]]


def test_metrics_show_the_outbox(ws: Workspace) -> None:
    _, invoice_id = invoice_to_mail(ws)
    created(ws.post(f"/invoices/{invoice_id}/emails"), 202)
    delivered(ws, invoice_id)

    text = ws.http.get("/metrics").text

    assert 'ledger_outbox_emails{status="delivered"} 1.0' in text
    assert 'ledger_outbox_emails{status="queued"} 0.0' in text
    assert 'ledger_outbox_attempts_total{outcome="delivered"} 1.0' in text
    assert "ledger_outbox_lag 0.0" in text
    assert "ledger_outbox_worker_active 1.0" in text
