"""Documents over HTTP (SPEC §10, §13): the PDF with its ETag, the logo, duplicates, settings."""

import httpx
from fastapi.testclient import TestClient
from http_world import Workspace, created, problem_type

from documents.pdf.service import InvoicePdfs
from ledger.logo import MAX_LOGO_BYTES
from support.images import SVG_LOGO, tiny_png
from support.pdfs import pdf_text


def put_logo(ws: Workspace, content: bytes, content_type: str, key: str | None = None) -> httpx.Response:
    return ws.request(
        "PUT", "/settings/logo", key=key, content=content, headers={"Content-Type": content_type}
    )


def a_draft_with_a_line(ws: Workspace) -> str:
    invoice = ws.invoice(ws.client("Globex"))
    ws.line(invoice, "Hosting", "49.00")
    return invoice


def test_the_pdf_is_the_invoice_with_an_etag_and_a_file_name(ws: Workspace) -> None:
    invoice = a_draft_with_a_line(ws)

    response = ws.get(f"/invoices/{invoice}/pdf")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'inline; filename="INV-0001.pdf"'
    assert response.headers["etag"].startswith('"pdf-')
    text = pdf_text(response.content)
    assert "Invoice INV-0001" in text and "Hosting" in text and "DRAFT" in text


def test_the_same_pdf_asked_again_with_its_etag_is_not_modified(ws: Workspace) -> None:
    invoice = a_draft_with_a_line(ws)
    etag = ws.get(f"/invoices/{invoice}/pdf").headers["etag"]

    again = ws.get(f"/invoices/{invoice}/pdf", headers={"If-None-Match": etag})

    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)


def test_the_etag_changes_with_the_invoice_its_client_and_the_settings(ws: Workspace) -> None:
    invoice = a_draft_with_a_line(ws)
    client = ws.get(f"/invoices/{invoice}").json()["client_id"]
    tags = [ws.get(f"/invoices/{invoice}/pdf").headers["etag"]]
    for change in (
        lambda: ws.line(invoice, "Support", "20.00"),
        lambda: created(ws.patch(f"/clients/{client}", {"city": "Springfield"}), 200),
        lambda: created(ws.patch("/settings", {"locale": "de_DE"}), 200),
        lambda: put_logo(ws, SVG_LOGO, "image/svg+xml"),
    ):
        change()
        tags.append(ws.get(f"/invoices/{invoice}/pdf").headers["etag"])

    assert len(set(tags)) == 5
    assert ws.get(f"/invoices/{invoice}/pdf", headers={"If-None-Match": tags[0]}).status_code == 200


def test_creating_another_invoice_leaves_the_pdfs_etag_alone(ws: Workspace) -> None:
    invoice = a_draft_with_a_line(ws)
    etag = ws.get(f"/invoices/{invoice}/pdf").headers["etag"]

    ws.invoice(ws.client("Initrode"))  # the workspace moves on (a number is allocated)

    assert ws.get(f"/invoices/{invoice}/pdf", headers={"If-None-Match": etag}).status_code == 304


def test_sending_an_invoice_renders_its_pdf_ahead_of_the_first_request(
    http: TestClient, ws: Workspace
) -> None:
    invoice = a_draft_with_a_line(ws)
    pdfs: InvoicePdfs = http.app.state.pdfs  # type: ignore[attr-defined]

    created(ws.post(f"/invoices/{invoice}/send"), 200)

    etag = ws.get(f"/invoices/{invoice}/pdf", headers={"If-None-Match": '"other"'}).headers["etag"]
    assert etag in pdfs.cache
    assert len(pdfs.cache._entries) == 1


def test_a_deleted_invoice_has_no_pdf(ws: Workspace) -> None:
    invoice = a_draft_with_a_line(ws)
    ws.get(f"/invoices/{invoice}/pdf")
    ws.delete(f"/invoices/{invoice}")

    response = ws.get(f"/invoices/{invoice}/pdf")

    assert (response.status_code, problem_type(response)) == (404, "/problems/not-found")


def test_members_cannot_read_invoice_pdfs(ws: Workspace) -> None:
    invoice = a_draft_with_a_line(ws)
    member = ws.member()

    response = ws.get(f"/invoices/{invoice}/pdf", key=member["api_key"])

    assert (response.status_code, problem_type(response)) == (403, "/problems/forbidden")


def test_a_logo_is_put_and_shown_in_the_settings(ws: Workspace) -> None:
    png = tiny_png()

    response = put_logo(ws, png, "image/png")

    assert (response.status_code, response.content) == (204, b"")
    logo = created(ws.get("/settings"), 200)["logo"]
    assert (logo["content_type"], logo["size"], len(logo["sha256"])) == ("image/png", len(png), 64)


def test_a_logo_over_512_kb_is_payload_too_large(ws: Workspace) -> None:
    response = put_logo(ws, tiny_png() + b"\0" * MAX_LOGO_BYTES, "image/png")

    assert (response.status_code, problem_type(response)) == (413, "/problems/payload-too-large")
    assert created(ws.get("/settings"), 200)["logo"] is None


def test_a_logo_that_is_not_a_readable_image_of_its_type_is_invalid_image(ws: Workspace) -> None:
    answers = [
        put_logo(ws, b"GIF89a....", "image/png"),
        put_logo(ws, tiny_png(), "image/svg+xml"),
        put_logo(
            ws, SVG_LOGO.replace(b"<rect", b'<image href="http://example.com/x.png"/><rect'), "image/svg+xml"
        ),
        put_logo(ws, tiny_png(), "image/jpeg"),
    ]

    assert [(a.status_code, problem_type(a)) for a in answers] == [(422, "/problems/invalid-image")] * 4


def test_deleting_the_logo_takes_it_off_the_settings(ws: Workspace) -> None:
    put_logo(ws, SVG_LOGO, "image/svg+xml")

    response = ws.delete("/settings/logo")

    assert response.status_code == 204
    assert created(ws.get("/settings"), 200)["logo"] is None


def test_members_cannot_change_the_logo(ws: Workspace) -> None:
    member = ws.member()

    response = put_logo(ws, SVG_LOGO, "image/svg+xml", key=member["api_key"])

    assert response.status_code == 403


def test_duplicating_answers_201_with_a_new_draft(ws: Workspace) -> None:
    invoice = a_draft_with_a_line(ws)
    created(ws.post(f"/invoices/{invoice}/send"), 200)

    response = ws.post(f"/invoices/{invoice}/duplicate")

    copy = created(response)
    assert (copy["number"], copy["status"], copy["total"]) == ("INV-0002", "unsent", "49.00")
    assert response.headers["etag"] == '"2"'
    assert [item["description"] for item in copy["items"]] == ["Hosting"]


def test_settings_take_a_locale_labels_and_a_quantity_format(ws: Workspace) -> None:
    body = {"locale": "fr_FR", "labels": {"invoice": "Note d'honoraires"}, "pdf": {"quantity_format": "hm"}}

    settings = created(ws.patch("/settings", body), 200)

    assert settings["locale"] == "fr_FR"
    assert settings["labels"]["invoice"] == "Note d'honoraires"
    assert settings["labels"]["total"] is None  # the locale's own word
    assert settings["pdf"] == {
        "hide_item_type": False,
        "hide_quantity": False,
        "hide_unit_price": False,
        "quantity_format": "hm",
    }


def test_unknown_locales_labels_and_formats_are_refused_naming_the_field(ws: Workspace) -> None:
    answers = {
        "body.locale": ws.patch("/settings", {"locale": "xx_YY"}),
        "body.labels.colour": ws.patch("/settings", {"labels": {"colour": "Farbe"}}),
        "body.labels.invoice": ws.patch("/settings", {"labels": {"invoice": " "}}),
        "body.pdf.quantity_format": ws.patch("/settings", {"pdf": {"quantity_format": "minutes"}}),
    }

    for field, response in answers.items():
        assert response.status_code == 422, field
        assert field in response.json()["errors"], response.json()
