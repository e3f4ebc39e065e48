"""Writing a batch of row changes: merged per row, then one `executemany` per table and shape.

Within a batch, an update of a row inserted earlier in the same batch folds into the insert
(a logged entry approved a moment later is written once, approved), and several updates of one
row fold into one. What is left touches each row once, so the order of rows no longer matters
and rows of the same shape go to the database in a single call — most of what makes a rebuild
fast.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from projections.readmodel import Change, Insert
from projections.store import Transaction

Row = dict[str, Any]


def merge(changes: Iterable[Change]) -> tuple[dict[tuple[str, Any], Row], dict[tuple[str, Any], Row]]:
    """The batch as (inserts, updates), each keyed by (table, row id), in first-seen order."""
    inserts: dict[tuple[str, Any], Row] = {}
    updates: dict[tuple[str, Any], Row] = {}
    for change in changes:
        key = (change.table, change.row_id)
        if isinstance(change, Insert):
            # A row inserted twice (a replay) keeps its first values, as ON CONFLICT DO NOTHING would.
            inserts.setdefault(key, dict(change.values))
        elif key in inserts:
            inserts[key].update(change.values)
        else:
            updates.setdefault(key, {}).update(change.values)
    return inserts, updates


def write(tx: Transaction, changes: Iterable[Change], tables: Mapping[str, str]) -> None:
    """Write `changes` through `tx`, with `tables` mapping logical to physical table names."""
    inserts, updates = merge(changes)
    by_shape: dict[tuple[str, str, tuple[str, ...]], list[list[Any]]] = {}
    for (table, _), row in inserts.items():
        by_shape.setdefault(("insert", table, tuple(row)), []).append(list(row.values()))
    for (table, row_id), row in updates.items():
        by_shape.setdefault(("update", table, tuple(row)), []).append([*row.values(), row_id])
    for (kind, table, columns), rows in by_shape.items():
        if kind == "insert":
            tx.insert_rows(tables[table], columns, rows)
        else:
            assignments = ", ".join(f"{column} = ?" for column in columns)
            tx.execute_many(f"UPDATE {tables[table]} SET {assignments} WHERE id = ?", rows)
