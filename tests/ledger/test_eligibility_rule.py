"""One rule, one place: the side table's eligibility SQL is `ledger.billable.is_eligible`, on both backends.

An import asks the side table (`persistence.side_tables.ELIGIBLE`, in `persistence.index.
SELECT_ELIGIBLE`) for candidates, then asks each aggregate. If the SQL said less than the rule,
eligible entries would silently never be billed; so every combination of the flags the rule reads
is written to the side table and read back through the import's own query.
"""

from datetime import date
from itertools import product
from uuid import UUID, uuid4

import pytest

from ledger.application import Ledger
from ledger.billable import BillableKind, is_eligible
from ledger.persistence import IndexRows
from support.world import given_world

# In the order of the side table's columns (`side_tables.billable_row`).
FLAGS = ("billable", "approved", "invoiced", "deleted")
# Every combination of the flags the rule reads, with and without `invoice_approved_only`.
CASES = [dict(zip(FLAGS, flags, strict=True)) for flags in product([False, True], repeat=len(FLAGS))]
DAY = date(2026, 10, 5)


@pytest.mark.parametrize("kind", list(BillableKind), ids=lambda kind: kind.value)
@pytest.mark.parametrize("approved_only", [False, True], ids=["any", "approved-only"])
def test_the_side_tables_eligibility_sql_says_what_is_eligible_says(
    ledger: Ledger, kind: BillableKind, approved_only: bool
) -> None:
    world = given_world(ledger)
    workspace, project = world.owner.workspace_id, world.project(world.client())
    rows = {uuid4(): case for case in CASES}
    # Written as a save writes its side-table rows: in the recorder's transaction, with no events.
    billables = IndexRows(
        billables=[
            (str(i), kind.value, str(workspace), str(project), DAY.isoformat(), *(case[f] for f in FLAGS))
            for i, case in rows.items()
        ]
    )
    ledger.recorder.insert_events([], side_writers=[billables])

    found = ledger.index.eligible_ids(workspace, kind, [project], DAY, DAY, approved_only)

    expected = {i for i, case in rows.items() if is_eligible(**case, approved_only=approved_only)}
    assert set(found) == expected
    assert len(found) == len(expected) == (1 if approved_only else 2)


def test_the_table_of_cases_has_both_outcomes() -> None:
    """Billable, not invoiced, not deleted: eligible approved or not, unless only approved ones are."""
    eligible = {
        approved_only: [case for case in CASES if is_eligible(**case, approved_only=approved_only)]
        for approved_only in (False, True)
    }

    assert [case["approved"] for case in eligible[False]] == [False, True]
    assert [case["approved"] for case in eligible[True]] == [True]


def test_the_query_keeps_to_its_kind_project_workspace_and_days(ledger: Ledger) -> None:
    world, other = given_world(ledger), given_world(ledger)
    workspace, project = world.owner.workspace_id, world.project(world.client())
    elsewhere = other.project(other.client())
    eligible = (True, False, False, False)  # billable, not approved, not invoiced, not deleted
    rows: dict[str, tuple[str, UUID, UUID, date]] = {
        "this": ("time-entry", workspace, project, DAY),
        "other-kind": ("expense", workspace, project, DAY),
        "other-project": ("time-entry", workspace, world.project(None, "Internal"), DAY),
        "other-workspace": ("time-entry", other.owner.workspace_id, elsewhere, DAY),
        "day-before": ("time-entry", workspace, project, date(2026, 10, 4)),
        "day-after": ("time-entry", workspace, project, date(2026, 10, 6)),
    }
    ids = {name: uuid4() for name in rows}
    billables = IndexRows(
        billables=[
            (str(ids[name]), kind, str(ws), str(p), day.isoformat(), *eligible)
            for name, (kind, ws, p, day) in rows.items()
        ]
    )
    ledger.recorder.insert_events([], side_writers=[billables])

    found = ledger.index.eligible_ids(workspace, BillableKind.TIME_ENTRY, [project], DAY, DAY, False)

    assert found == [ids["this"]]
