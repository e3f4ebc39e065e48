"""Scenario 2, scaling: the same import of 1,000, 10,000 and 50,000 time entries.

What should stay flat is the time per entry: the baseline is the cheapest size's. Peak RSS
at the largest size has a bound of its own. Each size runs in its own process.
"""

from typing import Any

import data
import product
from harness import Env, Recorder, Row, judge

CASE_SIZES = {"small": (1_000, 20), "medium": (10_000, 50), "large": (50_000, 100)}  # (full, smoke)
MAX_SPREAD = 1.5
MAX_RSS_MB = 500


def size(env: Env, case: str) -> int:
    full, smoke = CASE_SIZES[case]
    return smoke if env.smoke else full


def label(env: Env, case: str) -> str:
    return f"import of {size(env, case):,} entries, per entry"


def title(env: Env) -> str:
    sizes = ", ".join(f"{size(env, case):,}" for case in CASE_SIZES)
    return f"Scaling: import of {sizes} time entries (use case), time per entry"


def prepare(env: Env) -> dict[str, Any]:
    """A workspace per run (and warm-up) of each size."""
    ledger = product.open_product(env.settings)
    try:
        workspaces = {
            case: [
                data.to_json(data.seeded_workspace(ledger, f"scaling-{case}-{k}", size(env, case), 0))
                for k in range(env.runs + 1)
            ]
            for case in CASE_SIZES
        }
    finally:
        ledger.close()
    return {"workspaces": workspaces}


def _case(case: str) -> Any:
    def measure(env: Env, fixture: dict[str, Any], rec: Recorder) -> None:
        workspaces = [data.from_json(ws) for ws in fixture["workspaces"][case]]
        ledger = product.open_product(env.settings)
        try:
            row = rec.timed(
                label(env, case),
                lambda i: product.import_month(ledger, workspaces[i]),
                per=size(env, case),
                unit="ms",
            )
            row.extra["entries"] = size(env, case)
        finally:
            ledger.close()

    return measure


CASES = {case: _case(case) for case in CASE_SIZES}


def judge_rows(env: Env, rows: list[Row]) -> None:
    if not rows:
        return
    cheapest = min(rows, key=lambda row: row.median)
    for row in rows:
        row.baseline, row.ratio = cheapest.label, row.median / cheapest.median
        judge(row, f"≤ {MAX_SPREAD}× the cheapest size", row.ratio <= MAX_SPREAD)
    largest = max(rows, key=lambda row: row.extra.get("entries", 0))
    judge(largest, f"RSS < {MAX_RSS_MB} MB", (largest.rss_mb or 0) < MAX_RSS_MB)
