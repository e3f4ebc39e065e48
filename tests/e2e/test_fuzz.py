"""Schemathesis over the OpenAPI schema, every check on: no server error, no schema violation, and
no rejected valid request but those whose reasons are documented (drills/fuzz.py)."""

from pathlib import Path

import pytest

from drills import fuzz
from drills.processes import ledger_env

pytestmark = pytest.mark.slow


@pytest.mark.timeout(600)
def test_the_fuzzer_finds_no_server_error_no_schema_violation_and_nothing_unexplained(tmp_path: Path) -> None:
    env = ledger_env(f"sqlite:///{tmp_path / 'ledger.db'}")

    report = fuzz.run(env, tmp_path, examples=3, phases="examples,coverage,fuzzing")

    assert report.cases > 1000
    assert (report.server_errors, report.schema_violations) == (0, 0)
    assert {code for code in report.failures} <= {"ST202"}
    assert report.unexplained == []
