"""Benchmark: read-your-writes latency across processes, polling versus LISTEN/NOTIFY.

Topology: one `ledger serve --no-projections` and one `ledger projections run` on a throwaway
PostgreSQL 15 (loopback). Each iteration logs a time entry, then lists time entries: the list waits
until the worker has projected the write (SPEC §8). Measured: the list's latency (the wait for the
other process) and write + list, with LEDGER_LISTEN=false (the worker polls every 100 ms and the
API polls its tracking rows) and with LISTEN/NOTIFY (default). Prints medians and 95th percentiles.

    .venv/bin/python ops/bench/read_your_writes.py [--iterations 200]
"""

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from drills.client import DrillClient, sign_up
from drills.crashes import entry_body
from drills.postgres import local_postgres
from drills.processes import Server, ledger_env, worker


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(url: str, schema: str, listen: bool, iterations: int, workdir: Path) -> dict[str, float]:
    env = ledger_env(url, schema, LEDGER_LISTEN="true" if listen else "false")
    api = Server.of(env, workdir, name=f"api-{listen}", projections=False)
    projections = worker(env, workdir, name=f"worker-{listen}")
    api.start_healthy()
    projections.start()
    try:
        client = DrillClient(sign_up(api.url))
        project = {"name": "P", "client_id": None}
        project_id = client.request(api.url, "POST", "/projects", json=project).json()["id"]
        reads, rounds = [], []
        for n in range(iterations + 10):
            started = time.perf_counter()
            body = entry_body(project_id, f"rw{n}", n)
            client.request(api.url, "POST", "/time-entries", json=body).raise_for_status()
            written = time.perf_counter()
            client.request(api.url, "GET", "/time-entries", params={"page_size": 1}).raise_for_status()
            done = time.perf_counter()
            if n >= 10:  # the first ones warm up connections and caches
                reads.append((done - written) * 1000)
                rounds.append((done - started) * 1000)
        client.close()
    finally:
        api.stop()
        projections.stop()
    return {
        "read_median_ms": round(statistics.median(reads), 1),
        "read_p95_ms": round(percentile(reads, 0.95), 1),
        "write_and_read_median_ms": round(statistics.median(rounds), 1),
        "write_and_read_p95_ms": round(percentile(rounds, 0.95), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, local_postgres() as pg:
        results = {
            "polling": measure(pg.url, pg.schema("poll"), False, args.iterations, Path(tmp)),
            "listen_notify": measure(pg.url, pg.schema("listen"), True, args.iterations, Path(tmp)),
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
