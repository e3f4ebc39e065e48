"""Render the sample invoice PDFs shown in the docs: twenty lines, in de_DE and en_US, to PNG.

Run: .venv/bin/python ops/render_samples.py   (writes docs/images/invoice-de_DE.png and -en_US.png)

A Berlin web developer bills a Paris client for twenty days of October, through the real use
cases on a throwaway SQLite store, with a fixed clock: the same code gives the same pictures.
The PDF's first page is rasterised with pypdfium2 (PDFium, from PyPI).
"""

import argparse
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID

import pypdfium2

from documents.pdf import InvoiceDocument, render_invoice_pdf
from ledger.access import Actor
from ledger.application import Ledger, open_ledger
from ledger.commands import (
    AddLine,
    ChangeSettings,
    CreateClient,
    CreateInvoice,
    CreateProject,
    CreateWorkspace,
    ImportItems,
    LogTime,
    Owner,
    RecordPayment,
    TimeGrouping,
)
from ledger.config import Settings
from ledger.invoice import ItemType

OUT = Path(__file__).resolve().parent.parent / "docs" / "images"
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
LOGO = b"""<svg xmlns="http://www.w3.org/2000/svg" width="200" height="48" viewBox="0 0 200 48">
<rect width="48" height="48" rx="10" fill="#2a5db0"/>
<path d="M14 34V14h6l8 12 8-12h6v20h-6V23l-8 11-8-11v11z" fill="#fff"/>
<text x="58" y="31" font-family="sans-serif" font-size="16" font-weight="bold"
 fill="#2a5db0">Schmidt Web</text>
</svg>"""
TASKS = ("Shop templates", "Checkout flow", "Product search", "Payment provider", "Accessibility review")


def _owner(ledger: Ledger, locale: str) -> Actor:
    signed = ledger.create_workspace(
        CreateWorkspace(
            name="Anna Schmidt Webentwicklung",
            currency="EUR",
            timezone="Europe/Berlin",
            hourly_rate="95.00",
            owner=Owner(name="Anna Schmidt", email="anna@schmidt.example"),
        )
    )
    owner = ledger.authenticate(signed.api_key)
    assert owner is not None
    company = {
        "name": "Anna Schmidt Webentwicklung",
        "address": "Torstraße 12",
        "postal_code": "10119",
        "city": "Berlin",
        "country": "DE",
        "vat_id": "DE123456789",
        "email": "anna@schmidt.example",
        "iban": "DE89370400440532013000",
        "bic": "COBADEFFXXX",
    }
    words = {"de_DE": {"service": "Leistung", "product": "Material"}, "en_US": {}}[locale]
    changes = {"locale": locale, "company": company, "item_type_labels": words, "default_tax_percent": "19"}
    ledger.change_settings(owner, ChangeSettings.model_validate(changes))
    ledger.change_logo(owner, "image/svg+xml", LOGO)
    return owner


def sample_invoice(ledger: Ledger, locale: str) -> tuple[Actor, UUID]:
    """Twenty days of work and a hosting line, sent, 1,000.00 paid."""
    owner = _owner(ledger, locale)
    client = ledger.create_client(
        owner,
        CreateClient(
            name="Fromagerie Dupont SARL",
            address="8 rue du Bac",
            postal_code="75007",
            city="Paris",
            country="FR",
            vat_id="FR12345678901",
            email="compta@dupont.example",
        ),
    )
    project = ledger.create_project(owner, CreateProject(name="Boutique", client_id=client.id))
    for day in range(1, 20):
        start = datetime(2026, 10, day, 7, 30, tzinfo=UTC)
        hours = timedelta(hours=6 + day % 3, minutes=15 * (day % 4))
        description = TASKS[day % len(TASKS)]
        ledger.log_time(
            owner, LogTime(project_id=project.id, start=start, end=start + hours, description=description)
        )
    invoice = ledger.create_invoice(
        owner, CreateInvoice(client_id=client.id, subject="Boutique, October 2026", note="Merci !")
    )
    grouping = TimeGrouping(detail_fields=["description", "date"])
    ledger.import_items(
        owner, invoice.id, ImportItems(date_from=date(2026, 10, 1), date_to=date(2026, 10, 31), time=grouping)
    )
    hosting = AddLine(
        description="Hosting, October",
        quantity="1",
        unit_price="49.00",
        unit="month",
        item_type=ItemType.PRODUCT,
    )
    ledger.add_item(owner, invoice.id, hosting)
    ledger.send_invoice(owner, invoice.id)
    ledger.record_payment(owner, invoice.id, RecordPayment(amount="1000.00", date=date(2026, 11, 20)))
    return owner, invoice.id


def render(locale: str, folder: Path) -> bytes:
    """The sample invoice's PDF in `locale`, from a store of its own in `folder`."""
    ledger = open_ledger(Settings(database_url=f"sqlite:///{folder / f'{locale}.db'}"), clock=lambda: NOW)
    try:
        owner, invoice = sample_invoice(ledger, locale)
        inputs = ledger.invoice_document_inputs(owner, invoice)
        return render_invoice_pdf(InvoiceDocument.of(inputs, fingerprint="4f1c" * 16))
    finally:
        ledger.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.4, help="pixels per PDF point (default 1.4)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for locale in ("de_DE", "en_US"):
            pdf = pypdfium2.PdfDocument(render(locale, Path(folder)))
            try:
                image = pdf[0].render(scale=args.scale).to_pil()
                image.save(OUT / f"invoice-{locale}.png", optimize=True)
                print(f"wrote {OUT / f'invoice-{locale}.png'} ({len(pdf)} page(s))")
            finally:
                pdf.close()


if __name__ == "__main__":
    main()
