"""Scenario 4, history length: reading an invoice after 2,000 events against one after 10.

Both invoices hold the same five lines; the longer history is subject changes, so the state
read is the same size and only the history differs. Measured through the use case (the
domain) and through `GET /invoices/{id}` on a real server; each figure is per read.
"""

from typing import Any

import data
import product
from harness import Env, Recorder, Row, compare, find, judge
from server import Server, ok

LINES = 5
MAX_RATIO = 2.0


def lengths(env: Env) -> tuple[int, int]:
    """(short, long) history lengths, in events."""
    return (10, 100) if env.smoke else (10, 2_000)


def reads(env: Env) -> int:
    """Reads per timed run."""
    return 5 if env.smoke else 50


def label(env: Env, events: int, how: str) -> str:
    return f"read after {events:,} events, {how}, per read"


def title(env: Env) -> str:
    short, long = lengths(env)
    return f"History length: reading an invoice after {long:,} events against one after {short}"


def prepare(env: Env) -> dict[str, Any]:
    ledger = product.open_product(env.settings)
    try:
        ws = product.new_workspace(ledger, "history")
        invoices = {}
        for events in lengths(env):
            invoice_id = product.new_invoice(ledger, ws)
            product.add_lines(ledger, ws, invoice_id, LINES)
            product.change_subject(ledger, ws, invoice_id, events - 1 - LINES)
            invoices[str(events)] = invoice_id
            assert product.read_invoice(ledger, ws, invoice_id).version == events
    finally:
        ledger.close()
    return {"workspace": data.to_json(ws), "invoices": invoices}


def domain(env: Env, fixture: dict[str, Any], rec: Recorder) -> None:
    ws = data.from_json(fixture["workspace"])
    ledger = product.open_product(env.settings)
    try:
        for events in lengths(env):
            invoice_id = fixture["invoices"][str(events)]

            def read(i: int, invoice_id: str = invoice_id) -> None:
                for _ in range(reads(env)):
                    product.read_invoice(ledger, ws, invoice_id)

            rec.timed(label(env, events, "use case"), read, per=reads(env), unit="ms")
    finally:
        ledger.close()


def http(env: Env, fixture: dict[str, Any], rec: Recorder) -> None:
    ws = data.from_json(fixture["workspace"])
    with Server(env) as server, server.client(ws) as client:
        for events in lengths(env):
            path = product.http_invoice(fixture["invoices"][str(events)])

            def get(i: int, path: str = path) -> None:
                for _ in range(reads(env)):
                    ok(client.get(path))

            rec.timed(label(env, events, "HTTP"), get, per=reads(env), unit="ms")
        rss = server.peak_rss_mb()
        for row in rec.rows:
            row.rss_mb = rss


CASES = {"domain": domain, "http": http}


def judge_rows(env: Env, rows: list[Row]) -> None:
    short, long = lengths(env)
    for how in ("use case", "HTTP"):
        pair = [row for row in rows if row.label in (label(env, short, how), label(env, long, how))]
        compare(pair, label(env, short, how))
        row = find(pair, label(env, long, how))
        if row is not None:
            judge(row, f"≤ {MAX_RATIO:g}× baseline", row.ratio is not None and row.ratio <= MAX_RATIO)
