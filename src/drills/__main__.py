"""`python -m drills faults|soak`: the drills in full, on loopback, with their figures as JSON.

    faults: 20 SIGKILLs of `ledger serve` under keyed writes on SQLite and on PostgreSQL (retries
            also after 65 s, past the old 60 s stale-claim delay), PostgreSQL restarted 5 times
            under load, a rebuild killed at 10 points on each backend, schemathesis in full.
    soak:   16 clients on two API processes and two projection workers (one killed half-way) on
            PostgreSQL for --seconds, then `ledger check`.
Each starts its own throwaway PostgreSQL 15 and stops everything it started.
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from drills import crashes, fuzz, outage, rebuild, soak
from drills.postgres import local_postgres
from drills.processes import ledger_env
from ledger.config import Settings


def faults(workdir: Path, kills: int, late: float) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    with local_postgres() as pg:
        backends = {
            "sqlite": (f"sqlite:///{workdir / 'crash.db'}", "public"),
            "postgres": (pg.url, pg.schema("crash")),
        }
        for name, (url, schema) in backends.items():
            print(f"crash drill on {name} ...", file=sys.stderr, flush=True)
            crashed = crashes.run(
                name, ledger_env(url, schema), workdir, kills=kills, late_retry_seconds=late
            )
            figures[f"crashes_{name}"] = crashed.as_dict()
        print("database restarts ...", file=sys.stderr, flush=True)
        figures["outage"] = outage.run(pg, workdir, restarts=5, clients=4, pause=3.0).as_dict()
        stores = {
            "sqlite": Settings(database_url=f"sqlite:///{workdir / 'rebuild.db'}"),
            "postgres": Settings(database_url=pg.url, database_schema=pg.schema("rebuild")),
        }
        for name, settings in stores.items():
            print(f"killed rebuilds on {name} ...", file=sys.stderr, flush=True)
            env = ledger_env(settings.database_url, settings.database_schema)
            report = rebuild.run(settings, env, entries=3000, kills=12, batch=100)
            figures[f"rebuild_{name}"] = report.as_dict()
    print("schemathesis ...", file=sys.stderr, flush=True)
    fuzzed = workdir / "fuzz"
    fuzzed.mkdir()
    figures["fuzz"] = fuzz.run(ledger_env(f"sqlite:///{fuzzed / 'ledger.db'}"), fuzzed, examples=25).as_dict()
    return figures


def soak_run(workdir: Path, clients: int, seconds: float) -> dict[str, Any]:
    with local_postgres() as pg:
        env = ledger_env(pg.url, pg.schema("soak"))
        return {"soak": soak.run(env, workdir, clients=clients, seconds=seconds).as_dict()}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m drills", description=__doc__.splitlines()[0])
    parser.add_argument("drill", choices=["faults", "soak"])
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs per backend (faults)")
    parser.add_argument("--late-retry", type=float, default=65.0, help="seconds before the last retries")
    parser.add_argument("--clients", type=int, default=16, help="soak clients")
    parser.add_argument("--seconds", type=float, default=300.0, help="soak duration")
    parser.add_argument("--out", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ledger-drill-") as tmp:
        if args.drill == "faults":
            figures = faults(Path(tmp), args.kills, args.late_retry)
        else:
            figures = soak_run(Path(tmp), args.clients, args.seconds)
    figures["elapsed_seconds"] = round(time.monotonic() - started)
    figures["clean"] = all(v.get("clean", True) for v in figures.values() if isinstance(v, dict))
    text = json.dumps(figures, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0 if figures["clean"] else 1


if __name__ == "__main__":
    sys.exit(main())
