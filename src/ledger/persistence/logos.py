"""Logo bytes, kept by content in the transaction that records `Workspace.LogoChanged`."""

from dataclasses import dataclass
from uuid import UUID

from ledger.persistence.sql import SideWrite, Tx
from ledger.workspace import Logo

# The same bytes twice are one row: a logo put back later is found under the same hash.
LOGOS = SideWrite("logos", ("text", "text", "text", "bytea"), "ON CONFLICT DO NOTHING")


@dataclass(frozen=True)
class LogoBytes:
    """A `SideWriter`: the bytes of a logo, written with the event that names them."""

    workspace_id: UUID
    logo: Logo
    content: bytes

    def write(self, tx: Tx) -> None:
        tx.write(LOGOS, [(str(self.workspace_id), self.logo.sha256, self.logo.content_type, self.content)])
