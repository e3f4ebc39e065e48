"""Prometheus metrics (prometheus-client): requests by method, route template and status, their
latencies as histograms, the process, and the read models' positions and lag read at scrape time.

Each app has a registry of its own (no global state: tests build many apps in one process).
"""

import time
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import prometheus_client
from prometheus_client import CollectorRegistry, Counter, GCCollector, Histogram, ProcessCollector
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4
LABELS = ("method", "route", "status")
PROJECTION_GAUGES = {
    "position": "Notification id the projection has processed up to",
    "head": "Notification id of the event store's head",
    "lag": "Events the projection has still to process",
    "events_per_second": "Recent processing rate of the projection",
}


class ProjectionStatus(Collector):
    """The read models' status rows (`ReadModels.status()`) as gauges, one per projection."""

    def __init__(self, rows: Iterable[Mapping[str, Any]]) -> None:
        self.rows = list(rows)

    def collect(self) -> Iterator[Metric]:
        for gauge, help_text in PROJECTION_GAUGES.items():
            family = GaugeMetricFamily(f"ledger_projection_{gauge}", help_text, labels=["projection"])
            for row in self.rows:
                family.add_metric([str(row["name"])], float(row[gauge]))
            yield family


class Metrics:
    """Request counters and latency histograms of one app, safe across worker threads."""

    def __init__(self) -> None:
        # Counters without their `_created` twins: scrapers do not need when a series began.
        prometheus_client.disable_created_metrics()  # type: ignore[no-untyped-call]
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "ledger_http_requests", "HTTP requests answered", LABELS, registry=self.registry
        )
        self.durations = Histogram(
            "ledger_http_request_duration_seconds",
            "Time to answer HTTP requests",
            LABELS,
            buckets=BUCKETS,
            registry=self.registry,
        )
        ProcessCollector(registry=self.registry)
        GCCollector(registry=self.registry)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        labels = (method, route, str(status))
        self.requests.labels(*labels).inc()
        self.durations.labels(*labels).observe(seconds)

    def render(self, projections: Iterable[Mapping[str, Any]]) -> str:
        """The exposition text: this app's series, then the projections' status read just now."""
        scrape = CollectorRegistry(auto_describe=False)
        scrape.register(ProjectionStatus(projections))
        return (
            prometheus_client.generate_latest(self.registry) + prometheus_client.generate_latest(scrape)
        ).decode()


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
