"""One exception hierarchy: each category maps to one HTTP status, each error to one slug."""

from collections.abc import Mapping, Sequence
from uuid import UUID


class LedgerError(Exception):
    """Base of every error the ledger raises on purpose."""

    slug = "ledger-error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(LedgerError):
    slug = "not-found"


class Forbidden(LedgerError):
    slug = "forbidden"


class Conflict(LedgerError):
    """The command clashes with the current state: reload and decide again."""

    slug = "conflict"


class RuleViolation(LedgerError):
    """The command breaks a domain rule, whatever the state."""

    slug = "rule-violation"


class InvalidInput(RuleViolation):
    """Field-level validation failures, field name -> message."""

    slug = "validation-error"

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = dict(errors)


class ConcurrentUpdate(Conflict):
    slug = "concurrent-update"


class VersionMismatch(Conflict):
    """The aggregate is not at the version the caller last saw (HTTP If-Match)."""

    slug = "precondition-failed"


class EntryLocked(Conflict):
    slug = "entry-locked"


class InvoiceLocked(Conflict):
    slug = "invoice-locked"


class DuplicateNumber(Conflict):
    slug = "duplicate-number"


class EntryAlreadyInvoiced(Conflict):
    slug = "entry-already-invoiced"


class EntryOnInvoice(Conflict):
    slug = "entry-on-invoice"


class InUse(Conflict):
    """Something still refers to what was to be deleted: archive it instead."""

    slug = "in-use"


class InvalidTransition(Conflict):
    """The invoice's status does not allow this action."""

    slug = "invalid-status"


class ProjectNotOfClient(RuleViolation):
    slug = "project-not-of-client"


class NothingToImport(RuleViolation):
    slug = "nothing-to-import"


class Archived(RuleViolation):
    """An archived client, project or expense category takes nothing new."""

    slug = "archived"


class InvoiceEmpty(RuleViolation):
    slug = "invoice-empty"


class PaymentRejected(RuleViolation):
    slug = "payment-rejected"


class InvalidImage(RuleViolation):
    """Not a readable image of the type it was sent as, or one that refers outside itself."""

    slug = "invalid-image"


class TooLarge(LedgerError):
    """What was sent is larger than the rule allows (a logo over 512 KB)."""

    slug = "payload-too-large"


class NoRecipient(RuleViolation):
    """An e-mail with nobody to send it to: the client has no e-mail and none was given."""

    slug = "no-recipient"


class OverCredit(RuleViolation):
    """A credit note would take back more of a line than the invoice billed (SPEC §15)."""

    slug = "over-credit"


class EInvoiceIncomplete(RuleViolation):
    """EN 16931 cannot express the document: `missing` names what lacks, as the API names it (SPEC §16)."""

    slug = "e-invoice-incomplete"

    def __init__(self, missing: Sequence[str]) -> None:
        super().__init__(f"the e-invoice cannot be written: missing or unsupported {', '.join(missing)}")
        self.missing = list(missing)


class BulkMarkingRejected(LedgerError):
    """All-or-nothing bulk marking failed: `failures` lists every offending id and why."""

    slug = "bulk-marking-rejected"

    def __init__(self, failures: Sequence[tuple[UUID, LedgerError]]) -> None:
        super().__init__(f"{len(failures)} id(s) cannot be marked; nothing was changed")
        self.failures = list(failures)

    @property
    def category(self) -> type[LedgerError]:
        """The most telling category among the failures: not found, then conflict, then rule."""
        for category in (NotFound, Conflict, RuleViolation):
            if any(isinstance(error, category) for _, error in self.failures):
                return category
        return LedgerError
