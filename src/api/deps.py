"""Dependencies of the routes: the ledger, the caller, fresh read models, paging, versions."""

from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Header, Path, Query, Request, Response
from fastapi.security import APIKeyHeader

from api.errors import Unauthorized
from ledger.access import Actor
from ledger.application import Ledger
from ledger.config import Settings
from ledger.errors import NotFound
from ledger.usecases.base import expect_version
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


# Offsets beyond this overflow the databases' integers; no list is that long.
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class Paging:
    page: int
    page_size: int


def paging(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="From 1")] = 1,
    page_size: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> Paging:
    return Paging(page, page_size)


PagingDep = Annotated[Paging, Depends(paging)]
ETAGS = r'^\s*(\*|(W/)?"\d+"(\s*,\s*(W/)?"\d+")*)\s*$'
IfMatch = Annotated[
    str | None,
    Header(alias="If-Match", pattern=ETAGS, description='The version you last saw, as its ETag: "3"'),
]


def require_version(if_match: str | None, aggregate_id: UUID) -> None:
    """412 (from the use case) unless `If-Match` names the version the use case finds (or is
    absent, or `*`)."""
    if if_match is None:
        return
    tags = {tag.strip().removeprefix("W/").strip('"') for tag in if_match.split(",")}
    if "*" not in tags:
        expect_version(aggregate_id, {int(tag) for tag in tags})


def tagged(response: Response, view: dict[str, Any]) -> dict[str, Any]:
    """The view, with its version as the response's ETag."""
    response.headers["ETag"] = f'"{view["version"]}"'
    return view
