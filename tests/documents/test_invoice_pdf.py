"""The invoice PDF a person reads (SPEC §13): rendered from the store, read back as text.

A Berlin freelancer bills a Paris client: twenty days of 7.5 hours at 45.31, 19 % tax, 1,000.00
paid. Subtotal 20 × 339.83 = 6,796.60; tax 1,291.35; total 8,087.95; balance 7,087.95.
"""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import pytest

from documents.pdf import DocumentKind, InvoiceDocument, Reference, render_invoice_pdf
from ledger.application import Ledger
from ledger.commands import ChangeSettings, RecordPayment, VoidInvoice
from support.images import SVG_LOGO, tiny_png
from support.pdfs import page_images, pdf_text
from support.world import World, given_world, grouping

FINGERPRINT = "9f2c" * 16


@dataclass
class Billed:
    world: World
    invoice: UUID

    def settings(self, **changes: object) -> None:
        self.world.ledger.change_settings(self.world.owner, ChangeSettings.model_validate(changes))

    def pdf(self) -> str:
        """The invoice as it stands, rendered with a fingerprint and read back."""
        inputs = self.world.ledger.invoice_document_inputs(self.world.owner, self.invoice)
        return pdf_text(render_invoice_pdf(InvoiceDocument.of(inputs, FINGERPRINT)))

    def send_and_pay(self) -> None:
        ledger, owner = self.world.ledger, self.world.owner
        ledger.send_invoice(owner, self.invoice)
        ledger.record_payment(owner, self.invoice, RecordPayment(amount="1000.00", date=date(2026, 11, 20)))


def berlin_bills_paris(ledger: Ledger, locale: str) -> Billed:
    world = given_world(ledger, timezone="Europe/Berlin")
    company = {
        "name": "Anna Schmidt Webentwicklung",
        "address": "Torstraße 12",
        "postal_code": "10119",
        "city": "Berlin",
        "country": "DE",
        "vat_id": "DE123456789",
        "registration_id": "HRB 98765",
        "email": "anna@schmidt.example",
        "iban": "DE89370400440532013000",
        "bic": "COBADEFFXXX",
    }
    ledger.change_settings(
        world.owner,
        ChangeSettings.model_validate(
            {"locale": locale, "company": company, "item_type_labels": {"service": "Leistung"}}
        ),
    )
    client = world.client(
        "Fromagerie Dupont SARL",
        address="8 rue du Bac",
        postal_code="75007",
        city="Paris",
        country="FR",
        vat_id="FR12345678901",
        email="compta@dupont.example",
    )
    project = world.project(client, "Boutique", rate="45.31")
    for day in range(1, 21):
        world.log(project, f"2026-10-{day:02d}T08:00:00+00:00", 27_000, "Development")
    invoice = world.invoice(client, issue_date=date(2026, 11, 2), tax_percent="19", note="Merci !")
    world.import_(invoice, time=grouping(detail_fields=("description", "date")))
    return Billed(world, invoice)


def test_a_german_invoice_writes_numbers_dates_and_words_as_germans_do(ledger: Ledger) -> None:
    billed = berlin_bills_paris(ledger, "de_DE")
    billed.send_and_pay()

    text = billed.pdf()

    for expected in (
        "Rechnung INV-0001",
        "Rechnungsnr. INV-0001",
        "Rechnungsdatum 02.11.2026",
        "Fällig am 02.12.2026",
        "Leistungszeitraum 01.10.2026 – 20.10.2026",
        "Art Beschreibung Menge Einzelpreis Betrag",
        "Leistung Development - 2026-10-01 7,50 h 45,31 339,83",
        "Zwischensumme 6.796,60 €",
        "USt. (19 %) 1.291,35 €",
        "Gesamtbetrag 8.087,95 €",
        "Bezahlt 1.000,00 €",
        "Offener Betrag 7.087,95 €",
        "Anmerkungen",
        "IBAN DE89370400440532013000",
    ):
        assert expected in text
    assert "ENTWURF" not in text


def test_an_american_invoice_of_the_same_work_writes_them_the_american_way(ledger: Ledger) -> None:
    billed = berlin_bills_paris(ledger, "en_US")
    billed.send_and_pay()

    text = billed.pdf()

    for expected in (
        "Invoice INV-0001",
        "Issue date Nov 2, 2026",
        "Due date Dec 2, 2026",
        "Service period Oct 1, 2026 – Oct 20, 2026",
        "7.50 h 45.31 339.83",
        "Subtotal €6,796.60",
        "Tax (19%) €1,291.35",
        "Total €8,087.95",
        "Paid €1,000.00",
        "Balance due €7,087.95",
    ):
        assert expected in text
    assert "DRAFT" not in text


@pytest.mark.parametrize(
    ("locale", "bill_from", "bill_to", "seller", "buyer"),
    [
        (
            "de_DE",
            "Rechnungssteller",
            "Rechnungsempfänger",
            "USt-IdNr.: DE123456789",
            "USt-IdNr.: FR12345678901",
        ),
        ("en_US", "Bill from", "Bill to", "VAT ID: DE123456789", "VAT ID: FR12345678901"),
        ("fr_FR", "Émetteur", "Facturé à", "N° TVA: DE123456789", "N° TVA: FR12345678901"),
    ],
)
def test_both_parties_show_their_addresses_with_country_and_tax_ids(
    ledger: Ledger, locale: str, bill_from: str, bill_to: str, seller: str, buyer: str
) -> None:
    text = berlin_bills_paris(ledger, locale).pdf()

    countries = {
        "de_DE": ("Deutschland", "Frankreich"),
        "en_US": ("Germany", "France"),
        "fr_FR": ("Allemagne", "France"),
    }
    for expected in (
        f"{bill_from} {bill_to}",
        "Anna Schmidt Webentwicklung Fromagerie Dupont SARL",
        "Torstraße 12 8 rue du Bac",
        "10119 Berlin 75007 Paris",
        " ".join(countries[locale]),
        f"{seller} {buyer}",
        "HRB 98765",
        "anna@schmidt.example",
        "compta@dupont.example",
    ):
        assert expected in text


def test_a_draft_is_marked_draft_on_every_page(ledger: Ledger) -> None:
    text = berlin_bills_paris(ledger, "en_US").pdf()

    assert "DRAFT" in text
    assert "Balance due €8,087.95" in text


def test_a_void_invoice_is_marked_void_with_its_reason(ledger: Ledger) -> None:
    billed = berlin_bills_paris(ledger, "de_DE")
    billed.world.ledger.void_invoice(billed.world.owner, billed.invoice, VoidInvoice(reason="Falscher Kunde"))

    text = billed.pdf()

    assert "STORNIERT" in text
    assert "Grund Falscher Kunde" in text
    assert "ENTWURF" not in text


def test_hours_and_minutes_when_the_workspace_asks_for_them(ledger: Ledger) -> None:
    billed = berlin_bills_paris(ledger, "de_DE")
    billed.settings(pdf={"quantity_format": "hm"})

    text = billed.pdf()

    assert "2026-10-01 7:30 45,31 339,83" in text
    assert "7,50 h" not in text


def test_the_workspaces_labels_replace_the_locales_words(ledger: Ledger) -> None:
    billed = berlin_bills_paris(ledger, "de_DE")
    billed.settings(labels={"invoice": "Honorarnote", "balance_due": "Zu zahlen", "draft": "Vorschau"})

    text = billed.pdf()

    assert "Honorarnote INV-0001" in text
    assert "Zu zahlen 8.087,95 €" in text
    assert "Vorschau" in text
    assert "Rechnung INV" not in text and "ENTWURF" not in text


def test_a_hidden_column_leaves_out_its_header_and_values(ledger: Ledger) -> None:
    billed = berlin_bills_paris(ledger, "en_US")
    billed.settings(pdf={"hide_item_type": True, "hide_unit_price": True})

    text = billed.pdf()

    assert "Description Quantity Amount" in text
    assert "Leistung" not in text and "45.31" not in text
    assert "2026-10-01 7.50 h 339.83" in text


def test_the_fingerprint_is_printed_small_in_the_footer(ledger: Ledger) -> None:
    text = berlin_bills_paris(ledger, "en_US").pdf()

    assert f"Fingerprint: {FINGERPRINT}" in text
    assert "Page 1 / 1" in text


def test_text_typed_by_users_is_printed_literally_not_as_markup(ledger: Ledger) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client("<b>Smith & Sons</b>"), note='</div><img src="https://x">')
    inputs = ledger.invoice_document_inputs(world.owner, invoice)

    text = pdf_text(render_invoice_pdf(InvoiceDocument.of(inputs)))

    assert "<b>Smith & Sons</b>" in text
    assert '</div><img src="https://x">' in text


@pytest.mark.parametrize(
    ("content_type", "image", "rasters"), [("image/png", tiny_png(), 1), ("image/svg+xml", SVG_LOGO, 0)]
)
def test_the_logo_is_drawn_on_the_pdf(ledger: Ledger, content_type: str, image: bytes, rasters: int) -> None:
    world = given_world(ledger)
    invoice = world.invoice(world.client())
    plain = render_invoice_pdf(InvoiceDocument.of(ledger.invoice_document_inputs(world.owner, invoice)))
    ledger.change_logo(world.owner, content_type, image)

    with_logo = render_invoice_pdf(InvoiceDocument.of(ledger.invoice_document_inputs(world.owner, invoice)))

    assert page_images(with_logo) == rasters
    assert len(with_logo) > len(plain)  # an SVG is drawn as vector paths, not as an image


def test_a_credit_note_uses_the_same_layout_with_its_own_words(ledger: Ledger) -> None:
    billed = berlin_bills_paris(ledger, "de_DE")
    billed.send_and_pay()
    inputs = ledger.invoice_document_inputs(billed.world.owner, billed.invoice)

    text = pdf_text(
        render_invoice_pdf(
            InvoiceDocument(
                inputs.invoice,
                inputs.client,
                inputs.settings,
                kind=DocumentKind.CREDIT_NOTE,
                reference=Reference("INV-0001", "02.11.2026"),
                reason="Doppelt berechnet",
            )
        )
    )

    assert "Rechnungskorrektur INV-0001" in text
    assert "Zu Rechnung INV-0001 (02.11.2026)" in text
    assert "Grund Doppelt berechnet" in text
    assert "Fällig am" not in text and "Offener Betrag" not in text
