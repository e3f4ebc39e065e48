"""Deterministic datasets: fixed ids (uuid5 of a label), fixed patterns, no randomness left unseeded.

Workspaces, clients and invoices are made by the product's own use cases (their ids are the
product's); every time entry and expense has an id derived from its label and number, and the
same content for the same number.
"""

from dataclasses import asdict
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

import product
from product import Ledger, Workspace

NAMESPACE = uuid5(NAMESPACE_URL, "https://ledger.invalid/ops/bench")
CHUNK = 5000


def ids(label: str, count: int) -> list[UUID]:
    """`count` fixed ids for `label`: the same label and number give the same id on every run."""
    return [uuid5(NAMESPACE, f"{label}:{n}") for n in range(count)]


def seeded_workspace(ledger: Ledger, label: str, entries: int, expenses: int) -> Workspace:
    """A workspace with `entries` billable hours and `expenses` receipts in October, all uninvoiced."""
    ws = product.new_workspace(ledger, label)
    entry_ids, expense_ids = ids(f"{label}:entry", entries), ids(f"{label}:expense", expenses)
    for first in range(0, entries, CHUNK):
        product.record(ledger, product.time_entries(ws, entry_ids[first : first + CHUNK], first))
    for first in range(0, expenses, CHUNK):
        product.record(ledger, product.expenses(ws, expense_ids[first : first + CHUNK], first))
    return ws


def to_json(ws: Workspace) -> dict[str, Any]:
    return asdict(ws)


def from_json(data: dict[str, Any]) -> Workspace:
    return Workspace(**data)
