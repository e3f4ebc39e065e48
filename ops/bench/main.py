"""The benchmark suite's one command (run it as `ops/bench/run`; see BENCHMARKS.md).

For each scenario and backend: build the dataset in a fresh process, run every case in a
fresh process of its own, then print one table (median, min, max, peak RSS, ratio to the
scenario's baseline, target, met) and keep the rows for `--json`.
"""

import argparse
import contextlib
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import machine
import psycopg
from harness import Env, Row
from report import print_table
from scenarios import ORDER
from worker import scenario_module

ROOT = Path(__file__).resolve().parents[2]
# The test suite's throwaway PostgreSQL server: ops tooling runs from a checkout, as the tests do.
sys.path.insert(0, str(ROOT / "tests"))
from support.postgres_server import throwaway_postgres  # noqa: E402

NAMES = {"import": "importing", **{name: name for name in ORDER if name != "importing"}}
STEP_SECONDS = {True: 600, False: 3 * 3600}


class StepFailed(RuntimeError):
    """A prepare or case process failed or overran its bound."""


def run_step(request: dict[str, Any], smoke: bool) -> dict[str, Any]:
    """Run one prepare or case in a fresh process; its answer, or StepFailed."""
    with tempfile.TemporaryDirectory(prefix="bench-step-") as tmp:
        request_file, result_file = Path(tmp) / "request.json", Path(tmp) / "result.json"
        request_file.write_text(json.dumps(request))
        command = [
            sys.executable,
            str(Path(__file__).with_name("worker.py")),
            str(request_file),
            str(result_file),
        ]
        step = f"{request['action']} {request.get('case', '')}".strip()
        try:
            done = subprocess.run(command, cwd=ROOT, timeout=STEP_SECONDS[smoke]).returncode
        except subprocess.TimeoutExpired:
            raise StepFailed(f"{step} overran {STEP_SECONDS[smoke]} s") from None
        if done != 0 or not result_file.exists():
            raise StepFailed(f"{step} exited with {done}")
        answer: dict[str, Any] = json.loads(result_file.read_text())
        return answer


@contextlib.contextmanager
def databases(backend: str) -> Iterator[dict[str, str]]:
    """backend name -> database URL ("" for SQLite: a file per scenario); PostgreSQL is throwaway."""
    urls = {"sqlite": ""} if backend in ("sqlite", "both") else {}
    if backend not in ("postgres", "both"):
        yield urls
        return
    with throwaway_postgres() as url:
        yield {**urls, "postgres": url}


def env_for(scenario: str, backend: str, url: str, root: Path, args: argparse.Namespace) -> Env:
    workdir = root / backend / scenario
    workdir.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        return Env(
            scenario,
            backend,
            f"sqlite:///{workdir / 'ledger.db'}",
            "public",
            str(workdir),
            args.smoke,
            args.runs,
        )
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{scenario}"')
    return Env(scenario, backend, url, scenario, str(workdir), args.smoke, args.runs)


def run_scenario(env: Env, cases: list[str], profile_dir: Path | None, errors: list[str]) -> list[Row]:
    module = scenario_module(env.scenario)
    print(f"\n--- {env.scenario} on {env.backend}: preparing", file=sys.stderr, flush=True)
    started = time.monotonic()
    fixture = run_step({"action": "prepare", "env": env.to_json()}, env.smoke)["fixture"]
    print(f"    prepared in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    rows: list[Row] = []
    for case in cases:
        if hasattr(module, "applies") and not module.applies(env, case):
            continue
        print(f"    case {case}", file=sys.stderr, flush=True)
        request: dict[str, Any] = {"action": "case", "case": case, "env": env.to_json(), "fixture": fixture}
        if profile_dir is not None:
            profile_dir.mkdir(parents=True, exist_ok=True)
            name = next(n for n, module in NAMES.items() if module == env.scenario)
            request["profile"] = str((profile_dir / f"{name}.{case}.{env.backend}").resolve())
        try:
            rows += [Row.from_json(row) for row in run_step(request, env.smoke)["rows"]]
        except StepFailed as error:
            errors.append(f"{env.scenario} on {env.backend}: {error}")
            print(f"FAILED: {errors[-1]}", file=sys.stderr, flush=True)
    module.judge_rows(env, rows)
    return rows


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="ops/bench/run", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, 1 run: checks the suite works")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=sorted(NAMES),
        metavar="NAME",
        help=f"scenarios to run: {', '.join(NAMES)} (default: all)",
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--runs", type=int, help="timed runs per case after the warm-up (default 3, smoke 1)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every row as JSON")
    parser.add_argument(
        "--profile", metavar="SCENARIO.CASE", help="run one case under pyinstrument, e.g. import.use_case"
    )
    parser.add_argument("--profile-dir", type=Path, default=Path("bench-profiles"), metavar="DIR")
    args = parser.parse_args(argv)
    args.runs = args.runs or (1 if args.smoke else 3)
    return args


def plan(args: argparse.Namespace) -> list[tuple[str, list[str]]]:
    """(scenario module, its cases) to run, in order."""
    if args.profile:
        name, _, case = args.profile.partition(".")
        module = NAMES.get(name)
        if module is None or case not in scenario_module(module).CASES:
            cases = {n: list(scenario_module(m).CASES) for n, m in NAMES.items()}
            raise SystemExit(f"--profile: no case {args.profile!r}; cases: {cases}")
        return [(module, [case])]
    chosen = [NAMES[name] for name in args.only] if args.only else list(ORDER)
    return [(module, list(scenario_module(module).CASES)) for module in ORDER if module in chosen]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scenarios = plan(args)
    rows: list[Row] = []
    errors: list[str] = []
    titles: dict[str, str] = {}
    started = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="ledger-bench-") as tmp, databases(args.backend) as urls:
        for scenario, cases in scenarios:
            for backend, url in urls.items():
                env = env_for(scenario, backend, url, Path(tmp), args)
                try:
                    profile_dir = args.profile_dir if args.profile else None
                    scenario_rows = run_scenario(env, cases, profile_dir, errors)
                except StepFailed as error:
                    errors.append(f"{scenario} on {backend}: {error}")
                    print(f"FAILED: {errors[-1]}", file=sys.stderr)
                    continue
                titles[scenario] = scenario_module(scenario).title(env)
                print_table(titles[scenario], backend, scenario_rows, args.smoke)
                rows += scenario_rows
        info = machine.describe(urls.get("postgres"))
    info |= {
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    print("\n" + machine.summary(info))
    if args.json:
        document = {
            "machine": info,
            "smoke": args.smoke,
            "runs": args.runs,
            "errors": errors,
            "titles": titles,
            "rows": [row.to_json() for row in rows],
        }
        args.json.write_text(json.dumps(document, indent=2, default=str))
    for failure in errors:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
