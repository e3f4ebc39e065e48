"""The outbox's figures, in one place: this process's counters, and the store's state as gauges.

`families(...)` is what a metrics module exposes (Prometheus text today with `exposition`; a
prometheus-client collector can yield the same families). Counters are per process; the gauges
(e-mails by status, oldest waiting, position and lag) are read from the store, so any process
reports them alike.
"""

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

# An attempt ends delivered, failed for now (to retry), failed for good, or cancelled (invoice voided).
OUTCOMES = ("delivered", "retry", "failed", "cancelled")


@dataclass(frozen=True)
class Family:
    """One metric: its name, kind, help text and samples (labels → value)."""

    name: str
    kind: Literal["counter", "gauge"]
    help: str
    samples: list[tuple[dict[str, str], float]] = field(default_factory=list)


@dataclass(frozen=True)
class OutboxStatus:
    """Where the outbox stands: e-mails by status, the oldest waiting, how far it follows the log."""

    queued: int
    sending: int
    delivered: int
    failed: int
    oldest_waiting_since: datetime | None
    position: int
    head: int
    worker_active: bool

    @property
    def lag(self) -> int:
        return max(self.head - self.position, 0)

    def oldest_waiting_seconds(self, now: datetime) -> float:
        since = self.oldest_waiting_since
        return 0.0 if since is None else max((now - since).total_seconds(), 0.0)


class OutboxCounters:
    """What this process's worker did: attempts by outcome, time rendering PDFs and talking SMTP."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.attempts = dict.fromkeys(OUTCOMES, 0)
        self.pdf_renders = 0
        self.pdf_seconds = 0.0
        self.smtp_seconds = 0.0

    def attempted(self, outcome: str) -> None:
        with self._lock:
            self.attempts[outcome] += 1

    def rendered(self, seconds: float) -> None:
        with self._lock:
            self.pdf_renders += 1
            self.pdf_seconds += seconds

    def sent(self, seconds: float) -> None:
        with self._lock:
            self.smtp_seconds += seconds


def families(counters: OutboxCounters, status: OutboxStatus, now: datetime) -> list[Family]:
    """Every outbox metric, ready to expose."""
    with counters._lock:
        attempts = dict(counters.attempts)
        renders, pdf_seconds, smtp_seconds = counters.pdf_renders, counters.pdf_seconds, counters.smtp_seconds
    by_status = {
        "queued": status.queued,
        "sending": status.sending,
        "delivered": status.delivered,
        "failed": status.failed,
    }
    return [
        Family(
            "ledger_outbox_emails",
            "gauge",
            "E-mails in the outbox by status",
            [({"status": name}, count) for name, count in by_status.items()],
        ),
        Family(
            "ledger_outbox_oldest_waiting_seconds",
            "gauge",
            "Age of the oldest e-mail queued or being sent (0 when none waits)",
            [({}, status.oldest_waiting_seconds(now))],
        ),
        Family(
            "ledger_outbox_position",
            "gauge",
            "Notification id the outbox has followed up to",
            [({}, status.position)],
        ),
        Family("ledger_outbox_lag", "gauge", "Events the outbox has still to follow", [({}, status.lag)]),
        Family(
            "ledger_outbox_worker_active",
            "gauge",
            "1 if this process holds the outbox's lock and sends",
            [({}, int(status.worker_active))],
        ),
        Family(
            "ledger_outbox_attempts_total",
            "counter",
            "Delivery attempts by this process, by outcome",
            [({"outcome": outcome}, count) for outcome, count in attempts.items()],
        ),
        Family(
            "ledger_outbox_pdf_renders_total", "counter", "Invoice PDFs rendered for e-mails", [({}, renders)]
        ),
        Family(
            "ledger_outbox_pdf_render_seconds_total",
            "counter",
            "Time spent rendering PDFs",
            [({}, pdf_seconds)],
        ),
        Family("ledger_outbox_smtp_seconds_total", "counter", "Time spent delivering", [({}, smtp_seconds)]),
    ]


def _labels(labels: dict[str, str]) -> str:
    # Label values here are fixed words (statuses, outcomes): nothing to escape.
    return "{" + ",".join(f'{name}="{value}"' for name, value in labels.items()) + "}" if labels else ""


def exposition(metrics: Iterable[Family]) -> str:
    """The families in Prometheus text format."""
    lines = []
    for family in metrics:
        lines += [f"# HELP {family.name} {family.help}", f"# TYPE {family.name} {family.kind}"]
        lines += [f"{family.name}{_labels(labels)} {float(value)!r}" for labels, value in family.samples]
    return "\n".join(lines) + "\n"
