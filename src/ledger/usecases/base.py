"""What every use case builds on: loading with tenancy checks, and atomic saving."""

from collections.abc import Callable, Collection, Sequence
from datetime import UTC, date, datetime
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Recording

from ledger.access import Actor
from ledger.aggregate import WorkspaceAggregate
from ledger.errors import ConcurrentUpdate, LedgerError, NotFound, VersionMismatch
from ledger.persistence import ApiKeyRow, IndexRows, LedgerIndex
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
    # The workspace gains an event per invoice number: snapshots keep loading it cheap.
    snapshotting_intervals = {Workspace: 100}  # noqa: RUF012

    def __init__(
        self, env: dict[str, str] | None = None, clock: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__(env)
        self.clock = clock or (lambda: datetime.now(UTC))
        self.index.migrate(self.mapper.to_domain_event)

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
        """Record every aggregate's new events, and their side-table rows, in one transaction.

        `answer` is what the use case answers with this save (its view, built before saving):
        when the caller keeps answers (`answering`), it is recorded in the same transaction.
        """
        writers = [IndexRows.of(aggregates, api_keys), *kwargs.pop("side_writers", ())]
        hook = current_hook()
        if hook is None:
            return super().save(*aggregates, side_writers=writers, **kwargs)
        if answer is NO_ANSWER:
            raise UnansweredSave("a save under an answer hook must pass its answer")
        writer = hook.writer(answer)
        recordings = super().save(*aggregates, side_writers=[*writers, writer], **kwargs)
        hook.committed(writer)
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
            aggregate: Aggregate = self.repository.get(aggregate_id, version=version)
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
        workspace: Workspace = self.repository.get(workspace_id)
        return workspace

    def _today(self, workspace: Workspace) -> date:
        return workspace.today(self.clock())
