"""Scenario 1, import: 10,000 time entries and 1,000 expenses into one invoice, detailed.

Through the use case and through HTTP, next to the library's floors for the same events
(`floors.py`). Each run imports a workspace of its own, so every run bills fresh entries.
"""

from typing import Any

import data
import floors
import product
from harness import Env, Recorder, Row, compare, find, judge
from server import Server, ok, wait_current

USE_CASE = "import, use case"
HTTP = "import, HTTP"
BASELINE = floors.SAVE_ONE_MORE
TARGET_SECONDS = {"postgres": 2.0, "sqlite": 1.5}
MAX_RATIO = 3.0


def sizes(env: Env) -> tuple[int, int]:
    """(time entries, expenses) per import."""
    return (100, 10) if env.smoke else (10_000, 1_000)


def title(env: Env) -> str:
    entries, expenses = sizes(env)
    return (
        f"Import of {entries:,} time entries + {expenses:,} expenses, detailed ({entries + expenses:,} lines)"
    )


def prepare(env: Env) -> dict[str, Any]:
    """A workspace per run (and warm-up) for the use case, and as many for HTTP."""
    entries, expenses = sizes(env)
    ledger = product.open_product(env.settings)
    try:
        workspaces = [
            data.seeded_workspace(ledger, f"import-{k}", entries, expenses) for k in range(2 * (env.runs + 1))
        ]
        read_models = product.open_read_models(env.settings, ledger)
        try:
            product.catch_up(read_models)  # so that the API's projections start current
        finally:
            read_models.close()
    finally:
        ledger.close()
    return {"workspaces": [data.to_json(ws) for ws in workspaces]}


def use_case(env: Env, fixture: dict[str, Any], rec: Recorder) -> None:
    workspaces = [data.from_json(ws) for ws in fixture["workspaces"]]
    ledger = product.open_product(env.settings)
    try:
        rec.timed(USE_CASE, lambda i: product.import_month(ledger, workspaces[i]))
    finally:
        ledger.close()


def http(env: Env, fixture: dict[str, Any], rec: Recorder) -> None:
    workspaces = [data.from_json(ws) for ws in fixture["workspaces"]][env.runs + 1 :]
    with Server(env) as server:
        clients = [server.client(ws) for ws in workspaces]

        def run(i: int) -> None:
            path, body = product.http_import(workspaces[i], workspaces[i].invoice_id)
            ok(clients[i].post(path, json=body), 201)

        # Untimed between runs: the server's projections finish with the previous import.
        row = rec.timed(HTTP, run, before=lambda i: wait_current(clients[i - 1]) if i else None)
        row.rss_mb = server.peak_rss_mb()
        for client in clients:
            client.close()


def library_floors(env: Env, fixture: dict[str, Any], rec: Recorder) -> None:
    floors.measure(env, rec, *sizes(env))


CASES = {"use_case": use_case, "http": http, "floors": library_floors}


def judge_rows(env: Env, rows: list[Row]) -> None:
    compare(rows, BASELINE)
    limit = TARGET_SECONDS[env.backend]
    for label in (USE_CASE, HTTP):
        row = find(rows, label)
        if row is not None:
            judge(row, f"≤ {limit} s", row.median <= limit)
            judge(row, f"≤ {MAX_RATIO:g}× baseline", row.ratio is not None and row.ratio <= MAX_RATIO)
