"""Reading a detailed report the way the read-model tests do: catch up first, then query."""

from typing import Any

from projections import ReadModels, ReportFilters
from support.world import World


def report(
    kind: str,
    read_models: ReadModels,
    world: World,
    page: int = 1,
    page_size: int = 50,
    timezone: str | None = None,
    **filters: Any,
) -> Any:
    """One page of the "time" or "expense" report of `world`'s workspace, read models caught up;
    times in the workspace's zone unless `timezone` is given."""
    read_models.catch_up()
    queries = read_models.time_report if kind == "time" else read_models.expense_report
    zone = timezone or world.ledger.get_workspace(world.owner).timezone
    return queries.page(world.owner.workspace_id, ReportFilters(**filters), page, page_size, zone)


def only_row(kind: str, read_models: ReadModels, world: World) -> Any:
    """The one row of the report; it fails when there are more or none."""
    [row] = report(kind, read_models, world).items
    return row


def csv_text(kind: str, read_models: ReadModels, world: World, **filters: Any) -> str:
    """The CSV of the "time" or "expense" report, read models caught up."""
    read_models.catch_up()
    queries = read_models.time_report if kind == "time" else read_models.expense_report
    zone = world.ledger.get_workspace(world.owner).timezone
    return queries.csv(world.owner.workspace_id, ReportFilters(**filters), zone)
