"""PostgreSQL restarted (`pg_ctl restart -m immediate`) under reads and keyed writes.

While the database is away the API answers 503 `database-unavailable` with `Retry-After`, never
a 500; once it is back, requests succeed again without restarting the API; every write that was
acknowledged is there once, and every refused write, retried with its key, is written once.
"""

import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

from drills.client import DrillClient, sign_up
from drills.crashes import entry_body
from drills.postgres import LocalPostgres
from drills.processes import Server, ledger_env


@dataclass
class OutageReport:
    restarts: int = 0
    requests: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    server_errors: int = 0  # 5xx other than 503
    unavailable: int = 0  # 503
    unavailable_without_retry_after: int = 0
    no_answer: int = 0  # connection refused or cut by the API
    writes: int = 0
    acknowledged: int = 0
    lost: int = 0
    duplicated: int = 0
    api_restarts: int = 0
    recovery_seconds: list[float] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return (
            self.server_errors == self.unavailable_without_retry_after == self.no_answer == 0
            and self.lost == self.duplicated == self.api_restarts == 0
            and self.acknowledged == self.writes
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"clean": self.clean}


def run(
    pg: LocalPostgres,
    workdir: Path,
    restarts: int = 5,
    clients: int = 4,
    pause: float = 2.0,
    seconds: float = 300,
) -> OutageReport:
    """Restart PostgreSQL `restarts` times, `pause` seconds apart, under `clients` busy clients."""
    report = OutageReport()
    # Rate limits off: the four clients share one key, and this drill is about the database.
    env = ledger_env(pg.url, pg.schema("outage"), LEDGER_RATE_LIMIT="")
    server = Server.of(env, workdir, name="outage")
    server.start_healthy()
    pid = server.pid
    workspace = sign_up(server.url)
    setup = DrillClient(workspace)
    project = setup.request(server.url, "POST", "/projects", json={"name": "Site", "client_id": None})
    project_id = project.json()["id"]
    stop = threading.Event()
    statuses: Counter[int] = Counter()
    bodies: dict[str, dict[str, Any]] = {}
    acknowledged: set[str] = set()
    last_success = [0.0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def note(response: httpx.Response | None) -> None:
        with lock:
            report.requests += 1
            if response is None:
                statuses[0] += 1
                return
            statuses[response.status_code] += 1
            if response.status_code == 503 and "retry-after" not in response.headers:
                report.unavailable_without_retry_after += 1
            if response.status_code < 300:
                last_success[0] = time.monotonic()

    def busy(c: int) -> None:
        client = DrillClient(workspace)
        pending: list[str] = []
        n = 0
        while not stop.is_set() and time.monotonic() < deadline:
            if not pending:
                key, n = f"o{c}-{n}", n + 1
                with lock:
                    bodies[key] = entry_body(project_id, key, n)
                pending.append(key)
            key = pending[0]
            for method, path, body in (
                ("POST", "/time-entries", bodies[key]),
                ("GET", "/time-entries", None),
                ("GET", "/clients", None),
            ):
                headers = {"Idempotency-Key": key} if method == "POST" else {}
                try:
                    response = client.request(server.url, method, path, json=body, headers=headers)
                except httpx.TransportError:
                    response = None
                note(response)
                if method == "POST" and response is not None and response.status_code == 201:
                    pending.pop(0)
                    with lock:
                        acknowledged.add(key)
            time.sleep(0.02)
        client.close()

    threads = [threading.Thread(target=busy, args=(c,), daemon=True) for c in range(clients)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(restarts):
            time.sleep(pause)
            pg.restart()
            back = time.monotonic()
            report.restarts += 1
            while last_success[0] < back and time.monotonic() < deadline:
                time.sleep(0.02)
            report.recovery_seconds.append(round(last_success[0] - back, 3))
        time.sleep(pause)
    finally:
        stop.set()
        for thread in threads:
            thread.join(60)
    _verify(report, server, workspace, bodies, acknowledged, deadline)
    report.api_restarts = 0 if (server.alive() and server.pid == pid and server.starts == 1) else 1
    server.stop()
    setup.close()
    report.statuses = {str(status): count for status, count in sorted(statuses.items())}
    report.server_errors = sum(count for status, count in statuses.items() if status >= 500 and status != 503)
    report.unavailable = statuses[503]
    report.no_answer = statuses[0]
    return report


def _verify(
    report: OutageReport,
    server: Server,
    workspace: dict[str, Any],
    bodies: dict[str, dict[str, Any]],
    acknowledged: set[str],
    deadline: float,
) -> None:
    """Write every key that was refused (retrying with its key), then count entries per key."""
    client = DrillClient(workspace)
    report.writes = len(bodies)
    for key, body in bodies.items():
        answer, _ = client.keyed_post(server.url, "/time-entries", body, key, deadline + 60)
        if answer is not None and answer.status == 201:
            acknowledged.add(key)
    report.acknowledged = len(acknowledged)
    counts = Counter(entry["description"] for entry in client.all_items(server.url, "/time-entries"))
    report.lost = sum(1 for key in acknowledged if counts[key] == 0)
    report.duplicated = sum(1 for key in bodies if counts[key] > 1)
    client.close()
