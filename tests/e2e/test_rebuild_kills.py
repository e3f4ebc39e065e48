"""A rebuild killed at ten points and resumed each time ends with the tables of a clean rebuild."""

import pytest

from drills import rebuild
from drills.processes import ledger_env
from ledger.config import Settings

pytestmark = pytest.mark.slow


@pytest.mark.timeout(400)
def test_a_rebuild_killed_ten_times_ends_with_clean_tables_each_event_applied_once(
    settings: Settings,
) -> None:
    env = ledger_env(settings.database_url, settings.database_schema)

    report = rebuild.run(settings, env, entries=600, kills=10, batch=40)

    assert report.kills == 10
    assert len(set(report.kill_positions)) >= 5
    assert report.tables_equal and report.applied_once
