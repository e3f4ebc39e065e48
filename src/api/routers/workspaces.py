"""Signing up, the workspace and its settings (SPEC §2, §9, §10)."""

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Header, Response

from api.deps import ActorDep, IfMatch, LedgerDep, SettingsDep, require_version, tagged
from api.errors import Unauthorized
from api.routers import WORKSPACE
from api.schemas.settings import SettingsOut, SettingsPatch
from api.schemas.workspaces import SignedUp, Signup, WorkspaceOut, WorkspacePatch
from ledger.plain import plain

router = APIRouter(tags=["workspaces"])


@router.post("/v1/workspaces", status_code=201, response_model=SignedUp)
def sign_up(
    body: Signup,
    ledger: LedgerDep,
    settings: SettingsDep,
    signup_token: Annotated[str | None, Header(alias="X-Signup-Token")] = None,
) -> dict[str, Any]:
    """A workspace with its owner; the owner's API key is shown this once."""
    if settings.signup_token and not hmac.compare_digest(
        (signup_token or "").encode(), settings.signup_token.encode()
    ):
        raise Unauthorized("signing up needs the X-Signup-Token header")
    created = ledger.create_workspace(
        body.name, body.currency, body.timezone, body.hourly_rate, body.owner.name, body.owner.email
    )
    return plain(created)  # type: ignore[no-any-return]


@router.get(WORKSPACE, response_model=WorkspaceOut)
def get_workspace(actor: ActorDep, ledger: LedgerDep, response: Response) -> dict[str, Any]:
    return tagged(response, plain(ledger.get_workspace(actor)))


@router.patch(WORKSPACE, response_model=WorkspaceOut)
def edit_workspace(
    body: WorkspacePatch, actor: ActorDep, ledger: LedgerDep, response: Response, if_match: IfMatch = None
) -> dict[str, Any]:
    require_version(if_match, actor.workspace_id)
    return tagged(response, plain(ledger.edit_workspace(actor, body.changes())))


@router.get(f"{WORKSPACE}/settings", response_model=SettingsOut)
def get_settings(actor: ActorDep, ledger: LedgerDep) -> dict[str, Any]:
    return ledger.get_settings(actor)


@router.patch(f"{WORKSPACE}/settings", response_model=SettingsOut)
def change_settings(body: SettingsPatch, actor: ActorDep, ledger: LedgerDep) -> dict[str, Any]:
    return ledger.change_settings(actor, body.changes())
