"""The machine a run measured: cores, CPU model, memory, load, PostgreSQL and Python versions."""

import os
import platform
import subprocess
from pathlib import Path
from typing import Any

import psycopg


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _memory_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 1024**2, 1)
    return 0.0


def _postgres_version(url: str | None) -> str | None:
    if url is None:
        return None
    with psycopg.connect(url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else None


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10)
    return done.stdout.strip() or "unknown"


def describe(postgres_url: str | None) -> dict[str, Any]:
    """Facts about this machine and run, for the JSON and the table's footer."""
    import sqlite3

    return {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gb": _memory_gb(),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgres": _postgres_version(postgres_url),
        "commit": _commit(),
    }


def summary(info: dict[str, Any]) -> str:
    load = ", ".join(f"{x:.2f}" for x in info["load_average"])
    postgres = f", PostgreSQL {info['postgres']}" if info.get("postgres") else ""
    return (
        f"Machine: {info['cores']} cores, {info['cpu']}, {info['memory_gb']} GB RAM; load average at the end "
        f"{load}; Python {info['python']}, SQLite {info['sqlite']}{postgres}; commit {info['commit']}; "
        f"{info.get('started', '')} to {info.get('finished', '')}"
    )
