"""Recomputing a workspace's chain from the stored events, in pages: memory stays constant.

Each link is checked on its own (`hash(n) = SHA-256(stored hash(n-1) ‖ bytes of event n)`), so
one edited event is one problem and does not make every later link look broken; a chain
rewritten consistently is caught by the anchors, which must match the links at their seq.
"""

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper, Recorder
from eventsourcing.utils import TopicError, resolve_topic

from ledger.audit.canonical import RecordedEvent, instant_text
from ledger.audit.chain import genesis, link
from ledger.audit.store import decode_state, transaction
from ledger.audit.tables import (
    SELECT_HEAD,
    SELECT_LINK,
    SELECT_LINKS,
    SELECT_LINKS_AT,
    SELECT_PAST_HEAD,
    SELECT_UNCHAINED,
    SELECT_WORKSPACE_OF,
)
from ledger.audit.views import Anchor, AuditProblem, ChainHead, ProblemKind, Verification
from ledger.errors import Conflict, NotFound

PAGE = 2000
# A report lists at most this many problems (the count says how many more there were).
MAX_PROBLEMS = 1000
Progress = Callable[[int], None]


class ChainNotBuilt(Conflict):
    """The workspace's events predate the chain: `ledger audit init` must chain them first."""

    slug = "audit-chain-not-built"


def head_of(row: Sequence[Any]) -> ChainHead:
    recorded_at = datetime.fromisoformat(row[3]) if row[3] else None
    return ChainHead(seq=int(row[1]), hash=row[2], recorded_at=recorded_at)


# Whatever an edit made of the stored bytes (bad JSON, an unknown topic or field, a value with no
# canonical form), the event cannot be read as it was recorded.
UNREADABLE = (ValueError, TypeError, LookupError, AttributeError, TopicError)


class Verifier:
    """Verifies the chains of one store."""

    def __init__(self, recorder: Recorder, mapper: Mapper[Any], progress: Progress | None = None) -> None:
        self.recorder = recorder
        self.mapper = mapper
        self.progress = progress or (lambda n: None)

    def head(self, workspace_id: UUID) -> ChainHead:
        with transaction(self.recorder) as t:
            rows = t.query(SELECT_HEAD, (str(workspace_id),))
        if not rows:
            raise NotFound(f"workspace {workspace_id} has no audit chain")
        return head_of(rows[0])

    def read(self, topic: str, state: bytes) -> RecordedEvent:
        return RecordedEvent.of(resolve_topic(topic), decode_state(self.mapper, topic, bytes(state)))

    def verify(self, workspace_id: UUID, anchors: Sequence[Anchor] = ()) -> Verification:
        """The workspace's links, each against its stored event, then the events no link names."""
        walk = self.walk(workspace_id, anchors)
        for _, problem in self.unchained(str(workspace_id)):
            walk.report(problem)
        return walk.verification()

    def walk(self, workspace_id: UUID, anchors: Sequence[Anchor] = ()) -> "Walk":
        """The workspace's links, each against its stored event (not yet the unchained events)."""
        head = self.head(workspace_id)
        if head.hash is None:
            raise ChainNotBuilt(
                f"workspace {workspace_id} holds events recorded before the audit chain: "
                "an operator must run `ledger audit init` first"
            )
        walk = Walk(self, str(workspace_id), head, anchors)
        walk.run()
        return walk

    def unchained(
        self, workspace: str | None, pending: frozenset[str] = frozenset()
    ) -> Iterator[tuple[str | None, AuditProblem]]:
        """Events in the store no link accounts for, with their workspace if it can be told: of
        `workspace` only, or of any (None).

        Events of workspaces still `pending` (not chained yet), and, while any is, events whose
        workspace cannot be told, are not problems.
        """
        after = -1
        while True:
            with transaction(self.recorder) as t:
                rows = t.query(SELECT_UNCHAINED, (after, PAGE))
                for _, key, version, topic, state in rows:
                    owner = self._workspace_of(t.query, key, topic, state)
                    if owner in pending or (owner is None and pending):
                        continue
                    if workspace is not None and owner != workspace:
                        continue
                    problem = AuditProblem(
                        seq=None,
                        aggregate_id=UUID(str(key)),
                        version=int(version),
                        kind=ProblemKind.INSERTED,
                        detail="no link accounts for this event",
                    )
                    yield owner, problem
            if len(rows) < PAGE:
                return
            after = rows[-1][0]

    def _workspace_of(self, query: Callable[..., Any], key: Any, topic: str, state: bytes) -> str | None:
        """Whose event it is: the workspace of its aggregate's links, else the one it names."""
        from ledger.workspace import Workspace

        rows = query(SELECT_WORKSPACE_OF, (key,))
        if rows:
            return str(rows[0][0])
        try:
            data = decode_state(self.mapper, topic, bytes(state))
            named = data.get("workspace_id")
            if named is None and resolve_topic(topic) is Workspace.WorkspaceCreated:
                named = key
        except UNREADABLE:
            return None
        return None if named is None else str(UUID(str(named)))


class Walk:
    """One pass over a workspace's links, in seq order, page by page."""

    def __init__(
        self, verifier: Verifier, workspace: str, head: ChainHead, anchors: Sequence[Anchor]
    ) -> None:
        self.verifier = verifier
        self.workspace = workspace
        self.head = head
        self.anchors: dict[int, set[str]] = {}
        for anchor in anchors:
            self.anchors.setdefault(anchor.seq, set()).add(anchor.hash)
        self.problems: list[AuditProblem] = []
        self.problem_count = 0
        self.events = 0

    def report(self, problem: AuditProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)

    def problem(self, kind: ProblemKind, seq: int | None, key: Any, version: int | None, detail: str) -> None:
        aggregate_id = None if key is None else UUID(str(key))
        self.report(
            AuditProblem(seq=seq, aggregate_id=aggregate_id, version=version, kind=kind, detail=detail)
        )

    def run(self) -> None:
        expected = 1
        previous: bytes | None = None
        # The previous link's event: where it stands in the store's log, and which it is.
        before: tuple[int, Any, int] | None = None
        last = 0
        while True:
            with transaction(self.verifier.recorder) as t:
                rows = t.query(SELECT_LINKS, (self.workspace, last, self.head.seq, PAGE))
                for seq, key, version, hash, _, built_at, topic, state, position in rows:
                    if seq != expected:
                        self.problem(
                            ProblemKind.MISSING,
                            expected,
                            None,
                            None,
                            f"links {expected} to {seq - 1} are gone",
                        )
                        previous, before = None, None
                    if seq == 1:
                        previous = genesis(built_at)
                    stored = _hash_bytes(hash)
                    if topic is None:
                        self.problem(ProblemKind.MISSING, seq, key, version, "the event of this link is gone")
                        before = None
                    elif not self._check(t.query, seq, key, version, topic, state, previous, stored):
                        before = None  # one problem per event: its place in the log is not judged
                    else:
                        if before is not None and position < before[0]:
                            detail = f"in the store's log this event comes after that of link {seq}"
                            self.problem(ProblemKind.REORDERED, seq - 1, before[1], before[2], detail)
                        before = (position, key, version)
                    for anchored in self.anchors.pop(seq, ()):
                        if anchored != hash:
                            self.problem(
                                ProblemKind.ANCHOR_MISMATCH, seq, key, version, f"the anchor says {anchored}"
                            )
                    if seq == self.head.seq and hash != self.head.hash:
                        self.problem(
                            ProblemKind.CHANGED, seq, key, version, "the head does not match this link"
                        )
                    previous, expected, last = stored, seq + 1, seq
                    self.events += 1
            self.verifier.progress(len(rows))
            if len(rows) < PAGE:
                break
        self._after(expected)

    def _check(
        self,
        query: Callable[..., Any],
        seq: int,
        key: Any,
        version: int,
        topic: str,
        state: bytes,
        previous: bytes | None,
        stored: bytes,
    ) -> bool:
        """Does the stored event still give this link's hash? If not, is it another link's event?"""
        aggregate_id = UUID(str(key))
        try:
            event = self.verifier.read(topic, state)
            canonical = event.canonical(aggregate_id, version)
        except UNREADABLE as error:
            self.problem(ProblemKind.CHANGED, seq, key, version, f"the event no longer reads: {error}")
            return False
        if previous is None or link(previous, canonical) == stored:
            return True
        if self._is_elsewhere(query, key, version, event):
            self.problem(ProblemKind.REORDERED, seq, key, version, "this is the event of another version")
        else:
            self.problem(ProblemKind.CHANGED, seq, key, version, "the event does not give this link's hash")
        return False

    def _is_elsewhere(self, query: Callable[..., Any], key: Any, version: int, event: RecordedEvent) -> bool:
        """Is the event intact but stored at another version of its aggregate (versions swapped)?"""
        aggregate_id = UUID(str(key))
        when = instant_text(event.recorded_at)
        for seq, other_version, hash in query(SELECT_LINKS_AT, (self.workspace, key, when, version)):
            rows = query(SELECT_LINK, (self.workspace, max(seq - 1, 1)))
            if not rows:
                continue
            previous = genesis(rows[0][2]) if seq == 1 else bytes.fromhex(rows[0][0])
            if link(previous, event.canonical(aggregate_id, int(other_version))).hex() == hash:
                return True
        return False

    def _after(self, expected: int) -> None:
        if expected <= self.head.seq:
            self.problem(
                ProblemKind.MISSING, expected, None, None, f"the head is at {self.head.seq}: links are gone"
            )
        with transaction(self.verifier.recorder) as t:
            past = t.query(SELECT_PAST_HEAD, (self.workspace, self.workspace))
        if past:
            seq, key, version = past[0]
            self.problem(ProblemKind.INSERTED, seq, key, version, "a link past the workspace's head")
        for seq in sorted(self.anchors):
            self.problem(ProblemKind.ANCHOR_MISMATCH, seq, None, None, f"the chain has no link {seq}")

    def verification(self) -> Verification:
        return Verification(
            ok=self.problem_count == 0, events=self.events, head=self.head, problems=self.problems
        )


def _hash_bytes(text: Any) -> bytes:
    """A link's stored hash as bytes; an edited one that is no hash at all matches nothing."""
    try:
        raw = bytes.fromhex(text)
    except (TypeError, ValueError):
        return b""
    return raw if len(raw) == 32 and raw.hex() == text else b""
