"""Operators' endpoints (SPEC §10): liveness, readiness, Prometheus metrics."""

from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import PersistenceError
from fastapi import APIRouter, Request, Response

from api.errors import NotReady
from api.metrics import CONTENT_TYPE
from api.openapi import raises
from outbox.metrics import exposition

router = APIRouter(tags=["operations"])
# More events than this still to project means lists would answer 503 for a long while.
READY_MAX_LAG = 10_000


@router.get("/healthz", summary="Liveness")
@raises()
def healthz() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@router.get("/readyz", summary="Readiness")
@raises(NotReady)
def readyz(request: Request) -> dict[str, Any]:
    """The database answers and the read models are not hopelessly behind."""
    try:
        projections = request.app.state.read_models.status()
    except PersistenceError:
        raise NotReady("the database does not answer") from None
    behind = [p["name"] for p in projections if p["lag"] > READY_MAX_LAG]
    if behind:
        raise NotReady(f"read models more than {READY_MAX_LAG} events behind: {', '.join(behind)}")
    return {"status": "ready", "projections": projections}


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE: {}}}},
    summary="Prometheus metrics",
)
@raises()
def metrics(request: Request) -> Response:
    """Requests by method, route and status, with latencies; projection positions and lag; the outbox."""
    text = request.app.state.metrics.render(request.app.state.read_models.status())
    text += exposition(request.app.state.outbox.metrics(datetime.now(UTC)))
    return Response(text, media_type=CONTENT_TYPE)
