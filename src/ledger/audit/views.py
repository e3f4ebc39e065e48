"""What the audit answers: heads (anchors), problems and verifications (SPEC §17)."""

from datetime import datetime
from enum import Enum
from typing import Annotated
from uuid import UUID

from pydantic import ConfigDict, Field

from ledger.commands import Command
from ledger.views import View

HEX_HASH = r"^[0-9a-f]{64}$"


class ProblemKind(Enum):
    """What verification found wrong (each is defined in docs/audit.md)."""

    CHANGED = "changed"
    MISSING = "missing"
    INSERTED = "inserted"
    REORDERED = "reordered"
    ANCHOR_MISMATCH = "anchor-mismatch"


class ChainHead(View):
    """A workspace's last link: an anchor to keep outside the system."""

    seq: int = Field(description="Number of events chained (the last link's seq)")
    hash: str | None = Field(description="SHA-256 of the last link, hex; null until the chain is built")
    recorded_at: datetime | None = Field(description="When the last chained event was recorded")


class WorkspaceHead(ChainHead):
    workspace_id: UUID


class AuditProblem(View):
    """One thing wrong, located by its link (`seq`) and its event (aggregate and version)."""

    seq: int | None
    aggregate_id: UUID | None
    version: int | None
    kind: ProblemKind
    detail: str


class Verification(View):
    """A workspace's chain recomputed from its stored events."""

    ok: bool
    events: int = Field(description="Events verified")
    head: ChainHead
    problems: list[AuditProblem] = Field(description="In chain order; the first is the first break")


class Anchor(Command):
    """A head kept earlier: the chain must still have this hash at this seq."""

    seq: Annotated[int, Field(ge=1, strict=True)]
    hash: Annotated[str, Field(pattern=HEX_HASH, description="hex, lower case")]
    # A head is kept whole and sent back as it came: its time says nothing the hash does not.
    recorded_at: datetime | None = Field(default=None, description="Ignored: as GET /audit/head gave it")


EXAMPLE_HASH = "9f2c1e4b7a0d3c6e8b5f2a1d4c7e0b3a6d9f2c5e8b1a4d7c0e3b6a9d2f5c8e1b"


class VerifyRequest(Command):
    """Verify the chain; each anchor kept earlier (as `GET /audit/head` gave it) must still match."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "anchors": [
                        {
                            "seq": 1204,
                            "hash": "9f2c1e4b7a0d3c6e8b5f2a1d4c7e0b3a6d9f2c5e8b1a4d7c0e3b6a9d2f5c8e1b",
                        }
                    ]
                }
            ]
        },
    )

    # At most 1,000: as many as fit a request body (1 MiB), so too many is 422, never 413.
    anchors: Annotated[list[Anchor], Field(default_factory=list, max_length=1_000)]
