"""Scenario 5, rebuild: every read model's events/s, against reading the same events raw.

A stream of about 50,000 events (time entries, approvals, monthly invoices with imports) is
recorded once. The floor is the library's `select_notifications` in pages of 1,000; "read +
decode" also turns each into a domain event with the application's mapper. Each read model
is rebuilt (into fresh tables swapped in at the end) in a process of its own; the last row is
the same runner committing once per event, on a slice of the stream, to show what batching buys.
"""

from typing import Any

import data
import product
from harness import Env, Recorder, Row, compare, find, judge

RAW = "raw select_notifications"
DECODE = "select_notifications + decode"
PER_EVENT_MODEL = "time_report"
TARGET = {"postgres": 20_000, "sqlite": 30_000}  # events/s per rebuild: the earlier issue's targets


def events(env: Env) -> int:
    return 1_000 if env.smoke else 50_000


def per_event_slice(env: Env) -> int:
    return 200 if env.smoke else 2_000


def title(env: Env) -> str:
    return f"Rebuild of each read model from a stream of about {events(env):,} events"


def prepare(env: Env) -> dict[str, Any]:
    ledger = product.open_product(env.settings)
    try:
        total = product.record_stream(ledger, events(env), lambda n: data.ids(f"rebuild:{n}", 1)[0])
    finally:
        ledger.close()
    return {"events": total}


def _reader(decode: bool) -> Any:
    def measure(env: Env, fixture: dict[str, Any], rec: Recorder) -> None:
        ledger = product.open_product(env.settings)
        try:
            rec.timed(
                DECODE if decode else RAW,
                lambda i: product.read_all(ledger, decode),
                per=fixture["events"],
                rate="events/s",
            )
        finally:
            ledger.close()

    return measure


def _rebuild(name: str) -> Any:
    def measure(env: Env, fixture: dict[str, Any], rec: Recorder) -> None:
        ledger = product.open_product(env.settings)
        read_models = product.open_read_models(env.settings, ledger)
        try:
            rec.timed(
                f"rebuild {name}",
                lambda i: product.rebuild(read_models, name),
                per=fixture["events"],
                rate="events/s",
            )
        finally:
            read_models.close()
            ledger.close()

    return measure


def per_event(env: Env, fixture: dict[str, Any], rec: Recorder) -> None:
    ledger = product.open_product(env.settings)
    read_models = product.open_read_models(env.settings, ledger)
    count = min(per_event_slice(env), fixture["events"])
    try:
        rec.timed(
            f"rebuild {PER_EVENT_MODEL}, one transaction per event",
            lambda i: product.rebuild_one_event_per_transaction(read_models, PER_EVENT_MODEL, count),
            per=count,
            rate="events/s",
        )
    finally:
        read_models.close()
        ledger.close()


CASES = {
    "raw": _reader(decode=False),
    "decode": _reader(decode=True),
    **{name: _rebuild(name) for name in product.all_read_model_names()},
    "per_event": per_event,
}


def judge_rows(env: Env, rows: list[Row]) -> None:
    compare(rows, RAW)
    decoded = find(rows, DECODE)
    for row in rows:
        if not row.label.startswith("rebuild"):
            continue
        if decoded is not None:
            row.extra["note"] = f"{decoded.median / row.median:.2f}× the cost of read + decode"
        if "per event" not in row.label:
            target = TARGET[env.backend]
            judge(row, f"≥ {target:,} events/s", row.median >= target)
