"""SIGKILLs of `ledger serve` during keyed writes: nothing acknowledged is lost, nothing is
written twice, and every retry gets the first answer byte for byte.

Half the lives of the server end at the worst moment on purpose (a test-only fault kills the
process right after an answer committed and before it is sent: `LEDGER_FAULT_KILL_AFTER_COMMIT`),
the other half by a SIGKILL from outside at a random moment. Clients retry each write with its
key through every death until it is answered; afterwards every key is retried again (and, in the
full drill, again after more than the old 60 s stale-claim delay) and must replay its first
answer; the time entries are counted by their description, which is their key.
"""

import random
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from drills.client import Answer, DrillClient, sign_up
from drills.processes import Server

KILL_AFTER_COMMIT = "LEDGER_FAULT_KILL_AFTER_COMMIT"


@dataclass
class CrashReport:
    backend: str
    kills: int = 0
    kills_after_commit: int = 0
    kills_at_random: int = 0
    writes: int = 0
    acknowledged: int = 0
    lost: int = 0
    duplicated: int = 0
    replayed_identical: int = 0
    replayed_differing: int = 0
    late_retry_after_seconds: float = 0.0
    unanswered: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return (
            self.lost == self.duplicated == self.replayed_differing == self.unanswered == 0
            and self.acknowledged == self.writes
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"clean": self.clean}


def entry_body(project_id: str, key: str, n: int) -> dict[str, Any]:
    minute = n % 50
    return {
        "project_id": project_id,
        "start": f"2026-10-05T09:{minute:02d}:00+00:00",
        "end": f"2026-10-05T10:{minute:02d}:00+00:00",
        "description": key,
    }


def run(
    backend: str,
    env: dict[str, str],
    workdir: Path,
    kills: int = 20,
    clients: int = 4,
    late_retry_seconds: float = 0.0,
    seconds: float = 600.0,
    seed: int = 7,
) -> CrashReport:
    """Kill `ledger serve` `kills` times under keyed writes; the figures of what survived."""
    rng = random.Random(seed)
    report = CrashReport(backend)
    server = Server.of(env, workdir, name=f"crash-{backend}")
    deadline = time.monotonic() + seconds
    server.start_healthy()
    workspace = sign_up(server.url)
    setup = DrillClient(workspace)
    client_id = setup.request(server.url, "POST", "/clients", json={"name": "Globex"}).json()["id"]
    project = setup.request(server.url, "POST", "/projects", json={"name": "Site", "client_id": client_id})
    project_id = project.json()["id"]
    enough = threading.Event()
    first: dict[str, Answer] = {}
    bodies: dict[str, dict[str, Any]] = {}
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def write(c: int) -> None:
        client = DrillClient(workspace)
        n = 0
        while not enough.is_set() and time.monotonic() < deadline:
            key, n = f"c{c}-w{n}", n + 1
            body = entry_body(project_id, key, n)
            answer, seen = client.keyed_post(server.url, "/time-entries", body, key, deadline)
            with lock:
                bodies[key] = body
                statuses.update(seen)
                if answer is not None and answer.status == 201:
                    first[key] = answer
        client.close()

    threads = [threading.Thread(target=write, args=(c,), daemon=True) for c in range(clients)]
    for thread in threads:
        thread.start()
    try:
        while report.kills < kills and time.monotonic() < deadline:
            after_commit = report.kills % 2 == 0
            server.kill()
            server.env.pop(KILL_AFTER_COMMIT, None)
            if after_commit:
                server.env[KILL_AFTER_COMMIT] = str(rng.randint(1, 6))
            server.start_healthy(may_die=after_commit)
            if after_commit:
                if not server.wait_dead(max(deadline - time.monotonic(), 1.0)):
                    break
                report.kills_after_commit += 1
            else:
                time.sleep(rng.uniform(0.2, 1.2))
                server.kill()
                report.kills_at_random += 1
            report.kills += 1
        server.kill()
        server.env.pop(KILL_AFTER_COMMIT, None)
        server.start_healthy()
        time.sleep(1.0)  # the clients finish the writes they were retrying
        enough.set()
        for thread in threads:
            thread.join(60)
        _verify(report, server, workspace, first, bodies, deadline, late_retry_seconds)
    finally:
        enough.set()
        server.stop()
        setup.close()
    report.statuses = {str(status): count for status, count in sorted(statuses.items())}
    return report


def _verify(
    report: CrashReport,
    server: Server,
    workspace: dict[str, Any],
    first: dict[str, Answer],
    bodies: dict[str, dict[str, Any]],
    deadline: float,
    late_retry_seconds: float,
) -> None:
    """Retry every key (then again after `late_retry_seconds`), and count entries per key."""
    client = DrillClient(workspace)
    report.writes, report.acknowledged = len(bodies), len(first)
    report.unanswered = len(set(bodies) - set(first))
    rounds = [0.0] + ([late_retry_seconds] if late_retry_seconds else [])
    for wait in rounds:
        time.sleep(wait)
        report.late_retry_after_seconds = wait
        for key, answer in first.items():
            again, _ = client.keyed_post(server.url, "/time-entries", bodies[key], key, deadline + 120)
            same = (
                again is not None
                and again.replayed
                and (again.status, again.body, again.etag)
                == (
                    answer.status,
                    answer.body,
                    answer.etag,
                )
            )
            if same:
                report.replayed_identical += 1
            else:
                report.replayed_differing += 1
    entries = client.all_items(server.url, "/time-entries")
    counts = Counter(entry["description"] for entry in entries)
    report.lost = sum(1 for key in first if counts[key] == 0)
    report.duplicated = sum(1 for key in bodies if counts[key] > 1)
    client.close()
