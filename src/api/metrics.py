"""Prometheus text exposition: requests by method, route template and status; projection lag."""

import threading
import time
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
PROJECTION_GAUGES = {
    "position": "Notification id the projection has processed up to",
    "head": "Notification id of the event store's head",
    "lag": "Events the projection has still to process",
    "events_per_second": "Recent processing rate of the projection",
}


@dataclass
class _Series:
    count: int = 0
    seconds: float = 0.0
    buckets: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))


def _labels(**labels: Any) -> str:
    def escape(value: Any) -> str:
        return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

    return "{" + ",".join(f'{name}="{escape(value)}"' for name, value in labels.items()) + "}"


class Metrics:
    """Request counters and latency histograms of one app, safe across worker threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._series: dict[tuple[str, str, str], _Series] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            series = self._series.setdefault((method, route, str(status)), _Series())
            series.count += 1
            series.seconds += seconds
            index = bisect_left(BUCKETS, seconds)
            for i in range(index, len(BUCKETS)):
                series.buckets[i] += 1

    def render(self, projections: Iterable[Mapping[str, Any]]) -> str:
        with self._lock:
            series = sorted(
                (key, _Series(s.count, s.seconds, list(s.buckets))) for key, s in self._series.items()
            )
        lines = [
            "# HELP ledger_http_requests_total HTTP requests answered",
            "# TYPE ledger_http_requests_total counter",
        ]
        for (method, route, status), s in series:
            lines.append(
                f"ledger_http_requests_total{_labels(method=method, route=route, status=status)} {s.count}"
            )
        lines += [
            "# HELP ledger_http_request_duration_seconds Time to answer HTTP requests",
            "# TYPE ledger_http_request_duration_seconds histogram",
        ]
        for (method, route, status), s in series:
            name = "ledger_http_request_duration_seconds"
            for bound, count in zip(BUCKETS, s.buckets, strict=True):
                lines.append(
                    f"{name}_bucket{_labels(method=method, route=route, status=status, le=bound)} {count}"
                )
            lines.append(
                f"{name}_bucket{_labels(method=method, route=route, status=status, le='+Inf')} {s.count}"
            )
            lines.append(f"{name}_sum{_labels(method=method, route=route, status=status)} {s.seconds}")
            lines.append(f"{name}_count{_labels(method=method, route=route, status=status)} {s.count}")
        rows = list(projections)
        for gauge, help_text in PROJECTION_GAUGES.items():
            lines += [
                f"# HELP ledger_projection_{gauge} {help_text}",
                f"# TYPE ledger_projection_{gauge} gauge",
            ]
            for row in rows:
                lines.append(f"ledger_projection_{gauge}{_labels(projection=row['name'])} {row[gauge]}")
        return "\n".join(lines) + "\n"


class MetricsMiddleware:
    """Times every HTTP request; routes are labelled by their template, never by raw paths."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # unless a response starts: an unhandled error becomes a 500
        started = time.perf_counter()

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            self.metrics.observe(scope["method"], route, status, time.perf_counter() - started)
