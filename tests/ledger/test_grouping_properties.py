"""What users expect of any import, whatever they track and however they group it (SPEC §5).

Hypothesis draws entries and expenses over a few projects, members, rates and days, with every
grouping option and optional rounding. The expected values are computed here from first
principles (integer arithmetic for rounding, exact Decimal for money), not by the code under test.
"""

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, get_args
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.commands import ExpenseGrouping, TimeGrouping
from ledger.grouping import (
    DraftLine,
    ExpenseCandidate,
    ExpenseField,
    TimeCandidate,
    TimeField,
    group_expenses,
    group_time,
)
from ledger.money import round2, round4
from ledger.workspace import Rounding, RoundingMode
from support.world import named_id

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)
HALF_CENT = Decimal("0.005")
MAX_SECONDS = 7 * 24 * 3600
PROJECTS = ["Website", "App", "Support"]
MEMBERS = ["Alice", "Bob", "Chen"]
DAYS = [date(2026, 10, 5), date(2026, 10, 6), date(2026, 10, 7)]
RATES = [Decimal("100.00"), Decimal("87.33"), Decimal("120.50"), Decimal("0.00")]
DESCRIPTIONS = ["", "Design", "Build"]
NOTES = ["", "Taxi", "Hotel night"]
# (category, unit, unit price captured on the expense): one price changed between expenses.
CATEGORIES = [
    ("Mileage", "km", Decimal("0.30")),
    ("Mileage", "km", Decimal("0.35")),
    ("Lodging", "night", Decimal("89.90")),
    ("Travel", None, None),
    ("Meals", None, None),
]


Options = TimeGrouping | ExpenseGrouping


def options(command: type[Options], fields: Any) -> st.SearchStrategy[Options]:
    """Every grouping the command allows: its `group_by` choices, and `fields` to then-by and detail."""
    group_by = get_args(command.model_fields["group_by"].annotation)
    return st.builds(
        command,
        grouping=st.sampled_from(["single", "detailed", "grouped"]),
        group_by=st.sampled_from(group_by),
        then_by=st.none() | st.sampled_from(get_args(fields)),
        detail_fields=st.lists(st.sampled_from(get_args(fields)), min_size=1, unique=True),
    )


roundings = st.none() | st.builds(
    Rounding, minutes=st.sampled_from([1, 6, 15, 30, 60]), mode=st.sampled_from(list(RoundingMode))
)


@st.composite
def time_entries(draw: st.DrawFn) -> list[TimeCandidate]:
    entries = []
    for n in range(draw(st.integers(min_value=1, max_value=25))):
        project, member = draw(st.sampled_from(PROJECTS)), draw(st.sampled_from(MEMBERS))
        day = draw(st.sampled_from(DAYS))
        start = datetime.combine(day, time(0), tzinfo=UTC) + timedelta(seconds=draw(st.integers(0, 86399)))
        entries.append(
            TimeCandidate(
                id=UUID(int=n + 1),
                project_id=named_id("project", project),
                project=project,
                member_id=named_id("member", member),
                user=member,
                description=draw(st.sampled_from(DESCRIPTIONS)),
                start=start,
                day=day,
                seconds=draw(st.integers(min_value=1, max_value=MAX_SECONDS)),
                rate=draw(st.sampled_from(RATES)),
            )
        )
    return entries


@st.composite
def expenses(draw: st.DrawFn) -> list[ExpenseCandidate]:
    drawn = []
    for n in range(draw(st.integers(min_value=1, max_value=25))):
        category, unit, unit_price = draw(st.sampled_from(CATEGORIES))
        project, member = draw(st.sampled_from(PROJECTS)), draw(st.sampled_from(MEMBERS))
        if unit_price is not None:
            quantity = Decimal(draw(st.integers(min_value=1, max_value=10_000_000))).scaleb(-4)
            priced = (quantity, unit_price, round2(quantity * unit_price))
        else:
            amount = Decimal(draw(st.integers(-100_000, 10_000_000).filter(bool))).scaleb(-2)
            priced = (Decimal(1), amount, amount)
        drawn.append(
            ExpenseCandidate(
                id=UUID(int=n + 1),
                category_id=named_id("category", category),
                category=category,
                project_id=named_id("project", project),
                project=project,
                member_id=named_id("member", member),
                user=member,
                note=draw(st.sampled_from(NOTES)),
                date=draw(st.sampled_from(DAYS)),
                unit=unit,
                quantity=priced[0],
                unit_price=priced[1],
                amount=priced[2],
            )
        )
    return drawn


def billed_seconds(seconds: int, rounding: Rounding | None) -> int:
    """The reference rounding in integers: up is ceil, down is floor, nearest is half up."""
    if rounding is None:
        return seconds
    step = rounding.minutes * 60
    steps = {
        RoundingMode.UP: -(-seconds // step),
        RoundingMode.DOWN: seconds // step,
        RoundingMode.NEAREST: (2 * seconds + step) // (2 * step),
    }[rounding.mode]
    return steps * step


def assert_each_billed_exactly_once(lines: Sequence[DraftLine], ids: set[UUID]) -> None:
    billed = Counter(i for line in lines for i in (*line.time_entry_ids, *line.expense_ids))
    assert set(billed) == ids
    assert set(billed.values()) == {1}


def assert_sum_is_within_half_a_cent_per_line(lines: Sequence[DraftLine], exact_total: Decimal) -> None:
    assert abs(sum(line.amount for line in lines) - exact_total) <= HALF_CENT * len(lines)


@PROPERTY_SETTINGS
@given(entries=time_entries(), options=options(TimeGrouping, TimeField), rounding=roundings)
def test_every_import_of_time_bills_each_entry_once_at_its_own_rate_and_rounds_each_line_once(
    entries: list[TimeCandidate], options: TimeGrouping, rounding: Rounding | None
) -> None:
    """Whatever the grouping: each entry is billed on exactly one line, a line never mixes rates,
    it bills the raw seconds of its entries rounded one by one (never rewriting them), it costs
    exactly its billed hours at its rate rounded once to the cent, and so the invoice is within
    half a cent per line of the exact cost of the time."""
    lines = group_time(entries, options, rounding)

    assert_each_billed_exactly_once(lines, {entry.id for entry in entries})
    by_id = {entry.id: entry for entry in entries}
    for line in lines:
        billed = [by_id[i] for i in line.time_entry_ids]
        assert {entry.rate for entry in billed} == {line.unit_price}
        assert line.raw_seconds == sum(entry.seconds for entry in billed)
        assert line.billed_seconds == sum(billed_seconds(entry.seconds, rounding) for entry in billed)
        assert line.quantity == round4(Decimal(line.billed_seconds) / 3600)
        assert line.amount == round2(Decimal(line.billed_seconds) * line.unit_price / 3600)
        assert line.amount.as_tuple().exponent == -2
    exact = sum(
        (Decimal(billed_seconds(entry.seconds, rounding)) * entry.rate / 3600 for entry in entries),
        Decimal(0),
    )
    assert_sum_is_within_half_a_cent_per_line(lines, exact)
    if options.grouping == "detailed":
        assert len(lines) == len(entries)


@PROPERTY_SETTINGS
@given(drawn=expenses(), options=options(ExpenseGrouping, ExpenseField))
def test_every_import_of_expenses_bills_each_once_and_never_mixes_prices(
    drawn: list[ExpenseCandidate], options: ExpenseGrouping
) -> None:
    """Whatever the grouping: each expense is billed on exactly one line; a line priced per unit
    bills only expenses of that unit and captured price, its quantity their summed quantity and
    its amount that quantity at that price rounded once; unit-less expenses merge into quantity 1
    at their summed amount; so the invoice is within half a cent per line of the exact cost."""
    lines = group_expenses(drawn, options)

    assert_each_billed_exactly_once(lines, {expense.id for expense in drawn})
    by_id = {expense.id: expense for expense in drawn}
    for line in lines:
        billed = [by_id[i] for i in line.expense_ids]
        assert {expense.unit for expense in billed} == {line.unit}
        if line.unit is None:
            assert line.quantity == 1
            assert line.unit_price == line.amount == sum(expense.amount for expense in billed)
        else:
            assert {expense.unit_price for expense in billed} == {line.unit_price}
            assert line.quantity == sum(expense.quantity for expense in billed)
            assert line.amount == round2(line.quantity * line.unit_price)
        assert (line.raw_seconds, line.billed_seconds, line.time_entry_ids) == (None, None, ())
    exact = sum((e.quantity * e.unit_price if e.unit else e.amount for e in drawn), Decimal(0))
    assert_sum_is_within_half_a_cent_per_line(lines, exact)
    if options.grouping == "detailed":
        assert len(lines) == len(drawn)
