"""What every use case builds on: loading with tenancy checks, and atomic saving."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextvars import ContextVar
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any, TypeVar, cast
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Recording

from ledger.access import Actor
from ledger.aggregate import WorkspaceAggregate
from ledger.errors import ConcurrentUpdate, LedgerError, NotFound, VersionMismatch
from ledger.persistence import ApiKeyRow, IndexRows, LedgerIndex
from ledger.transcodings import register_domain_transcodings
from ledger.workspace import Workspace

T = TypeVar("T", bound=WorkspaceAggregate)

_expected_versions: ContextVar[Mapping[UUID, frozenset[int]]] = ContextVar(
    "expected_versions", default=MappingProxyType({})
)


def expect_version(aggregate_id: UUID, versions: Iterable[int]) -> None:
    """For the rest of the current context (one API request), acting on `aggregate_id` fails with
    `VersionMismatch` unless it is at one of `versions`: HTTP `If-Match`, checked on the very
    state the use case decides on, so the optimistic save closes the race."""
    _expected_versions.set({**_expected_versions.get(), aggregate_id: frozenset(versions)})


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

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)

    @property
    def index(self) -> LedgerIndex:
        return cast(LedgerIndex, self.recorder)

    def save(  # type: ignore[override]
        self, *aggregates: Aggregate, api_keys: Sequence[ApiKeyRow] = (), **kwargs: Any
    ) -> list[Recording[UUID]]:
        """Record every aggregate's new events, and their side-table rows, in one transaction."""
        return super().save(*aggregates, index=IndexRows.of(aggregates, api_keys), **kwargs)

    def _commit(self, *aggregates: Aggregate, conflict: LedgerError | None = None) -> None:
        """Save, turning a lost optimistic-concurrency race into a ledger conflict."""
        try:
            self.save(*aggregates)
        except IntegrityError as error:
            raise conflict or ConcurrentUpdate(
                "changed concurrently by another request: reload and try again"
            ) from error

    def _load(
        self,
        cls: type[T],
        aggregate_id: UUID,
        actor: Actor,
        *,
        version: int | None = None,
        include_deleted: bool = False,
    ) -> T:
        """The aggregate of `cls` in the actor's workspace; anything else is simply not found."""
        missing = NotFound(f"{cls.__name__} {aggregate_id} not found")
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            raise missing from None
        if not isinstance(aggregate, cls) or aggregate.workspace_id != actor.workspace_id:
            raise missing
        if getattr(aggregate, "deleted", False) and not include_deleted:
            raise missing
        expected = _expected_versions.get().get(aggregate_id)
        if expected is not None and version is None:
            if aggregate.version not in expected:
                raise VersionMismatch(f"{cls.__name__} {aggregate_id} is at version {aggregate.version}")
            # Checked once: the use case may load it again after its own save.
            _expected_versions.set({k: v for k, v in _expected_versions.get().items() if k != aggregate_id})
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

    def _today(self, workspace: Workspace) -> date:
        return self.clock().astimezone(ZoneInfo(workspace.timezone)).date()
