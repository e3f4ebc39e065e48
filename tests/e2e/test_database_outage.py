"""PostgreSQL restarted under load: 503 with Retry-After while it is away, success after, nothing lost."""

from pathlib import Path

import pytest

from drills import outage
from drills.postgres import local_postgres

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.mark.timeout(300)
def test_a_restarted_database_is_503_while_away_and_the_api_recovers_without_a_restart(
    tmp_path: Path,
) -> None:
    with local_postgres() as pg:
        report = outage.run(pg, tmp_path, restarts=2, clients=3, pause=1.5, seconds=200)

    assert report.restarts == 2
    assert (report.server_errors, report.no_answer, report.unavailable_without_retry_after) == (0, 0, 0)
    assert report.acknowledged == report.writes > 0
    assert (report.lost, report.duplicated, report.api_restarts) == (0, 0, 0)
    assert len(report.recovery_seconds) == 2
