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


def own_times(profiler: Any) -> list[tuple[float, str]]:
    """Seconds spent in each function itself (its "[self]" time), largest first."""
    own: dict[str, float] = {}
    root = profiler.last_session.root_frame()
    stack = [root] if root is not None else []
    while stack:
        frame = stack.pop()
        stack.extend(frame.children)
        if not frame.is_synthetic:
            key = f"{frame.function}  {frame.file_path_short}:{frame.line_no}"
            own[key] = own.get(key, 0.0) + frame.total_self_time
    return sorted(((seconds, name) for name, seconds in own.items()), reverse=True)


def profile_report(profiler: Any, path: Path) -> None:
    """The profile as HTML and as text: functions by own time, then the call tree."""
    path.with_name(path.name + ".html").write_text(profiler.output_html())
    total = profiler.last_session.duration or 1.0
    top = [f"{s:8.3f} s {100 * s / total:5.1f}%  {name}" for s, name in own_times(profiler)[:30]]
    flat = "Functions by own time (the timed runs only):\n" + "\n".join(top)
    tree = profiler.output_text(unicode=True, color=False)
    path.with_name(path.name + ".txt").write_text(f"{flat}\n\n{tree}")
    print(flat)


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
