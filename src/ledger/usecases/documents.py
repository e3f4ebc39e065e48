"""Use cases behind the documents people read (SPEC §13): the logo, duplicates, and the inputs of a PDF.

A document of an invoice is made from the invoice at one version, its client, the workspace's
settings and the logo's bytes. At the current version they are taken as they stand; at an earlier
version (what an e-mail attaches) as they stood when that version was recorded, so the PDF of an
old version is the document it was then, logo included (the bytes are kept by content).
"""

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from ledger.access import Actor
from ledger.client import Client
from ledger.errors import ConcurrentUpdate, NotFound
from ledger.invoice import Invoice, LineItem
from ledger.logo import checked_logo
from ledger.money import line_amount
from ledger.persistence.logos import LogoBytes
from ledger.usecases.base import ExpectedVersion
from ledger.usecases.invoicing import NUMBER_ATTEMPTS, InvoicingUseCases
from ledger.views import ClientView, InvoiceView
from ledger.workspace import Workspace, WorkspaceSettings

DELETED = get_topic(Invoice.InvoiceDeleted)


@dataclass(frozen=True)
class LogoImage:
    """A logo's bytes, as a document embeds them."""

    content_type: str
    content: bytes


@dataclass(frozen=True)
class DocumentKey:
    """What a document of an invoice depends on: equal keys make equal documents."""

    invoice_id: UUID
    invoice_version: int
    client_version: int
    settings: str  # digest of the workspace's settings, the logo included

    def text(self) -> str:
        return f"{self.invoice_id}:{self.invoice_version}:{self.client_version}:{self.settings}"


@dataclass(frozen=True)
class DocumentInputs:
    """Everything a document of one version of an invoice is made from."""

    invoice: InvoiceView
    client: ClientView
    settings: WorkspaceSettings
    logo: LogoImage | None
    key: DocumentKey


def settings_digest(settings: WorkspaceSettings) -> str:
    """A digest that changes with any setting (the logo's hash among them)."""
    text = json.dumps(dataclasses.asdict(settings), default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class DocumentUseCases(InvoicingUseCases):
    # The logo.

    def change_logo(
        self, actor: Actor, content_type: str, content: bytes, expected_version: ExpectedVersion = None
    ) -> WorkspaceSettings:
        """Put a logo on the workspace's documents: a PNG or an SVG, checked, at most 512 KB."""
        actor.require_manager()
        logo = checked_logo(content_type, content)
        workspace = self._load(Workspace, actor.workspace_id, actor, expected_version=expected_version)
        workspace.change_logo(actor.member_id, logo)
        try:
            self.save(workspace, side_writers=[LogoBytes(workspace.id, logo, content)])
        except IntegrityError as error:
            raise ConcurrentUpdate("the workspace changed meanwhile: try again") from error
        return workspace.settings

    def remove_logo(self, actor: Actor, expected_version: ExpectedVersion = None) -> WorkspaceSettings:
        """Documents go without a logo from now on; earlier versions keep theirs."""
        actor.require_manager()
        workspace = self._load(Workspace, actor.workspace_id, actor, expected_version=expected_version)
        workspace.change_logo(actor.member_id, None)
        self._commit(workspace)
        return workspace.settings

    # Duplicates.

    def duplicate_invoice(self, actor: Actor, invoice_id: UUID) -> InvoiceView:
        """A new draft for the same client with the same details, its lines copied as manual lines."""
        actor.require_manager()
        source = self._invoice(actor, invoice_id)
        client = self._client_for_invoice(actor, source.client_id)
        for _ in range(NUMBER_ATTEMPTS):
            workspace = self._workspace(actor)
            today = self._today(workspace)
            number = workspace.allocate_invoice_number(
                actor.member_id,
                lambda n: self.index.invoice_with_number(actor.workspace_id, n) is not None,
            )
            copy = Invoice(
                id=uuid4(),
                actor_id=actor.member_id,
                workspace_id=actor.workspace_id,
                client_id=client.id,
                number=number,
                currency=source.currency,
                issue_date=today,
                due_date=today + timedelta(days=workspace.settings.due_days),
                subject=source.subject,
                note=source.note,
                discount_percent=source.discount_percent,
                tax_percent=source.tax_percent,
                tax2_percent=source.tax2_percent,
                tax_mode=source.tax_mode,
            )
            for item in sorted(source.items, key=lambda i: i.position):
                copy.add_item(actor.member_id, _manual_copy(item))
            view = self.invoice_view(copy)
            try:
                self.save(workspace, copy, answer=view)
            except IntegrityError:
                continue  # another invoice took the number first: allocate the next one
            return view
        raise ConcurrentUpdate("could not allocate an invoice number: try again")

    # What documents are made from.

    def invoice_document_inputs(
        self, actor: Actor, invoice_id: UUID, version: int | None = None
    ) -> DocumentInputs:
        """The inputs of the invoice's document, now or at `version` (as everything stood then)."""
        actor.require_reader_of_all()
        self._load(Invoice, invoice_id, actor)  # the workspace's, and not deleted
        return self.document_inputs(actor.workspace_id, invoice_id, version)

    def document_inputs(
        self, workspace_id: UUID, invoice_id: UUID, version: int | None = None
    ) -> DocumentInputs:
        """As `invoice_document_inputs`, for workers acting for the workspace (the e-mail outbox)."""
        try:
            invoice: Invoice = self.repository.get(invoice_id, version=version)
        except AggregateNotFoundError:
            raise NotFound(f"invoice {invoice_id} not found") from None
        if (
            not isinstance(invoice, Invoice)
            or invoice.workspace_id != workspace_id
            or (version is not None and invoice.version != version)
        ):
            raise NotFound(f"invoice {invoice_id} has no version {version}")
        if version is None:
            workspace: Workspace = self.repository.get(workspace_id)
            client: Client = self.repository.get(invoice.client_id)
        else:
            # The workspace and client as they stood when this version was recorded.
            when = invoice.modified_on
            workspace = self.repository.get(workspace_id, version=self._version_at(workspace_id, when))
            client = self.repository.get(invoice.client_id, version=self._version_at(invoice.client_id, when))
        return self._inputs_of(invoice, client, workspace)

    def _inputs_of(self, invoice: Invoice, client: Client, workspace: Workspace) -> DocumentInputs:
        """A document's inputs from the invoice, client and workspace at the versions it shows."""
        settings = workspace.settings
        labels, today = settings.item_type_labels, self._today(workspace)
        return DocumentInputs(
            invoice=InvoiceView.of(invoice, labels, today),
            client=ClientView.of(client),
            settings=settings,
            logo=self._logo(workspace),
            key=DocumentKey(invoice.id, invoice.version, client.version, settings_digest(settings)),
        )

    def _logo(self, workspace: Workspace) -> LogoImage | None:
        """The logo the workspace's settings name, as the `logos` side table keeps it."""
        logo = workspace.settings.logo
        if logo is None:
            return None
        content = self.index.logo_content(workspace.id, logo.sha256)
        return None if content is None else LogoImage(logo.content_type, content)

    def invoice_document_key(self, actor: Actor, invoice_id: UUID) -> DocumentKey:
        """The key of the invoice's current document, without loading the invoice (a cache's question).

        Three indexed reads of the store's last versions; the settings are loaded again only when the
        workspace has moved on since the last question.
        """
        actor.require_reader_of_all()
        parties = self.index.invoice_parties(invoice_id)
        if parties is None or parties[0] != actor.workspace_id:
            raise NotFound(f"Invoice {invoice_id} not found")
        workspace_id, client_id = parties
        last = self.recorder.select_events(invoice_id, desc=True, limit=1)
        if not last or last[0].topic == DELETED:
            raise NotFound(f"Invoice {invoice_id} not found")
        return DocumentKey(
            invoice_id,
            last[0].originator_version,
            self._last_version(client_id),
            self._settings_digest(workspace_id),
        )

    def _last_version(self, aggregate_id: UUID) -> int:
        last = self.recorder.select_events(aggregate_id, desc=True, limit=1)
        return last[0].originator_version if last else 0

    def _settings_digest(self, workspace_id: UUID) -> str:
        version = self._last_version(workspace_id)
        memo: dict[UUID, tuple[int, str]] = self.__dict__.setdefault("_digests", {})
        known = memo.get(workspace_id)
        if known is None or known[0] != version:
            workspace: Workspace = self.repository.get(workspace_id, version=version)
            known = memo[workspace_id] = (version, settings_digest(workspace.settings))
        return known[1]


def _manual_copy(item: LineItem) -> LineItem:
    """The line as a manual line: same words and prices, no entries, no import, no days."""
    return LineItem(
        id=uuid4(),
        position=0,
        item_type=item.item_type,
        description=item.description,
        quantity=item.quantity,
        unit=item.unit,
        unit_price=item.unit_price,
        amount=line_amount(item.quantity, item.unit_price),
    )
