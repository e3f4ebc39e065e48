"""Dependencies of the routes: the ledger, the caller, fresh read models, paging, If-Match."""

from dataclasses import dataclass
from datetime import date
from typing import Annotated, TypeVar
from uuid import UUID

from fastapi import Depends, Header, Path, Query, Request, Response
from fastapi.security import APIKeyHeader

from api.errors import Unauthorized
from ledger.access import Actor
from ledger.application import Ledger
from ledger.config import Settings
from ledger.errors import NotFound
from ledger.usecases.base import ExpectedVersion
from ledger.views import Versioned
from projections import ReadModels

api_key_header = APIKeyHeader(name="X-Api-Key", auto_error=False, description="The member's API key")


def get_ledger(request: Request) -> Ledger:
    ledger: Ledger = request.app.state.ledger
    return ledger


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


LedgerDep = Annotated[Ledger, Depends(get_ledger)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def current_actor(
    workspace_id: Annotated[UUID, Path()],
    ledger: LedgerDep,
    api_key: Annotated[str | None, Depends(api_key_header)],
) -> Actor:
    """The member the key belongs to; a key only ever sees its own workspace."""
    actor = ledger.authenticate(api_key) if api_key else None
    if actor is None:
        raise Unauthorized("send a valid API key in the X-Api-Key header")
    if actor.workspace_id != workspace_id:
        raise NotFound(f"workspace {workspace_id} not found")
    return actor


ActorDep = Annotated[Actor, Depends(current_actor)]


def reader_of_all(actor: ActorDep) -> Actor:
    """The caller, if their role reads everyone's data (members read only their own)."""
    actor.require_reader_of_all()
    return actor


ReaderDep = Annotated[Actor, Depends(reader_of_all)]


def current_read_models(request: Request, actor: ActorDep, settings: SettingsDep) -> ReadModels:
    """The read models, once they reflect every write acknowledged before this request."""
    read_models: ReadModels = request.app.state.read_models
    read_models.wait_until_current(settings.read_timeout_seconds)
    return read_models


ReadsDep = Annotated[ReadModels, Depends(current_read_models)]


def workspace_timezone(actor: ActorDep, ledger: LedgerDep) -> str:
    """The workspace's time zone: report times are shown in it (SPEC §12)."""
    return ledger.get_workspace(actor).timezone


def workspace_today(actor: ActorDep, ledger: LedgerDep) -> date:
    """Today in the workspace: what "overdue" is judged against (SPEC §4)."""
    return ledger.today(actor)


TimezoneDep = Annotated[str, Depends(workspace_timezone)]
TodayDep = Annotated[date, Depends(workspace_today)]

# Offsets beyond this overflow the databases' integers; no list is that long.
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class Paging:
    page: int
    page_size: int


def paging(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="From 1")] = 1,
    page_size: Annotated[int, Query(ge=1, le=1000, description="At most 1000")] = 50,
) -> Paging:
    return Paging(page, page_size)


PagingDep = Annotated[Paging, Depends(paging)]
# Spaces and tabs only (HTTP's OWS), ASCII digits only: the same language in every regex engine.
ETAGS = r'^[ \t]*(\*|(W/)?"[0-9]+"([ \t]*,[ \t]*(W/)?"[0-9]+")*)[ \t]*$'


def expected_version(
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            pattern=ETAGS,
            description='The version you last saw, as its ETag: "3". The write fails with 412 if the '
            "resource has moved on.",
            json_schema_extra={"type": "string"},
        ),
    ] = None,
) -> ExpectedVersion:
    """The versions `If-Match` names (none for `*` or no header): the use case checks them."""
    if if_match is None:
        return None
    tags = {tag.strip().removeprefix("W/").strip('"') for tag in if_match.split(",")}
    return None if "*" in tags else {int(tag) for tag in tags}


IfMatchDep = Annotated[ExpectedVersion, Depends(expected_version)]


V = TypeVar("V", bound=Versioned)


def tagged(response: Response, view: V) -> V:
    """The view, with its version as the response's ETag."""
    response.headers["ETag"] = f'"{view.version}"'
    return view
