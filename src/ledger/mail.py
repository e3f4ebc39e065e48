"""E-mail rules of the domain (SPEC §14): placeholders, templates, the options an e-mail is queued with.

Templates name placeholders as `{invoice_number}`; `{{` and `}}` write a brace. Which placeholders
exist is a rule of the domain, checked when a template is saved; how their values are written (in
the workspace's locale) is the documents' business, so the values come in as text.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from string import Formatter

PLACEHOLDERS = ("invoice_number", "client_name", "company_name", "total", "balance", "due_date")
DEFAULT_SUBJECT = "Invoice {invoice_number} from {company_name}"
DEFAULT_BODY = (
    "Hello {client_name},\n\n"
    "please find attached invoice {invoice_number} for {total}, due on {due_date}.\n"
    "Balance due: {balance}.\n\n"
    "Kind regards,\n"
    "{company_name}\n"
)
# Recipients one e-mail may name in `to` and in `cc` each: an invoice goes to a few people, not a list.
MAX_RECIPIENTS = 20


class EmailStatus(Enum):
    """Where a queued e-mail stands: waiting (also between attempts), being sent, delivered, given up."""

    QUEUED = "queued"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"


@dataclass(frozen=True)
class EmailOptions:
    """What an e-mail carries besides its text: the PDF, the expenses as CSV, a copy to the sender."""

    attach_pdf: bool = True
    attach_expenses: bool = False
    send_me_a_copy: bool = False


def placeholders_in(template: str) -> list[str]:
    """The placeholders a template names; ValueError for one unknown or written with a format spec."""
    try:
        parsed = list(Formatter().parse(template))
    except ValueError:
        raise ValueError("has an unmatched brace: write {{ and }} for a brace") from None
    names = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            known = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            raise ValueError(f"unknown placeholder {{{name}}}: use {known}")
        if spec or conversion:
            raise ValueError(
                f"placeholder {{{name}}} takes no format: it is written in the workspace's locale"
            )
        names.append(name)
    return names


def fill(template: str, values: Mapping[str, str]) -> str:
    """The template with each placeholder replaced by its value (already written as text)."""
    return template.format_map({name: values[name] for name in placeholders_in(template)})


def one_line(text: str) -> str:
    """A filled subject as one line: a company name with line breaks must not break the header."""
    return " ".join(text.split())
