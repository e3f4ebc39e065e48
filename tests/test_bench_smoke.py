"""The benchmark suite keeps working: every scenario at smoke size, on both backends, as one command.

Figures are printed, never asserted on: a timing in a test only measures the CI machine's mood.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ("importing", "scaling", "pdf", "history", "rebuild", "latency")
BACKENDS = ("sqlite", "postgres")
TABLE_TITLE = re.compile(r"^== (.+) — (SQLite|PostgreSQL) ==$", re.MULTILINE)

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.timeout(1200)]


def test_the_suite_runs_every_scenario_on_both_backends_and_prints_figures_and_ratios(
    tmp_path: Path,
) -> None:
    report = tmp_path / "bench.json"
    env = {**os.environ, "LEDGER_BENCH_PYTHON": sys.executable}

    done = subprocess.run(
        [str(ROOT / "ops/bench/run"), "--smoke", "--backend", "both", "--json", str(report)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1100,
    )

    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    tables = TABLE_TITLE.split(done.stdout)[1:]
    printed = {(backend, title): body for title, backend, body in zip(*[iter(tables)] * 3, strict=True)}
    assert len(printed) == len(SCENARIOS) * len(BACKENDS)
    for (backend, title), body in printed.items():
        assert re.search(r"\d", body.split("\n", 2)[2]), f"no figure in {title} on {backend}"
        assert re.search(r"\d\.\d\d×", body), f"no ratio in {title} on {backend}"
    rows = json.loads(report.read_text())["rows"]
    for scenario in SCENARIOS:
        for backend in BACKENDS:
            mine = [row for row in rows if (row["scenario"], row["backend"]) == (scenario, backend)]
            assert mine, f"no row of {scenario} on {backend}"
            assert all(row["values"] and row["median"] > 0 for row in mine)
            assert any(row["ratio"] is not None for row in mine)
