"""Schemathesis over the OpenAPI schema of a real `ledger serve`, every check on.

The run is classified from schemathesis' NDJSON report: server errors and response-schema
violations must be 0, and so must every other failure except "schema-valid request rejected"
(ST202) answers whose reason the schema cannot say, each counted under its documented reason:
- the fuzzer reuses one Idempotency-Key value for different bodies (422 by SPEC §10);
- a body names an id that does not exist in the workspace (a lookup, not a shape);
- a code that must exist in a registry (IANA time zone, ISO 4217 currency, ISO 3166 country,
  e-mail domain);
- a rule across fields (date_to before date_from, as_of with version, a unit without its price,
  a credit note with neither lines nor `all`);
- a logo whose bytes are not the PNG or SVG its content type says (the schema names the type only);
- an If-Match header outside its declared pattern (`0`, `null`, `{}`): schemathesis' coverage
  phase sends such placeholder header values as "valid" whatever the pattern says;
- an If-Match naming a version the resource is not at: 412 by SPEC §10;
- an integer written as `714.0`: JSON Schema counts it an integer, the strict API wants `714`.
"""

import base64
import json
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from drills.client import sign_up
from drills.processes import Server

# Schemathesis' failure codes (`st explain`): 5xx, and responses that break the schema.
SERVER_ERRORS = ("ST101", "ST102")
SCHEMA_VIOLATIONS = ("ST103", "ST104", "ST105", "ST106", "ST107", "ST108", "ST109", "ST110", "ST111")
REASONS = {
    "idempotency key reused by the fuzzer": ("idempotency-key-reused",),
    "an id that does not exist": ("no such ",),
    "a code checked against its registry": ("IANA time zone", "ISO 4217", "ISO 3166", "e-mail address"),
    "a rule across fields": (
        "must not be before",
        "include time",
        "give as_of or version",
        "required when",
        "give the lines to credit, or all",
    ),
    "a logo that is not the image its content type says": ("/problems/invalid-image",),
    "an If-Match outside its declared pattern, sent as valid": (
        '"header.If-Match":"String should match pattern',
    ),
    "an If-Match naming another version (412)": ("/problems/precondition-failed",),
    "an integer written with a fraction (714.0)": ("Input should be a valid integer",),
}


@dataclass
class FuzzReport:
    cases: int = 0
    seconds: float = 0.0
    failures: dict[str, int] = field(default_factory=dict)
    server_errors: int = 0
    schema_violations: int = 0
    documented_rejections: dict[str, int] = field(default_factory=dict)
    unexplained: list[str] = field(default_factory=list)
    tool_errors: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        others = {code: n for code, n in self.failures.items() if code != "ST202"}
        return not others and not self.unexplained

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"clean": self.clean}


def run(
    env: dict[str, str], workdir: Path, examples: int = 20, phases: str = "examples,coverage,fuzzing,stateful"
) -> FuzzReport:
    """Fuzz a fresh server on `env`'s database; the classified figures."""
    server = Server.of(env | {"LEDGER_RATE_LIMIT": "", "LEDGER_SIGNUP_RATE_LIMIT": ""}, workdir, name="fuzz")
    server.start_healthy()
    started = time.monotonic()
    try:
        workspace = sign_up(server.url)
        (workdir / "schemathesis.toml").write_text(
            f'headers = {{ "X-Api-Key" = "{workspace["api_key"]}" }}\n'
            f'[parameters]\n"workspace_id" = "{workspace["id"]}"\n'
        )
        reports = workdir / "fuzz-report"
        done = subprocess.run(
            [
                str(Path(sys.executable).with_name("schemathesis")),
                "run",
                f"{server.url}/openapi.json",
                "--checks",
                "all",
                "--max-examples",
                str(examples),
                "--phases",
                phases,
                "--workers",
                "1",
                "--continue-on-failure",
                "--seed",
                "20261203",
                "--report",
                "ndjson",
                "--report-dir",
                str(reports),
            ],
            cwd=workdir,
            capture_output=True,
            text=True,
            timeout=3600,
        )
        (workdir / "fuzz.log").write_text(done.stdout + done.stderr)
        report = classify(next(reports.glob("*.ndjson")))
        cases = [line for line in done.stdout.splitlines() if " generated" in line]
        report.cases = int(cases[-1].split()[0]) if cases else 0
    finally:
        server.stop()
    report.seconds = round(time.monotonic() - started, 1)
    return report


def classify(ndjson: Path) -> FuzzReport:
    report = FuzzReport()
    failures: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    for line in ndjson.read_text().splitlines():
        event = json.loads(line)
        if "NonFatalError" in event:
            value = event["NonFatalError"]["value"]
            report.tool_errors.append(
                f"{event['NonFatalError']['label']}: {value['type']}: {value['message'][:120]}"
            )
        recorder = event.get("ScenarioFinished", {}).get("recorder", {})
        interactions = recorder.get("interactions", {})
        for case_id, checks in recorder.get("checks", {}).items():
            for check in checks:
                info = check.get("failure_info")
                if not info:
                    continue
                code = info.get("failure", {}).get("code") or _code(check)
                failures[code] += 1
                if code == "ST202":
                    reason = _reason(interactions.get(case_id) or {})
                    if reason is None:
                        report.unexplained.append(
                            f"{recorder['label']}: {_body(interactions.get(case_id) or {})[:200]}"
                        )
                    else:
                        reasons[reason] += 1
    report.failures = dict(failures)
    report.server_errors = sum(n for code, n in failures.items() if code in SERVER_ERRORS)
    report.schema_violations = sum(n for code, n in failures.items() if code in SCHEMA_VIOLATIONS)
    report.documented_rejections = dict(reasons)
    return report


def _code(check: dict[str, Any]) -> str:
    text = json.dumps(check)
    start = text.find('"code": "ST')
    return text[start + 9 : start + 14] if start >= 0 else "unknown"


def _body(interaction: dict[str, Any]) -> str:
    response = interaction.get("response") or {}
    body = response.get("content") or response.get("body") or ""
    if isinstance(body, dict) and "$base64" in body:
        return base64.b64decode(body["$base64"]).decode(errors="replace")
    return str(body)


def _reason(interaction: dict[str, Any]) -> str | None:
    body = _body(interaction)
    for reason, marks in REASONS.items():
        if any(mark in body for mark in marks):
            return reason
    return None
