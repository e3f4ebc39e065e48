"""One benchmark step in a fresh process: `worker.py REQUEST.json RESULT.json`.

A step is a scenario's `prepare` (build its dataset, answer a fixture) or one of its cases
(measure, answer rows and this process's peak RSS). A fresh process per case keeps its peak
RSS its own and no cache of one case warms another.
"""

import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from harness import Env, Recorder, peak_rss_mb


def scenario_module(name: str) -> Any:
    return importlib.import_module(f"scenarios.{name}")


def profile_report(profiler: Any, path: Path) -> None:
    """The profile as HTML and as text (functions by own time, then the call tree)."""
    path.with_suffix(".html").write_text(profiler.output_html())
    flat = profiler.output_text(unicode=True, color=False, flat=True, flat_time="self")
    tree = profiler.output_text(unicode=True, color=False)
    path.with_suffix(".txt").write_text(f"{flat}\n{tree}")
    print("\n".join(flat.splitlines()[:32]))


def main() -> int:
    request = json.loads(Path(sys.argv[1]).read_text())
    env = Env(**request["env"])
    module = scenario_module(env.scenario)
    result: dict[str, Any]
    if request["action"] == "prepare":
        result = {"fixture": module.prepare(env)}
    else:
        profiler = None
        if request.get("profile"):
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.001)
        recorder = Recorder(env, profiler)
        load_before = os.getloadavg()[0]
        module.CASES[request["case"]](env, request["fixture"], recorder)
        rss, load = peak_rss_mb(), (load_before, os.getloadavg()[0])
        for row in recorder.rows:
            # The machine is shared: the 1-minute load average before and after tells how busy it was.
            row.extra["load"] = load
            if row.rss_mb is None:
                row.rss_mb = rss
        if profiler is not None and profiler.last_session is not None:
            profile_report(profiler, Path(request["profile"]))
        result = {"rows": [row.to_json() for row in recorder.rows]}
    Path(sys.argv[2]).write_text(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
