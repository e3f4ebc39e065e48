"""What every use case builds on: loading with tenancy checks, and atomic saving."""

from collections.abc import Callable, Collection, Sequence
from datetime import UTC, date, datetime
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper, Recording

from ledger.access import Actor
from ledger.aggregate import WorkspaceAggregate
from ledger.audit.chain import ChainLinks
from ledger.errors import ConcurrentUpdate, LedgerError, NotFound, VersionMismatch
from ledger.invoice import Invoice
from ledger.loading import project, replay_each
from ledger.persistence import ApiKeyRow, IndexRows, LedgerIndex
from ledger.persistence.codec import LedgerMapper
from ledger.transcodings import register_domain_transcodings
from ledger.usecases.answering import NO_ANSWER, UnansweredSave, current_hook
from ledger.workspace import Workspace

T = TypeVar("T", bound=WorkspaceAggregate)
A = TypeVar("A")
# What a caller last saw, as HTTP If-Match names it: one version, or any of several.
ExpectedVersion = int | Collection[int] | None


class LedgerBase(Application[UUID]):
    """The event-sourced application all use cases share: one store, one transaction per save."""

    name = "Ledger"
    # Snapshots keep loading flat as histories grow (docs/design.md, "Snapshots"): the workspace
    # gains an event per invoice number; an invoice one per edit, line or payment, and every read
    # of it replays its history (20: at most 19 events after the last snapshot).
    snapshotting_intervals = {Workspace: 100, Invoice: 20}  # noqa: RUF012
    snapshotting_projectors = {Workspace: project, Invoice: project}  # noqa: RUF012

    def __init__(
        self, env: dict[str, str] | None = None, clock: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__(env)
        self.clock = clock or (lambda: datetime.now(UTC))
        self.index.migrate(self.mapper.to_domain_event)

    def construct_mapper(self) -> Mapper[UUID]:
        # Typed JSON (format 2) written, both formats read: see `ledger.persistence.codec`.
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=LedgerMapper)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)

    @property
    def index(self) -> LedgerIndex:
        return cast(LedgerIndex, self.recorder)

    def save(  # type: ignore[override]
        self,
        *aggregates: Aggregate,
        api_keys: Sequence[ApiKeyRow] = (),
        answer: object = NO_ANSWER,
        **kwargs: Any,
    ) -> list[Recording[UUID]]:
        """Record every aggregate's new events, their side-table rows and audit links, in one
        transaction.

        `answer` is what the use case answers with this save (its view, built before saving):
        when the caller keeps answers (`answering`), it is recorded in the same transaction.
        """
        # Both read the aggregates' pending events, which collecting them below clears.
        index, chain = IndexRows.of(aggregates, api_keys), ChainLinks.of(aggregates)
        writers = [index, *kwargs.pop("side_writers", ()), chain]
        hook = current_hook()
        if hook is not None:
            if answer is NO_ANSWER:
                raise UnansweredSave("a save under an answer hook must pass its answer")
            answer_writer = hook.writer(answer)
            writers.append(answer_writer)
        # The library's `save()`, less its two runtime-Protocol checks per aggregate (about 22 µs
        # together, 0.25 s for an import of 11,000 entries): ours are all `Aggregate`s.
        processing = ProcessingEvent[UUID]()
        for aggregate in aggregates:
            processing.events.extend(aggregate.collect_events())
            processing.aggregates[aggregate.id] = aggregate
        processing.saved_kwargs.update(side_writers=writers, **kwargs)
        recordings = self._record(processing)
        if hook is not None:
            hook.committed(answer_writer)
        self._take_snapshots(processing)
        self._notify(recordings)
        return recordings

    def _commit(
        self, *aggregates: Aggregate, conflict: LedgerError | None = None, answer: object = NO_ANSWER
    ) -> None:
        """Save, turning a lost optimistic-concurrency race into a ledger conflict."""
        try:
            self.save(*aggregates, answer=answer)
        except IntegrityError as error:
            raise conflict or ConcurrentUpdate(
                "changed concurrently by another request: reload and try again"
            ) from error

    def _answer(self, answer: A, *aggregates: Aggregate, conflict: LedgerError | None = None) -> A:
        """Save the decision with its answer (see `save`), and return the answer."""
        self._commit(*aggregates, conflict=conflict, answer=answer)
        return answer

    def _load(
        self,
        cls: type[T],
        aggregate_id: UUID,
        actor: Actor,
        *,
        version: int | None = None,
        include_deleted: bool = False,
        expected_version: ExpectedVersion = None,
    ) -> T:
        """The aggregate of `cls` in the actor's workspace; anything else is simply not found.

        With `expected_version`, it must be at that version (HTTP If-Match): checked on the very
        state the use case decides on, and the optimistic save closes the race after it.
        """
        missing = NotFound(f"{cls.__name__} {aggregate_id} not found")
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id, version=version, projector_func=project)
        except AggregateNotFoundError:
            raise missing from None
        if not isinstance(aggregate, cls) or aggregate.workspace_id != actor.workspace_id:
            raise missing
        if getattr(aggregate, "deleted", False) and not include_deleted:
            raise missing
        if expected_version is not None:
            expected = {expected_version} if isinstance(expected_version, int) else set(expected_version)
            if aggregate.version not in expected:
                raise VersionMismatch(f"{cls.__name__} {aggregate_id} is at version {aggregate.version}")
        return aggregate

    def _load_many(self, cls: type[T], aggregate_ids: Sequence[UUID], actor: Actor) -> list[T]:
        """The aggregates of `cls` in the actor's workspace among `aggregate_ids`, in their order,
        from one query; ids missing, deleted, of another type or workspace are left out.

        Each aggregate has the version it was read at, so saving it fails, as after `_load`, when
        anything was recorded on it meanwhile (optimistic concurrency).
        """
        stored = self.index.select_events_of(aggregate_ids)
        by_id = {
            aggregate.id: aggregate
            for aggregate in replay_each(stored, self.mapper.to_domain_event)
            if isinstance(aggregate, cls)
            and aggregate.workspace_id == actor.workspace_id
            and not getattr(aggregate, "deleted", False)
        }
        return [by_id[i] for i in aggregate_ids if i in by_id]

    def _version_at(self, aggregate_id: UUID, as_of: datetime) -> int:
        """The version an aggregate had at `as_of`: its last event recorded at or before then."""
        events = cast(list[Aggregate.Event], list(self.events.get(aggregate_id)))
        versions = [e.originator_version for e in events if e.timestamp <= as_of]
        if not versions:
            raise NotFound(f"{aggregate_id} did not exist at {as_of.isoformat()}")
        return versions[-1]

    def _workspace(self, actor: Actor) -> Workspace:
        return self._load(Workspace, actor.workspace_id, actor)

    def _load_workspace(self, workspace_id: UUID) -> Workspace:
        workspace: Workspace = self.repository.get(workspace_id, projector_func=project)
        return workspace

    def _today(self, workspace: Workspace) -> date:
        return workspace.today(self.clock())
