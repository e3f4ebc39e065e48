"""What every benchmark case shares: the environment it runs in, timed repetitions, rows of figures.

A case runs in a process of its own (see `worker.py`); it calls `Recorder.timed` (or `add`) once
per figure it measures, and the parent process prints and judges the rows.
"""

import gc
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from product import Settings, settings


@dataclass(frozen=True)
class Env:
    """Where a scenario runs: one backend's database, a work folder, sizes and repetitions."""

    scenario: str
    backend: str  # "sqlite" or "postgres"
    database_url: str
    schema: str
    workdir: str
    smoke: bool
    runs: int

    @property
    def settings(self) -> Settings:
        return settings(self.database_url, self.schema)

    @property
    def path(self) -> Path:
        return Path(self.workdir)

    @property
    def is_postgres(self) -> bool:
        return self.backend == "postgres"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Row:
    """One figure: per-run values, the case's peak RSS, and how it compares with its baseline."""

    scenario: str
    backend: str
    label: str
    unit: str  # "s", "ms", "events/s", "req/s", "saves/s"
    values: list[float]
    higher_is_better: bool = False
    rss_mb: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    baseline: str | None = None
    ratio: float | None = None
    target: str = ""
    met: bool | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def min(self) -> float:
        return min(self.values)

    @property
    def max(self) -> float:
        return max(self.values)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data |= {"median": self.median, "min": self.min, "max": self.max}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Row":
        fields = {k: v for k, v in data.items() if k not in ("median", "min", "max")}
        return cls(**fields)


def peak_rss_mb() -> float:
    """This process's peak resident set size so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Recorder:
    """Collects a case's rows; `profiler` (pyinstrument), when set, wraps every timed run."""

    def __init__(self, env: Env, profiler: Any = None) -> None:
        self.env = env
        self.rows: list[Row] = []
        self.profiler = profiler

    def add(self, label: str, unit: str, values: list[float], **kwargs: Any) -> Row:
        row = Row(self.env.scenario, self.env.backend, label, unit, values, **kwargs)
        self.rows.append(row)
        return row

    def timed(
        self,
        label: str,
        run: Callable[[int], object],
        *,
        per: int = 1,
        unit: str = "s",
        rate: str | None = None,
        before: Callable[[int], object] | None = None,
    ) -> Row:
        """Call `run(0)` to warm up, then `run(1..runs)` timed; each run may use its own data.

        Per-run seconds are divided by `per` (seconds per item) and shown in `unit` ("s" or
        "ms"), or as `per / seconds` in `rate` units (e.g. "events/s"). `before(i)` runs
        untimed ahead of each run. The garbage collector is run between runs, not during.
        """
        seconds = []
        for i in range(self.env.runs + 1):
            if before is not None:
                before(i)
            gc.collect()
            if i and self.profiler is not None:
                self.profiler.start()
            started = time.perf_counter()
            run(i)
            elapsed = time.perf_counter() - started
            if i and self.profiler is not None:
                self.profiler.stop()
            if i:
                seconds.append(elapsed)
        if rate is not None:
            return self.add(label, rate, [per / s for s in seconds], higher_is_better=True)
        scale = 1000 if unit == "ms" else 1
        return self.add(label, unit, [scale * s / per for s in seconds], extra={"seconds": seconds})


# Judging rows (in the parent process, once every case of a scenario and backend has run).


def find(rows: list[Row], label: str) -> Row | None:
    return next((row for row in rows if row.label == label), None)


def compare(rows: list[Row], base_label: str) -> None:
    """Every row's ratio to the baseline row: cost over the baseline's (rates: baseline over row,
    so that a ratio above 1 always means slower than the baseline)."""
    base = find(rows, base_label)
    if base is None:
        return
    for row in rows:
        if row.unit != base.unit or row.ratio is not None:
            continue
        row.baseline = base_label
        if row.higher_is_better:
            row.ratio = base.median / row.median if row.median else None
        else:
            row.ratio = row.median / base.median if base.median else None


def judge(row: Row | None, target: str, met: bool) -> None:
    if row is None:
        return
    row.target = f"{row.target}; {target}" if row.target else target
    row.met = met if row.met is None else row.met and met
