"""Signing up, the workspace and its settings (SPEC §2, §9, §10)."""

import hmac
from typing import Annotated

from fastapi import APIRouter, Header, Response

from api.deps import ActorDep, IfMatchDep, LedgerDep, SettingsDep, tagged
from api.errors import Unauthorized
from api.openapi import raises
from api.routers import WORKSPACE
from ledger.commands import ChangeSettings, ChangeWorkspace, CreateWorkspace
from ledger.errors import ConcurrentUpdate, Forbidden
from ledger.views import SignedUp, WorkspaceView
from ledger.workspace import WorkspaceSettings

router = APIRouter(tags=["workspaces"])


@router.post("/v1/workspaces", status_code=201, summary="Sign up: create a workspace and its owner")
@raises(Unauthorized)
def sign_up(
    body: CreateWorkspace,
    ledger: LedgerDep,
    settings: SettingsDep,
    response: Response,
    signup_token: Annotated[str | None, Header(alias="X-Signup-Token")] = None,
) -> SignedUp:
    """A workspace with its owner; the owner's API key is shown this once."""
    if settings.signup_token and not hmac.compare_digest(
        (signup_token or "").encode(), settings.signup_token.encode()
    ):
        raise Unauthorized("signing up needs the X-Signup-Token header")
    return tagged(response, ledger.create_workspace(body))


@router.get(WORKSPACE, summary="Get the workspace")
@raises()
def get_workspace(actor: ActorDep, ledger: LedgerDep, response: Response) -> WorkspaceView:
    """The workspace's name, currency, time zone and default hourly rate."""
    return tagged(response, ledger.get_workspace(actor))


@router.patch(WORKSPACE, summary="Change the workspace")
@raises(Forbidden, ConcurrentUpdate)
def edit_workspace(
    body: ChangeWorkspace, actor: ActorDep, ledger: LedgerDep, response: Response, expected: IfMatchDep
) -> WorkspaceView:
    """Change the name, currency, time zone or default rate; entries and invoices keep what they captured."""
    return tagged(response, ledger.edit_workspace(actor, body, expected))


@router.get(f"{WORKSPACE}/settings", summary="Get the settings")
@raises(Forbidden)
def get_settings(actor: ActorDep, ledger: LedgerDep) -> WorkspaceSettings:
    """Rounding, numbering, defaults, item type labels, the locale and words of documents, PDF options,
    the company that bills and its logo."""
    return ledger.get_settings(actor)


@router.patch(f"{WORKSPACE}/settings", summary="Change settings")
@raises(Forbidden, ConcurrentUpdate)
def change_settings(
    body: ChangeSettings, actor: ActorDep, ledger: LedgerDep, expected: IfMatchDep
) -> WorkspaceSettings:
    """Change settings; nested objects merge field by field. If-Match names the workspace's version."""
    return ledger.change_settings(actor, body, expected)
