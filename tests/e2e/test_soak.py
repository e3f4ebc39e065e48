"""A short soak of the multi-process topology on PostgreSQL: no 5xx, failover of both jobs,
`ledger check` clean, every e-mail delivered once or cancelled."""

from pathlib import Path

import pytest

from drills import soak
from drills.processes import ledger_env
from ledger.config import Settings

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.mark.timeout(400)
def test_two_api_processes_and_failing_over_workers_answer_no_5xx_leave_a_clean_ledger_and_lose_no_email(
    settings: Settings, tmp_path: Path
) -> None:
    if not settings.is_postgres:
        pytest.skip("several processes share PostgreSQL (SQLite serves one process)")
    env = ledger_env(settings.database_url, settings.database_schema)

    report = soak.run(env, tmp_path, clients=16, seconds=20)

    assert report.requests > 100
    assert (report.server_errors, report.no_answer) == (0, 0), report.statuses
    assert report.check_exit == 0, report.check_output
    assert report.emails_queued > 0
    assert report.emails_accounted, (report.emails_queued, report.emails_delivered, report.emails_cancelled)
    assert report.eml_files == report.emails_delivered
