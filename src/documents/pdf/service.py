"""Invoice PDFs as the API and the e-mail outbox ask for them: gathered, rendered once, cached.

`InvoicePdfs.current` answers the invoice as it stands (the API's `GET .../pdf`), checking the
cache by the document's key before loading anything; `InvoicePdfs.at_version` answers the
invoice as it stood at a version (what an e-mail attaches).
"""

import hashlib
import logging
from collections.abc import Callable
from uuid import UUID

from documents.pdf import InvoiceDocument, render_invoice_pdf
from documents.pdf.cache import CachedPdf, PdfCache
from ledger.access import Actor
from ledger.application import Ledger
from ledger.errors import LedgerError
from ledger.usecases.documents import DocumentInputs, DocumentKey

# Bump when the layout changes: cached PDFs and ETags of the old layout are then never served.
LAYOUT_VERSION = "2"
log = logging.getLogger("documents")
# The audit chain's hash of an invoice's event at a version, printed small in the footer (SPEC §17).
Fingerprints = Callable[[UUID, int], str | None]


def etag(key: DocumentKey, fingerprint: str | None = None) -> str:
    """The ETag of a document: changes with anything the document is made from."""
    text = f"{LAYOUT_VERSION}:{key.text()}:{fingerprint or ''}"
    return '"pdf-' + hashlib.sha256(text.encode()).hexdigest()[:24] + '"'


class InvoicePdfs:
    """Invoice PDFs of one ledger, through one cache; `fingerprints` finds the footer's hash."""

    def __init__(self, cache: PdfCache, fingerprints: Fingerprints | None = None) -> None:
        self.cache = cache
        self.fingerprints = fingerprints or (lambda invoice_id, version: None)

    def _tag(self, key: DocumentKey) -> tuple[str, str | None]:
        fingerprint = self.fingerprints(key.invoice_id, key.invoice_version)
        return etag(key, fingerprint), fingerprint

    def _render(self, inputs: DocumentInputs, fingerprint: str | None) -> CachedPdf:
        pdf = render_invoice_pdf(InvoiceDocument.of(inputs, fingerprint))
        return CachedPdf(pdf, f"{inputs.invoice.number}.pdf")

    def current_tag(self, ledger: Ledger, actor: Actor, invoice_id: UUID) -> str:
        """The ETag the invoice's PDF has now, without loading or rendering anything."""
        return self._tag(ledger.invoice_document_key(actor, invoice_id))[0]

    def current(self, ledger: Ledger, actor: Actor, invoice_id: UUID) -> tuple[str, CachedPdf]:
        """(ETag, PDF) of the invoice as it stands."""
        tag = self.current_tag(ledger, actor, invoice_id)
        cached = self.cache.get(tag)
        if cached is not None:
            return tag, cached
        inputs = ledger.invoice_document_inputs(actor, invoice_id)
        tag, fingerprint = self._tag(inputs.key)  # the invoice may have moved on since its key was read
        return tag, self.cache.get_or_render(tag, lambda: self._render(inputs, fingerprint))

    def at_version(self, ledger: Ledger, workspace_id: UUID, invoice_id: UUID, version: int) -> CachedPdf:
        """The PDF of the invoice as it stood at `version` (for a worker acting for the workspace)."""
        inputs = ledger.document_inputs(workspace_id, invoice_id, version)
        tag, fingerprint = self._tag(inputs.key)
        return self.cache.get_or_render(tag, lambda: self._render(inputs, fingerprint))

    def prerender(self, ledger: Ledger, actor: Actor, invoice_id: UUID) -> None:
        """Render the invoice now, so that its first download is served from the cache."""
        try:
            self.current(ledger, actor, invoice_id)
        except LedgerError as error:  # changed or deleted meanwhile: the next request will tell
            log.info("no PDF rendered ahead for invoice %s: %s", invoice_id, error)
