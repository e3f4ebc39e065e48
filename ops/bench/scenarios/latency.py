"""Scenario 6, API latency on loopback, open loop, and the write ceiling.

Open loop (`load.py`): GET an invoice of 100 lines and a report page of 100 rows at 300 req/s,
POST a time entry at 200 req/s, each for 20 s after a 2 s warm-up, latency from each request's
due time; on PostgreSQL also with two API processes (`ledger serve --workers 2`). The baseline
is the generator itself against a trivial endpoint at 300 req/s: what it adds to every figure.
The write ceiling: N closed-loop writers POSTing time entries as fast as answers come, against
the library's own ceiling (N threads saving one new aggregate per call, in-process).
"""

import threading
import time
from collections.abc import Callable
from typing import Any

import data
import floors
import load
import product
from harness import Env, Recorder, Row, compare, judge
from server import Server, free_port

LINES = 100
ROWS = 100
GENERATOR = "load generator alone, trivial endpoint @300/s"
GENERATOR_CEILING = "load generator ceiling, trivial endpoint (16 connections)"
ENDPOINTS = {  # case: (what, rate, p99 target in ms)
    "invoice": ("GET invoice of 100 lines", 300, 20.0),
    "report": ("GET report page of 100 rows", 300, 50.0),
    "post": ("POST time entry", 200, 50.0),
}
WRITERS = (1, 4, 16)


def duration(env: Env) -> float:
    return 1.0 if env.smoke else 20.0


def ceiling_seconds(env: Env) -> float:
    """Length of a closed-loop run."""
    return 0.5 if env.smoke else 5.0


def rate(env: Env, full: float) -> float:
    return 20.0 if env.smoke else full


def title(env: Env) -> str:
    return f"API latency on loopback, open loop ({duration(env):g} s per run), p99; and the write ceiling"


def prepare(env: Env) -> dict[str, Any]:
    """An invoice of 100 lines, the 100 entries it bills in the report, read models current."""
    ledger = product.open_product(env.settings)
    try:
        ws = data.seeded_workspace(ledger, "latency", LINES, 0)
        product.import_month(ledger, ws)
        read_models = product.open_read_models(env.settings, ledger)
        try:
            product.catch_up(read_models)
        finally:
            read_models.close()
    finally:
        ledger.close()
    return {"workspace": data.to_json(ws)}


def label(env: Env, case: str, workers: int) -> str:
    what, full, _ = ENDPOINTS[case]
    processes = ", 2 API processes" if workers == 2 else ""
    return f"{what} @{rate(env, full):g}/s{processes}"


def _requests(ws: product.Workspace, case: str, offset: int) -> Callable[[int], load.Request]:
    if case == "invoice":
        path = product.http_invoice(ws.invoice_id)
        return lambda i: ("GET", path, None)
    if case == "report":
        path = product.http_report_page(ROWS)
        return lambda i: ("GET", path, None)
    return lambda i: ("POST", *product.http_new_time_entry(ws, offset + i))


def _record(rec: Recorder, row_label: str, results: list[load.LoadResult], rss: float, unit: str) -> Row:
    """One row of p99s (or throughputs), with the other percentiles and the errors in its note."""
    summaries = [r.summary() for r in results]
    if not all(s["ok"] for s in summaries):
        raise RuntimeError(
            f"{row_label}: a run had no successful request: {[s['statuses'] for s in summaries]}"
        )
    values = [s["p99_ms"] for s in summaries] if unit == "ms" else [s["throughput"] for s in summaries]
    errors, sent = sum(s["errors"] for s in summaries), sum(s["sent"] for s in summaries)
    middle = sorted(summaries, key=lambda s: s["p99_ms"])[len(summaries) // 2]
    worst = max(s["max_ms"] for s in summaries)
    note = (
        f"p50 {middle['p50_ms']:.1f} ms, p90 {middle['p90_ms']:.1f} ms, max {worst:.0f} ms, "
        f"{middle['throughput']:.0f} req/s answered, errors {errors}/{sent}"
    )
    if errors:
        note += f" {summaries[-1]['statuses']}"
    row = rec.add(
        row_label,
        unit,
        values,
        higher_is_better=unit != "ms",
        rss_mb=rss,
        extra={"note": note, "runs": summaries},
    )
    return row


def _endpoint(case: str, workers: int) -> Any:
    def measure(env: Env, fixture: dict[str, Any], rec: Recorder) -> None:
        ws = data.from_json(fixture["workspace"])
        _, full, _ = ENDPOINTS[case]
        with Server(env, workers) as server:
            base, headers = product.api_base(server.base_url, ws), product.http_headers(ws)
            results = []
            for run in range(env.runs + 1):
                offset = 1_000_000 * (workers * 10 + run)  # every POST a new entry, in every run
                seconds = duration(env) if run else min(2.0, duration(env))
                result = load.open_loop(base, headers, _requests(ws, case, offset), rate(env, full), seconds)
                if run:
                    results.append(result)
            _record(rec, label(env, case, workers), results, server.peak_rss_mb(), "ms")

    return measure


def generator(env: Env, fixture: dict[str, Any], rec: Recorder) -> None:
    def get(i: int) -> load.Request:
        return ("GET", "/", None)

    with load.TrivialServer(free_port()) as trivial:
        # Run 0 of each warms up.
        runs = [load.open_loop(trivial.base_url, {}, get, 300, duration(env)) for _ in range(env.runs + 1)]
        ceiling = [
            load.closed_loop(trivial.base_url, {}, get, 16, ceiling_seconds(env)) for _ in range(env.runs + 1)
        ]
    _record(rec, GENERATOR, runs[1:], 0.0, "ms")
    _record(rec, GENERATOR_CEILING, ceiling[1:], 0.0, "req/s")


def writer_label(writers: int, workers: int) -> str:
    processes = ", 2 API processes" if workers == 2 else ""
    return f"write ceiling, HTTP, writers: {writers}{processes}"


def floor_label(writers: int) -> str:
    return f"floor: library save() of 1 new aggregate per call, threads: {writers}"


def _ceiling(workers: int) -> Any:
    def measure(env: Env, fixture: dict[str, Any], rec: Recorder) -> None:
        ws = data.from_json(fixture["workspace"])
        seconds = ceiling_seconds(env)
        with Server(env, workers) as server:
            base, headers = product.api_base(server.base_url, ws), product.http_headers(ws)
            for writers in WRITERS:
                results = []
                for run in range(env.runs + 1):
                    offset = 50_000_000 + 1_000_000 * (workers * 100 + writers * 10 + run)
                    result = load.closed_loop(base, headers, _requests(ws, "post", offset), writers, seconds)
                    if run:
                        results.append(result)
                row = _record(rec, writer_label(writers, workers), results, 0.0, "saves/s")
                row.extra["writers"] = writers
            rss = server.peak_rss_mb()
            for row in rec.rows:
                row.rss_mb = rss

    return measure


def _save_until(
    floor: floors.Floor, ws: product.Workspace, name: str, end: float, saved: list[int], n: int
) -> None:
    """Save one new aggregate per call until `end`, counting in saved[n]."""
    while time.monotonic() < end:
        floor.save(*product.time_entries(ws, data.ids(f"{name}:{n}:{saved[n]}", 1)))
        saved[n] += 1


def library_ceiling(env: Env, fixture: dict[str, Any], rec: Recorder) -> None:
    """N threads, each saving one new aggregate per call, for a fixed time (run 0 warms up)."""
    floor = floors.open_floor(env)
    seconds = ceiling_seconds(env)
    ws = data.from_json(fixture["workspace"])
    try:
        for writers in WRITERS:
            rates = []
            for run in range(env.runs + 1):
                saved, end = [0] * writers, time.monotonic() + seconds
                name = f"ceiling:{writers}:{run}"
                threads = [
                    threading.Thread(target=_save_until, args=(floor, ws, name, end, saved, n))
                    for n in range(writers)
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=seconds + 60)
                if run:
                    rates.append(sum(saved) / seconds)
            rec.add(floor_label(writers), "saves/s", rates, higher_is_better=True, extra={"writers": writers})
    finally:
        floor.close()


# The reads first: every POST adds an entry to the report they read.
CASES = {
    "generator": generator,
    "invoice": _endpoint("invoice", 1),
    "report": _endpoint("report", 1),
    "invoice_2_workers": _endpoint("invoice", 2),
    "report_2_workers": _endpoint("report", 2),
    "post": _endpoint("post", 1),
    "post_2_workers": _endpoint("post", 2),
    "ceiling": _ceiling(1),
    "ceiling_2_workers": _ceiling(2),
    "library_ceiling": library_ceiling,
}


def applies(env: Env, case: str) -> bool:
    """Two API processes share one database only on PostgreSQL."""
    return env.is_postgres or "2_workers" not in case


def judge_rows(env: Env, rows: list[Row]) -> None:
    compare([row for row in rows if row.unit == "ms"], GENERATOR)
    for case, (_, _, target) in ENDPOINTS.items():
        for workers in (1, 2):
            for row in rows:
                if row.label == label(env, case, workers):
                    errors = sum(run["errors"] for run in row.extra["runs"])
                    judge(row, f"p99 ≤ {target:g} ms, no errors", row.median <= target and not errors)
    for writers in WRITERS:
        same = [row for row in rows if row.extra.get("writers") == writers]
        compare(same, floor_label(writers))
