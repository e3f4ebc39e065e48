"""Auditors' and operators' use cases of the audit chain (SPEC §17)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from ledger.access import Actor
from ledger.audit.backfill import Built, build_chains
from ledger.audit.store import transaction
from ledger.audit.tables import SELECT_HEADS, SELECT_LINK_OF_EVENT
from ledger.audit.verify import MAX_PROBLEMS, Verifier, head_of
from ledger.audit.views import Anchor, AuditProblem, ChainHead, Verification, WorkspaceHead
from ledger.invoice import Invoice
from ledger.usecases.base import LedgerBase

Progress = Callable[[int], None]


@dataclass
class StoreVerification:
    """Every chain of a store, and the events no chain accounts for."""

    workspaces: dict[UUID, Verification] = field(default_factory=dict)
    # Workspaces whose events predate the chain and wait for `ledger audit init`.
    pending: list[UUID] = field(default_factory=list)
    # Events no link accounts for and no workspace claims (forged for an aggregate of no chain).
    unclaimed: list[AuditProblem] = field(default_factory=list)
    unclaimed_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.pending and not self.unclaimed_count and all(v.ok for v in self.workspaces.values())

    @property
    def events(self) -> int:
        return sum(v.events for v in self.workspaces.values())


class AuditUseCases(LedgerBase):
    def audit_head(self, actor: Actor) -> ChainHead:
        """The workspace's anchor: its last link (owners, admins, auditors)."""
        actor.require_reader_of_all()
        return Verifier(self.recorder, self.mapper).head(actor.workspace_id)

    def verify_chain(self, actor: Actor, anchors: Sequence[Anchor] = ()) -> Verification:
        """Recompute the workspace's chain from its stored events (owners, admins, auditors)."""
        actor.require_reader_of_all()
        return Verifier(self.recorder, self.mapper).verify(actor.workspace_id, anchors)

    def fingerprint(self, actor: Actor, invoice_id: UUID) -> str | None:
        """The hash of the invoice's last event, as its link in the chain has it, for documents.

        None while the workspace's chain waits for `ledger audit init`.
        """
        actor.require_reader_of_all()
        invoice = self._load(Invoice, invoice_id, actor, include_deleted=True)
        return self.event_fingerprint(invoice.id, invoice.version)

    def event_fingerprint(self, aggregate_id: UUID, version: int) -> str | None:
        """The hash of one event's link in the chain (the caller has checked access), if chained."""
        with transaction(self.recorder) as t:
            rows = t.query(SELECT_LINK_OF_EVENT, (t.dialect.key(aggregate_id), version))
        return str(rows[0][2]) if rows else None

    # Operators (the `ledger audit` command): the whole store, no workspace to check.

    def chain_heads(self) -> list[WorkspaceHead]:
        """Every workspace's anchor."""
        with transaction(self.recorder) as t:
            rows = t.query(SELECT_HEADS)
        return [WorkspaceHead(workspace_id=UUID(row[0]), **head_of(row).model_dump()) for row in rows]

    def verify_store(
        self,
        workspace_id: UUID | None = None,
        anchors: Sequence[tuple[UUID | None, Anchor]] = (),
        progress: Progress | None = None,
    ) -> StoreVerification:
        """Verify one workspace's chain or every one; anchors name their workspace (None: the one
        given)."""
        verifier = Verifier(self.recorder, self.mapper, progress)
        heads = [h for h in self.chain_heads() if workspace_id in (None, h.workspace_id)]
        if workspace_id is not None and not heads:
            verifier.head(workspace_id)  # raises NotFound, naming the workspace
        result = StoreVerification()
        walks = {}
        for head in heads:
            if head.hash is None:
                result.pending.append(head.workspace_id)
                continue
            mine = [a for w, a in anchors if w in (None, head.workspace_id)]
            walks[str(head.workspace_id)] = verifier.walk(head.workspace_id, mine)
        only = None if workspace_id is None else str(workspace_id)
        pending = frozenset(str(w) for w in result.pending)
        # One pass over the store for the events no link accounts for, whichever their workspace.
        for owner, problem in verifier.unchained(only, pending):
            if owner in walks:
                walks[owner].report(problem)
            else:
                result.unclaimed_count += 1
                if len(result.unclaimed) < MAX_PROBLEMS:
                    result.unclaimed.append(problem)
        result.workspaces.update({UUID(w): walk.verification() for w, walk in walks.items()})
        return result

    def build_chain(self, now: datetime, progress: Progress | None = None) -> Built:
        """`ledger audit init`: chain, once, the events recorded before the chain existed."""
        return build_chains(self.recorder, self.mapper, now, progress)
