"""A drill's HTTP client: a workspace of its own, keyed writes retried until they are answered."""

import time
from dataclasses import dataclass
from typing import Any

import httpx

TIMEOUT = httpx.Timeout(15.0, connect=2.0)
# Idle connections are dropped before uvicorn's 5 s keep-alive ends: a request sent on a connection
# the server is closing at that instant would fail without an answer (a race of HTTP/1.1 itself).
LIMITS = httpx.Limits(keepalive_expiry=2.0)
RETRYABLE = {409, 429, 503}


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    etag: str | None
    replayed: bool


def sign_up(base_url: str, name: str = "Drill") -> dict[str, Any]:
    body = {
        "name": name,
        "currency": "EUR",
        "timezone": "UTC",
        "hourly_rate": "100.00",
        "owner": {"name": "Olga Owner", "email": "olga@example.com"},
    }
    response = httpx.post(f"{base_url}/v1/workspaces", json=body, timeout=TIMEOUT)
    response.raise_for_status()
    return dict(response.json())


class DrillClient:
    """Requests with a workspace's key against whichever API base URL is given."""

    def __init__(self, workspace: dict[str, Any], timeout: float | None = None) -> None:
        self.workspace_id = workspace["id"]
        self.key = workspace["api_key"]
        limit = TIMEOUT if timeout is None else httpx.Timeout(timeout, connect=2.0)
        self.http = httpx.Client(timeout=limit, limits=LIMITS, headers={"X-Api-Key": self.key})

    def url(self, base_url: str, path: str) -> str:
        return f"{base_url}/v1/workspaces/{self.workspace_id}{path}"

    def request(self, base_url: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.request(method, self.url(base_url, path), **kwargs)

    def keyed_post(
        self, base_url: str, path: str, body: Any, key: str, deadline: float, pause: float = 0.1
    ) -> tuple[Answer | None, list[int]]:
        """POST with an Idempotency-Key, retried (same key, same body) through connection losses and
        retryable statuses until answered or `deadline`; the answer and every status seen."""
        seen: list[int] = []
        while time.monotonic() < deadline:
            try:
                response = self.request(base_url, "POST", path, json=body, headers={"Idempotency-Key": key})
            except httpx.TransportError:
                seen.append(0)  # no answer: the server died or is restarting
                time.sleep(pause)
                continue
            seen.append(response.status_code)
            if response.status_code in RETRYABLE:
                time.sleep(pause)
                continue
            return (
                Answer(
                    response.status_code,
                    response.content,
                    response.headers.get("etag"),
                    response.headers.get("idempotent-replayed") == "true",
                ),
                seen,
            )
        return None, seen

    def all_items(self, base_url: str, path: str, params: dict[str, Any] | None = None) -> list[Any]:
        """Every item of a paged list."""
        items: list[Any] = []
        page = 1
        while True:
            response = self.request(
                base_url, "GET", path, params={**(params or {}), "page": page, "page_size": 1000}
            )
            response.raise_for_status()
            body = response.json()
            items += body["items"]
            if len(items) >= body["total"] or not body["items"]:
                return items
            page += 1

    def close(self) -> None:
        self.http.close()
