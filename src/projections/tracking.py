"""Where each read model stands: one row per (model, generation), one generation live.

A batch's row changes and its tracking update commit in one transaction, and the update only
moves the position it read (`WHERE position = old`): a replayed or concurrently applied batch
changes nothing. Positions are notification ids; gaps in them (PostgreSQL) are harmless.

Each generation also records the version of the model's code that built it (`rm_schema`): a
generation older than the code (columns missing, rows of another shape) is rebuilt, and an
unfinished rebuild of another version is started afresh rather than resumed.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from projections.readmodel import ReadModel
from projections.store import ReadStore, Transaction

TRACKING = """CREATE TABLE IF NOT EXISTS rm_tracking (
    name TEXT NOT NULL, generation INTEGER NOT NULL, position BIGINT NOT NULL, live INTEGER NOT NULL,
    events BIGINT NOT NULL, rate BIGINT NOT NULL, updated_at TEXT NOT NULL,
    PRIMARY KEY (name, generation))"""
SCHEMA = """CREATE TABLE IF NOT EXISTS rm_schema (
    name TEXT NOT NULL, generation INTEGER NOT NULL, version INTEGER NOT NULL,
    PRIMARY KEY (name, generation))"""
# Generations built before versions were recorded (the first release) were built by version 1.
UNVERSIONED = 1


@dataclass(frozen=True)
class Generation:
    """One set of a model's tables and how far they are."""

    name: str
    generation: int
    position: int
    live: bool
    events: int = 0
    rate: int = 0
    version: int = UNVERSIONED
    updated_at: str = ""  # when its position last moved (ISO, UTC)


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _record_version(tx: Transaction, model: ReadModel, generation: int) -> None:
    tx.execute(
        "INSERT INTO rm_schema VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        (model.name, generation, model.version),
    )


def _forget(tx: Transaction, model: ReadModel, generation: int) -> None:
    """Remove a generation's tracking and version rows (its tables are dropped separately)."""
    for table in ("rm_tracking", "rm_schema"):
        tx.execute(f"DELETE FROM {table} WHERE name = ? AND generation = ?", (model.name, generation))


def install(store: ReadStore, model: ReadModel) -> None:
    """Create the tracking tables and the model's first generation, if missing."""
    with store.transaction() as tx:
        tx.execute(TRACKING)
        tx.execute(SCHEMA)
        if not tx.query("SELECT 1 FROM rm_tracking WHERE name = ?", (model.name,)):
            for statement in model.create_statements(1):
                tx.execute(statement)
            tx.execute(
                "INSERT INTO rm_tracking VALUES (?, 1, 0, 1, 0, 0, ?) ON CONFLICT DO NOTHING",
                (model.name, _now()),
            )
            _record_version(tx, model, 1)


def generations(store: ReadStore, name: str) -> list[Generation]:
    rows = store.query(
        "SELECT t.name, t.generation, t.position, t.live, t.events, t.rate, v.version, t.updated_at "
        "FROM rm_tracking t "
        "LEFT JOIN rm_schema v ON v.name = t.name AND v.generation = t.generation "
        "WHERE t.name = ? ORDER BY t.generation",
        (name,),
    )
    return [Generation(r[0], r[1], r[2], bool(r[3]), r[4], r[5], r[6] or UNVERSIONED, r[7]) for r in rows]


def live(store: ReadStore, name: str) -> Generation:
    return next(g for g in generations(store, name) if g.live)


def outdated(store: ReadStore, models: Sequence[ReadModel]) -> list[ReadModel]:
    """The models whose live generation was built by an older version of their code."""
    return [model for model in models if live(store, model.name).version < model.version]


def advance(tx: Transaction, g: Generation, new_position: int, events: int) -> bool:
    """Move `g` from its position to `new_position`; False if someone else moved it first.

    Called first in a batch's transaction: a competing applier waits here for the row, then
    finds it moved and gives up before doing any work.
    """
    moved = tx.execute(
        "UPDATE rm_tracking SET position = ?, events = events + ?, updated_at = ? "
        "WHERE name = ? AND generation = ? AND position = ? AND live = ?",
        (new_position, events, _now(), g.name, g.generation, g.position, g.live),
    )
    return moved == 1


def record_rate(tx: Transaction, g: Generation, rate: int) -> None:
    """How fast the latest batch went, in events per second, for `ledger projections status`."""
    tx.execute(
        "UPDATE rm_tracking SET rate = ? WHERE name = ? AND generation = ?", (rate, g.name, g.generation)
    )


def pending_generation(store: ReadStore, model: ReadModel) -> Generation:
    """The generation a rebuild fills: an unfinished one of this version (a rebuild was
    interrupted), or a new one."""
    with store.transaction() as tx:
        # Lock the model's live row first: concurrent rebuilds queue here, and the later ones find
        # the generation the first one created instead of racing to create tables.
        tx.execute(
            "UPDATE rm_tracking SET updated_at = updated_at WHERE name = ? AND live = 1", (model.name,)
        )
        rows = tx.query(
            "SELECT t.generation, t.position, t.events, v.version FROM rm_tracking t "
            "LEFT JOIN rm_schema v ON v.name = t.name AND v.generation = t.generation "
            "WHERE t.name = ? AND t.live = 0 ORDER BY t.generation DESC",
            (model.name,),
        )
        [(latest,)] = tx.query("SELECT MAX(generation) FROM rm_tracking WHERE name = ?", (model.name,))
        for number, position, events, version in rows:
            if (version or UNVERSIONED) == model.version:
                return Generation(model.name, number, position, False, events, version=model.version)
            # Left by a rebuild of another version: its tables have another shape.
            for statement in model.drop_statements(number):
                tx.execute(statement)
            _forget(tx, model, number)
        number = latest + 1
        for statement in model.create_statements(number):
            tx.execute(statement)
        tx.execute("INSERT INTO rm_tracking VALUES (?, ?, 0, 0, 0, 0, ?)", (model.name, number, _now()))
        _record_version(tx, model, number)
    return Generation(model.name, number, 0, False, version=model.version)


def swap_in(store: ReadStore, model: ReadModel, new: Generation) -> None:
    """Make `new` live, then drop the generation it replaces (unless another rebuild did so).

    Two transactions: a worker still applying a batch to the old tables holds the old tracking
    row; the first transaction waits for it, the worker's next batch finds the row gone, and
    only then are the old tables dropped.
    """
    with store.transaction() as tx:
        swapped = tx.query(
            "UPDATE rm_tracking SET live = 1 WHERE name = ? AND generation = ? AND live = 0 "
            "RETURNING generation",
            (model.name, new.generation),
        )
        if not swapped:
            return
        old = [
            number
            for (number,) in tx.query(
                "SELECT generation FROM rm_tracking WHERE name = ? AND live = 1 AND generation <> ?",
                (model.name, new.generation),
            )
        ]
        for number in old:
            _forget(tx, model, number)
    with store.transaction() as tx:
        for number in old:
            for statement in model.drop_statements(number):
                tx.execute(statement)
