"""Reading a detailed report the way the read-model tests do: catch up first, then query."""

from typing import Any

from projections import ReadModels, ReportFilters
from support.world import World


def report(
    kind: str, read_models: ReadModels, world: World, page: int = 1, page_size: int = 50, **filters: Any
) -> Any:
    """One page of the "time" or "expense" report of `world`'s workspace, read models caught up."""
    read_models.catch_up()
    query = read_models.time_report if kind == "time" else read_models.expense_report
    return query(world.owner.workspace_id, ReportFilters(**filters), page, page_size)


def only_row(kind: str, read_models: ReadModels, world: World) -> dict[str, Any]:
    [row] = report(kind, read_models, world)["items"]
    return row  # type: ignore[no-any-return]
