"""The fixed words of documents, in English, German and French, and the workspace's own (SPEC §13).

Every word the PDF prints that nobody typed comes from one `Words`: the built-in set of the
locale's language (English for a language without one), with each label the workspace set in
`settings.labels` put over it. E-mail bodies will take their words from here too.
"""

import dataclasses
from dataclasses import dataclass

from babel import Locale

from ledger.workspace import Labels


@dataclass(frozen=True)
class Words:
    """Every fixed word of a document; the field names are the names of `settings.labels`."""

    invoice: str
    credit_note: str
    invoice_number: str
    credit_note_number: str
    for_invoice: str
    issue_date: str
    due_date: str
    service_period: str
    subject: str
    currency: str
    bill_from: str
    bill_to: str
    vat_id: str
    registration_id: str
    item: str
    description: str
    quantity: str
    unit_price: str
    amount: str
    subtotal: str
    discount: str
    tax: str
    tax2: str
    compound: str
    total: str
    paid: str
    credited: str
    balance_due: str
    notes: str
    reason: str
    bank_details: str
    iban: str
    bic: str
    draft: str
    void: str
    page: str
    fingerprint: str


ENGLISH = Words(
    invoice="Invoice",
    credit_note="Credit note",
    invoice_number="Invoice no.",
    credit_note_number="Credit note no.",
    for_invoice="For invoice",
    issue_date="Issue date",
    due_date="Due date",
    service_period="Service period",
    subject="Subject",
    currency="Currency",
    bill_from="Bill from",
    bill_to="Bill to",
    vat_id="VAT ID",
    registration_id="Registration no.",
    item="Item",
    description="Description",
    quantity="Quantity",
    unit_price="Unit price",
    amount="Amount",
    subtotal="Subtotal",
    discount="Discount",
    tax="Tax",
    tax2="Tax 2",
    compound="compound",
    total="Total",
    paid="Paid",
    credited="Credited",
    balance_due="Balance due",
    notes="Notes",
    reason="Reason",
    bank_details="Bank details",
    iban="IBAN",
    bic="BIC",
    draft="DRAFT",
    void="VOID",
    page="Page",
    fingerprint="Fingerprint",
)
GERMAN = Words(
    invoice="Rechnung",
    credit_note="Rechnungskorrektur",
    invoice_number="Rechnungsnr.",
    credit_note_number="Korrektur-Nr.",
    for_invoice="Zu Rechnung",
    issue_date="Rechnungsdatum",
    due_date="Fällig am",
    service_period="Leistungszeitraum",
    subject="Betreff",
    currency="Währung",
    bill_from="Rechnungssteller",
    bill_to="Rechnungsempfänger",
    vat_id="USt-IdNr.",
    registration_id="Registernr.",
    item="Art",
    description="Beschreibung",
    quantity="Menge",
    unit_price="Einzelpreis",
    amount="Betrag",
    subtotal="Zwischensumme",
    discount="Rabatt",
    tax="USt.",
    tax2="Steuer 2",
    compound="kumuliert",
    total="Gesamtbetrag",
    paid="Bezahlt",
    credited="Gutgeschrieben",
    balance_due="Offener Betrag",
    notes="Anmerkungen",
    reason="Grund",
    bank_details="Bankverbindung",
    iban="IBAN",
    bic="BIC",
    draft="ENTWURF",
    void="STORNIERT",
    page="Seite",
    fingerprint="Prüfsumme",
)
FRENCH = Words(
    invoice="Facture",
    credit_note="Avoir",
    invoice_number="Facture n°",
    credit_note_number="Avoir n°",
    for_invoice="Sur facture",
    issue_date="Date d’émission",
    due_date="Date d’échéance",
    service_period="Période de prestation",
    subject="Objet",
    currency="Devise",
    bill_from="Émetteur",
    bill_to="Facturé à",
    vat_id="N° TVA",
    registration_id="N° d’immatriculation",
    item="Type",
    description="Description",
    quantity="Quantité",
    unit_price="Prix unitaire",
    amount="Montant",
    subtotal="Sous-total",
    discount="Remise",
    tax="TVA",
    tax2="Taxe 2",
    compound="cumulée",
    total="Total",
    paid="Payé",
    credited="Avoir",
    balance_due="Reste à payer",
    notes="Remarques",
    reason="Motif",
    bank_details="Coordonnées bancaires",
    iban="IBAN",
    bic="BIC",
    draft="BROUILLON",
    void="ANNULÉE",
    page="Page",
    fingerprint="Empreinte",
)
BUILT_IN: dict[str, Words] = {"en": ENGLISH, "de": GERMAN, "fr": FRENCH}


def built_in(locale: str) -> Words:
    """The built-in words of the locale's language; English for a language we have none for."""
    return BUILT_IN.get(Locale.parse(locale).language, ENGLISH)


def words_for(locale: str, labels: Labels) -> Words:
    """The words a document of this locale prints, with the workspace's labels over the built-in ones."""
    overrides = {name: value for name, value in dataclasses.asdict(labels).items() if value is not None}
    return dataclasses.replace(built_in(locale), **overrides)
