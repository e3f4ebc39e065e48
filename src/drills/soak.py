"""A soak of the multi-process topology: two API processes, projection workers, one PostgreSQL.

Two `ledger serve --no-projections --no-outbox` processes share the load of `clients` concurrent
clients (each an admin of one workspace with a key of its own), who log time and expenses, create
invoices, import, remove lines and imports, send, e-mail, credit, void and delete invoices, mark
entries by hand, and read reports, all at once on the same entries. Two `ledger projections run`
and two `ledger outbox run` workers run: one of each job is active (advisory locks), the other
stands by; half-way both active ones are SIGKILLed and the standbys must take over. Afterwards
`ledger check` must be clean, and every e-mail queued must have ended delivered (one `.eml` file
each) or cancelled (its invoice voided or deleted since). Figures: requests by status, 5xx (must
be 0), e-mails.
"""

import random
import subprocess
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

from drills.client import DrillClient, sign_up
from drills.processes import Process, Server, ledger_exe, worker

OCTOBER = {"date_from": "2026-10-01", "date_to": "2026-10-31"}


@dataclass
class SoakReport:
    clients: int = 0
    seconds: float = 0.0
    requests: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    server_errors: int = 0
    no_answer: int = 0
    no_answer_errors: dict[str, int] = field(default_factory=dict)
    slowest_seconds: float = 0.0
    slowest_request: str = ""
    workers_killed: int = 0
    check_exit: int | None = None
    check_output: str = ""
    emails_queued: int = 0
    emails_delivered: int = 0
    emails_cancelled: int = 0
    eml_files: int = 0

    @property
    def emails_accounted(self) -> bool:
        """Every e-mail queued ended delivered, once per file, or cancelled: none lost, none stuck."""
        delivered = self.emails_delivered == self.eml_files
        return delivered and self.emails_delivered + self.emails_cancelled == self.emails_queued

    @property
    def clean(self) -> bool:
        return self.server_errors == self.no_answer == 0 and self.check_exit == 0 and self.emails_accounted

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"clean": self.clean}


class Actor:
    """One client: its own key, its own memory of what it made, random operations."""

    def __init__(
        self, workspace: dict[str, Any], key: str, urls: list[str], setup: dict[str, Any], seed: int
    ):
        # A large import in a busy workspace may take longer than the drills' usual 15 s.
        self.client = DrillClient({"id": workspace["id"], "api_key": key}, timeout=120.0)
        self.urls, self.setup = urls, setup
        self.rng = random.Random(seed)
        self.entries: list[str] = []
        self.invoices: list[str] = []
        self.emails_queued = 0
        self.statuses: Counter[int] = Counter()
        self.errors: Counter[str] = Counter()
        self.slowest: tuple[float, str] = (0.0, "")

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response | None:
        started = time.monotonic()
        try:
            response = self.client.request(self.rng.choice(self.urls), method, path, **kwargs)
            elapsed = time.monotonic() - started
            if elapsed > self.slowest[0]:
                parts = path.split("/")
                self.slowest = (
                    elapsed,
                    f"{method} /{parts[1]}" + (f"/…/{parts[-1]}" if len(parts) > 3 else ""),
                )
        except httpx.TransportError as error:
            self.statuses[0] += 1
            self.errors[f"{method} {path.split('/')[1]}: {type(error).__name__}: {error}"[:160]] += 1
            return None
        self.statuses[response.status_code] += 1
        return response

    def step(self, n: int) -> None:
        rng, setup = self.rng, self.setup
        choice = rng.choices(
            [
                "log",
                "expense",
                "invoice",
                "import",
                "line",
                "unimport",
                "delete",
                "void",
                "email",
                "credit",
                "mark",
                "read",
            ],
            weights=[30, 8, 6, 10, 5, 4, 3, 3, 4, 2, 6, 25],
        )[0]
        if choice == "log":
            day, hour = rng.randint(1, 28), rng.randint(8, 17)
            body = {
                "project_id": rng.choice(setup["projects"]),
                "start": f"2026-10-{day:02d}T{hour:02d}:00:00+00:00",
                "end": f"2026-10-{day:02d}T{hour:02d}:45:00+00:00",
                "description": f"soak {n}",
            }
            response = self.call("POST", "/time-entries", json=body, headers={"Idempotency-Key": f"log-{n}"})
            if response is not None and response.status_code == 201:
                self.entries.append(response.json()["id"])
        elif choice == "expense":
            body = {
                "project_id": rng.choice(setup["projects"]),
                "category_id": setup["category"],
                "date": f"2026-10-{rng.randint(1, 28):02d}",
                "amount": f"{rng.randint(1, 90)}.50",
            }
            self.call("POST", "/expenses", json=body)
        elif choice == "invoice":
            response = self.call("POST", "/invoices", json={"client_id": setup["client"]})
            if response is not None and response.status_code == 201:
                self.invoices.append(response.json()["id"])
        elif self.invoices and choice in ("import", "line", "unimport", "delete", "void", "email", "credit"):
            self.on_invoice(choice, rng.choice(self.invoices))
        elif choice == "mark" and self.entries:
            ids = rng.sample(self.entries, min(len(self.entries), rng.randint(1, 4)))
            self.call("POST", "/time-entries/invoiced", json={"ids": ids, "invoiced": rng.random() < 0.5})
        else:
            path = rng.choice(["/reports/time-entries", "/invoices", "/reports/expenses", "/time-entries"])
            self.call("GET", path, params={"page_size": 20})

    def on_invoice(self, choice: str, invoice_id: str) -> None:
        base = f"/invoices/{invoice_id}"
        if choice == "import":
            self.call("POST", f"{base}/imports", json=OCTOBER)
        elif choice == "delete":
            self.call("DELETE", base)
        elif choice == "void":
            self.call("POST", f"{base}/send")
            self.call("POST", f"{base}/void", json={"reason": "soak"})
        elif choice == "email":
            response = self.call("POST", f"{base}/emails", json={"to": ["ap@globex.example"]})
            self.emails_queued += response is not None and response.status_code == 202
        elif choice == "credit":
            self.call("POST", f"{base}/credit-notes", json={"reason": "soak", "all": True})
        else:
            response = self.call("GET", base)
            items = response.json()["items"] if response is not None and response.status_code == 200 else []
            if items and choice == "line":
                self.call("DELETE", f"{base}/items/{self.rng.choice(items)['id']}")
            imports = {item["import_id"] for item in items if item.get("import_id")}
            if imports and choice == "unimport":
                self.call("DELETE", f"{base}/imports/{self.rng.choice(sorted(imports))}")


def _emails_settled(env: dict[str, str], workdir: Path, timeout: float = 120.0) -> tuple[int, int]:
    """Delivered and failed (here: cancelled) e-mails, once none is queued or sending any more."""
    deadline = time.monotonic() + timeout
    while True:
        status = subprocess.run(
            [ledger_exe(), "outbox", "status"],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        queued, sending, delivered, failed = (int(n) for n in status.stdout.splitlines()[1].split())
        if queued == sending == 0 or time.monotonic() > deadline:
            return delivered, failed
        time.sleep(1.0)


def run(
    env: dict[str, str], workdir: Path, clients: int = 16, seconds: float = 60.0, seed: int = 11
) -> SoakReport:
    """Soak the topology for `seconds` with `clients` clients; kill the active worker half-way."""
    report = SoakReport(clients=clients, seconds=seconds)
    apis = [Server.of(env, workdir, name=f"api{n}", projections=False, outbox=False) for n in range(2)]
    # Workers of each job in pairs, the active one of each first.
    workers: list[Process] = [
        worker(env, workdir, name=f"{job}{n}", job=job) for n in range(2) for job in ("projections", "outbox")
    ]
    try:
        for api in apis:
            api.start_healthy()
        for w in workers:
            w.start()
            time.sleep(1.0)  # the first one started takes the locks
        urls = [api.url for api in apis]
        workspace = sign_up(urls[0], "Soak")
        owner = DrillClient(workspace)
        client_id = owner.request(urls[0], "POST", "/clients", json={"name": "Globex"}).json()["id"]
        setup = {
            "client": client_id,
            "projects": [
                owner.request(
                    urls[0], "POST", "/projects", json={"name": f"P{n}", "client_id": client_id}
                ).json()["id"]
                for n in range(3)
            ],
            "category": owner.request(urls[0], "POST", "/expense-categories", json={"name": "Travel"}).json()[
                "id"
            ],
        }
        keys = [
            owner.request(
                urls[0],
                "POST",
                "/members",
                json={"name": f"Admin {n}", "email": f"a{n}@example.com", "role": "admin"},
            ).json()["api_key"]
            for n in range(clients)
        ]
        actors = [Actor(workspace, key, urls, setup, seed + n) for n, key in enumerate(keys)]
        stop = threading.Event()

        def soak(actor: Actor) -> None:
            n = 0
            while not stop.is_set():
                actor.step(n)
                n += 1

        threads = [threading.Thread(target=soak, args=(actor,), daemon=True) for actor in actors]
        for thread in threads:
            thread.start()
        time.sleep(seconds / 2)
        for active in workers[:2]:  # the active worker of each job: the standbys must take over
            active.kill()
        report.workers_killed = 2
        time.sleep(seconds / 2)
        stop.set()
        for thread in threads:
            thread.join(60)
        statuses: Counter[int] = Counter()
        errors: Counter[str] = Counter()
        for actor in actors:
            statuses += actor.statuses
            errors += actor.errors
            actor.client.close()
        # Everything written is projected (reads wait for it), then the invariants hold.
        owner.request(urls[0], "GET", "/reports/time-entries", params={"page_size": 1}).raise_for_status()
        owner.close()
        report.requests = sum(statuses.values())
        report.statuses = {str(s): c for s, c in sorted(statuses.items())}
        report.server_errors = sum(c for s, c in statuses.items() if s >= 500)
        report.no_answer = statuses[0]
        report.no_answer_errors = dict(errors)
        slowest = max(actor.slowest for actor in actors)
        report.slowest_seconds, report.slowest_request = round(slowest[0], 1), slowest[1]
        checked = subprocess.run(
            [ledger_exe(), "check"], cwd=workdir, env=env, capture_output=True, text=True, timeout=600
        )
        report.check_exit, report.check_output = checked.returncode, (checked.stdout + checked.stderr)[-2000:]
        report.emails_queued = sum(actor.emails_queued for actor in actors)
        report.emails_delivered, report.emails_cancelled = _emails_settled(env, workdir)
        report.eml_files = len(list((workdir / "outbox").glob("*.eml")))
    finally:
        for process in [*apis, *workers]:
            process.stop()
    return report
