"""Who is acting, and what their role lets them do (SPEC §10)."""

from dataclasses import dataclass
from enum import Enum
from uuid import UUID

from ledger.errors import Forbidden


class Role(Enum):
    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"
    AUDITOR = "auditor"


@dataclass(frozen=True)
class Actor:
    """The authenticated member on whose behalf a use case runs."""

    workspace_id: UUID
    member_id: UUID
    role: Role

    @property
    def manages(self) -> bool:
        return self.role in (Role.OWNER, Role.ADMIN)

    @property
    def reads_everything(self) -> bool:
        return self.role is not Role.MEMBER

    def require_manager(self) -> None:
        if not self.manages:
            raise Forbidden("only owners and admins may do this")

    def require_reader_of_all(self) -> None:
        if not self.reads_everything:
            raise Forbidden("members see only their own time and expenses")

    def require_writer(self) -> None:
        if self.role is Role.AUDITOR:
            raise Forbidden("auditors read and never write")

    def require_may_act_for(self, member_id: UUID) -> None:
        """Members log and read their own entries; managers anyone's; auditors read only."""
        self.require_writer()
        if member_id != self.member_id and not self.manages:
            raise Forbidden("only owners and admins may act for another member")
