"""Turning eligible time entries and expenses into invoice lines (SPEC §5). Pure functions.

Every line is keyed by what it describes *and* its price, so lines never mix prices. A time
line costs round2(Σ billed seconds × rate / 3600), rounded once; its quantity is
round4(Σ billed seconds / 3600) hours. Per-entry rounding changes billed seconds only.
"""

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal, Protocol, TypeVar
from uuid import UUID

from ledger.invoice import ItemType
from ledger.money import ZERO, cost_of_time, hours, line_amount, round_seconds
from ledger.workspace import Rounding

Grouping = Literal["single", "detailed", "grouped"]


@dataclass(frozen=True)
class TimeCandidate:
    id: UUID
    project_id: UUID
    project: str
    member_id: UUID
    user: str
    description: str
    start: datetime
    day: date
    seconds: int
    rate: Decimal


@dataclass(frozen=True)
class ExpenseCandidate:
    id: UUID
    category_id: UUID
    category: str
    project_id: UUID
    project: str
    member_id: UUID
    user: str
    note: str
    date: date
    unit: str | None
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal


TimeField = Literal["project", "user", "date", "description"]
ExpenseField = Literal["category", "project", "user", "date", "note"]


class GroupingOptions(Protocol):
    """How candidates become lines: the import command's `time` or `expenses` options."""

    @property
    def grouping(self) -> Grouping: ...
    @property
    def group_by(self) -> str: ...
    @property
    def then_by(self) -> str | None: ...
    @property
    def detail_fields(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class DraftLine:
    """A line to be: the invoice gives it an id and a position."""

    item_type: ItemType
    description: str
    quantity: Decimal
    unit: str | None
    unit_price: Decimal
    amount: Decimal
    time_entry_ids: tuple[UUID, ...] = ()
    expense_ids: tuple[UUID, ...] = ()
    raw_seconds: int | None = None
    billed_seconds: int | None = None
    first_day: date | None = None
    last_day: date | None = None


Candidate = TypeVar("Candidate", TimeCandidate, ExpenseCandidate)
# What a line's price is keyed and ordered by: (unit, unit price).
Price = tuple[str, Decimal]
# A field of a candidate as (what tells groups apart, what the line says).
Dimension = Callable[[Candidate], tuple[Hashable, str]]


def _time_dimension(field: str) -> Dimension[TimeCandidate]:
    return {
        "project": lambda e: (e.project_id, e.project),
        "user": lambda e: (e.member_id, e.user),
        "date": lambda e: (e.day, e.day.isoformat()),
        "description": lambda e: (e.description, e.description),
    }[field]


def _expense_dimension(field: str) -> Dimension[ExpenseCandidate]:
    return {
        "category": lambda e: (e.category_id, e.category),
        "project": lambda e: (e.project_id, e.project),
        "user": lambda e: (e.member_id, e.user),
        "date": lambda e: (e.date, e.date.isoformat()),
        "note": lambda e: (e.note, e.note),
    }[field]


def _group(
    candidates: Sequence[Candidate],
    options: GroupingOptions,
    dimension: Callable[[str], Dimension[Candidate]],
    single_label: str,
    price_key: Callable[[Candidate], Price],
) -> list[tuple[str, list[Candidate]]]:
    """Candidates grouped as `options` say, each group with the description of its line."""
    if options.grouping == "detailed":
        names = list(options.detail_fields)
    elif options.grouping == "grouped":
        names = [options.group_by, *([options.then_by] if options.then_by else [])]
    else:
        names = []
    fields = [dimension(name) for name in names]
    if options.grouping == "detailed":
        return [(" - ".join(part for _, part in (f(c) for f in fields) if part), [c]) for c in candidates]
    groups: dict[Hashable, tuple[str, list[Candidate]]] = {}
    for candidate in candidates:
        keys_and_labels: list[tuple[Hashable, str]] = [f(candidate) for f in fields]
        key = (*(k for k, _ in keys_and_labels), price_key(candidate))
        # Like detailed lines, an empty part (a blank note or description) adds no dangling " - ".
        label = " - ".join(part for _, part in keys_and_labels if part) or single_label
        groups.setdefault(key, (label, []))[1].append(candidate)
    return sorted(groups.values(), key=lambda group: (group[0], price_key(group[1][0])))


def group_time(
    entries: Sequence[TimeCandidate], options: GroupingOptions, rounding: Rounding | None
) -> list[DraftLine]:
    """Lines billing `entries`; with `rounding`, each entry's duration is rounded on its own."""

    def billed(entry: TimeCandidate) -> int:
        if rounding is None:
            return entry.seconds
        return round_seconds(entry.seconds, rounding.minutes, rounding.mode.value)

    ordered = sorted(entries, key=lambda e: (e.start, str(e.id)))
    lines = []
    for description, group in _group(ordered, options, _time_dimension, "Time", lambda e: ("h", e.rate)):
        rate = group[0].rate
        billed_seconds = sum(billed(e) for e in group)
        lines.append(
            DraftLine(
                item_type=ItemType.SERVICE,
                description=description,
                quantity=hours(billed_seconds),
                unit="h",
                unit_price=rate,
                amount=cost_of_time(billed_seconds, rate),
                time_entry_ids=tuple(e.id for e in group),
                first_day=min(e.day for e in group),
                last_day=max(e.day for e in group),
                raw_seconds=sum(e.seconds for e in group),
                billed_seconds=billed_seconds,
            )
        )
    return lines


def group_expenses(expenses: Sequence[ExpenseCandidate], options: GroupingOptions) -> list[DraftLine]:
    """Lines billing `expenses`: priced per unit, or unit-less amounts merged as quantity 1."""

    def price_key(expense: ExpenseCandidate) -> Price:
        # Unit-less expenses all merge: their price is their amount, summed on one line.
        return (expense.unit, expense.unit_price) if expense.unit is not None else ("", ZERO)

    ordered = sorted(expenses, key=lambda e: (e.date, str(e.id)))
    lines = []
    for description, group in _group(ordered, options, _expense_dimension, "Expenses", price_key):
        unit = group[0].unit
        if unit is None:
            total = sum((e.amount for e in group), ZERO)
            quantity, unit_price, amount = Decimal(1), total, total
        else:
            quantity = sum((e.quantity for e in group), ZERO)
            unit_price = group[0].unit_price
            amount = line_amount(quantity, unit_price)
        lines.append(
            DraftLine(
                item_type=ItemType.PRODUCT,
                description=description,
                quantity=quantity,
                unit=unit,
                unit_price=unit_price,
                amount=amount,
                expense_ids=tuple(e.id for e in group),
                first_day=min(e.date for e in group),
                last_day=max(e.date for e in group),
            )
        )
    return lines
