"""The audit chain (SPEC §17): the head to keep as an anchor, and verification against anchors."""

from fastapi import APIRouter

from api.deps import ActorDep, LedgerDep
from api.openapi import raises
from api.routers import WORKSPACE
from ledger.audit.verify import ChainNotBuilt
from ledger.audit.views import ChainHead, Verification, VerifyRequest
from ledger.errors import Forbidden

router = APIRouter(prefix=f"{WORKSPACE}/audit", tags=["audit"])


@router.get("/head", summary="The head of the workspace's audit chain")
@raises(Forbidden, ChainNotBuilt)
def audit_head(actor: ActorDep, ledger: LedgerDep) -> ChainHead:
    """The workspace's last link: keep `seq` and `hash` outside the system as an anchor."""
    return ledger.audit_head(actor)


@router.post("/verify", summary="Verify the workspace's history against the chain and anchors")
@raises(Forbidden, ChainNotBuilt)
def verify(actor: ActorDep, ledger: LedgerDep, body: VerifyRequest | None = None) -> Verification:
    """Recompute the chain from the stored events; each anchor must still match its link.

    200 whatever is found: `ok` says whether the history is intact, `problems` what is not.
    """
    return ledger.verify_chain(actor, body.anchors if body else ())
