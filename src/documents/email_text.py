"""The text of invoice e-mails: placeholder values written in the workspace's locale (SPEC §13, §14).

Money is written with its currency (`€1,234.50` in en_US, `1.234,50 €` in de_DE), dates in the
locale's medium form (`Nov 30, 2026`, `30.11.2026`). Which placeholders exist, and how templates are
filled, is the ledger's rule (`ledger.mail`); this module only writes the values.
"""

from babel.dates import format_date
from babel.numbers import format_currency

from ledger.mail import one_line
from ledger.views import ClientView, InvoiceView
from ledger.workspace import WorkspaceSettings

DEFAULT_LOCALE = "en_US"


def workspace_locale(settings: WorkspaceSettings) -> str:
    """The locale documents are written in: the settings' `locale` once it exists, else en_US."""
    # `locale` comes with the documents' settings (SPEC §13); until then every workspace is en_US.
    locale = getattr(settings, "locale", None)
    return locale if isinstance(locale, str) and locale else DEFAULT_LOCALE


def placeholder_values(
    invoice: InvoiceView, client: ClientView, settings: WorkspaceSettings, workspace_name: str
) -> dict[str, str]:
    """Every placeholder of SPEC §14 as text in the workspace's locale (company: else the workspace)."""
    locale = workspace_locale(settings)
    return {
        "invoice_number": invoice.number,
        "client_name": client.name,
        "company_name": one_line(settings.company.name) or workspace_name,
        "total": format_currency(invoice.total, invoice.currency, locale=locale),
        "balance": format_currency(invoice.balance, invoice.currency, locale=locale),
        "due_date": format_date(invoice.due_date, format="medium", locale=locale),
    }
