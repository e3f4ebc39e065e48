"""SIGKILLs of a real `ledger serve` during keyed writes, right after commits and at random."""

from pathlib import Path

import pytest

from drills import crashes
from drills.processes import ledger_env
from ledger.config import Settings

pytestmark = pytest.mark.slow


@pytest.mark.timeout(300)
def test_killed_servers_lose_nothing_acknowledged_write_nothing_twice_and_replay_first_answers(
    settings: Settings, tmp_path: Path
) -> None:
    env = ledger_env(settings.database_url, settings.database_schema)
    backend = "postgres" if settings.is_postgres else "sqlite"

    report = crashes.run(backend, env, tmp_path, kills=4, clients=3, seconds=240)

    assert report.kills == 4 and report.kills_after_commit == 2
    assert report.acknowledged == report.writes > 0
    assert (report.lost, report.duplicated, report.replayed_differing) == (0, 0, 0)
    assert report.replayed_identical == report.acknowledged
